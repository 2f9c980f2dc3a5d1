package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/replica"
	"github.com/newsarchive/newsarchive/internal/search"
	"github.com/newsarchive/newsarchive/internal/testmain"
)

// startServe runs `newsarchive serve` on a free loopback port and returns its base URL; the
// process is interrupted at cleanup and must exit 0.
func startServe(t *testing.T, db string, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("serve printed nothing: %s", stderr.String())
	}
	m := regexp.MustCompile(`on (http://127\.0\.0\.1:\d+)/`).FindStringSubmatch(lines.Text())
	if m == nil {
		t.Fatalf("serve said %q", lines.Text())
	}
	go io.Copy(io.Discard, stdout)
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		if err := cmd.Wait(); err != nil {
			t.Errorf("serve exited with %v: %s", err, stderr.String())
		}
	})
	return m[1]
}

type searchAnswer struct {
	Total   int
	Results []struct{ URL, Title string }
}

func apiGet(base, path string, v any) (int, error) {
	resp, err := http.Get(base + path)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			return resp.StatusCode, err
		}
	}
	return resp.StatusCode, nil
}

// A crawl runs while serve serves: both succeed, requests keep being answered during the crawl,
// and the new articles become searchable without restarting serve.
func TestServe_WhileCrawling(t *testing.T) {
	t.Parallel()
	// Serve and the crawl are processes of their own (two processes sharing the database is the
	// point); the server's own concurrency is internal/web's tests', under the detector.
	testmain.WithoutRace(t, "serves and crawls in processes of their own")
	// The default 12 articles: the crawl of generation 2 still lasts over 6 s (the replica's
	// slow page times out three times), all of it with the clients reading. The crawl of
	// generation 1 is the shared golden one; the sites serve generation 2 from then on.
	g, cfg, db := goldenArchive(t)
	sites := g.sites
	if g.code != 0 && g.code != exitPartial {
		t.Fatalf("crawl: exit %d\n%s\n%s", g.code, g.out, g.stderr)
	}
	// The crawl is a process of its own beside serve's, as it is when an archive is served: two
	// processes share the database. Under the race detector it cost 1.5 to 2 s of CPU; the
	// crawler's in-process runs are other tests' (TestCrawl_EndToEnd's of the same generation;
	// the crawler package's own tests time out on slow pages under the detector).
	crawl := func() {
		t.Helper()
		if out, stderr, code := runBinary(t, "--config", cfg, "--db", db, "--quiet", "crawl"); code != 0 && code != exitPartial {
			t.Fatalf("crawl: exit %d\n%s\n%s", code, out, stderr)
		}
	}
	base := startServe(t, db, "--refresh", "200ms")
	first := sites.Articles(1)[0]
	var before searchAnswer
	if code, err := apiGet(base, "/api/search?"+url.Values{"q": {search.Fold(first.Title)}}.Encode(), &before); code != 200 || err != nil || len(before.Results) == 0 || before.Results[0].URL != first.URL {
		t.Fatalf("search before the crawl: %d %v %+v", code, err, before)
	}

	// Generation 2 is crawled while three clients keep reading.
	done := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var served int
	var failures []string
	for _, path := range []string{"/", "/api/search?q=ben+tre", "/api/page?" + url.Values{"url": {first.URL}}.Encode()} {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				code, err := apiGet(base, path, nil)
				mu.Lock()
				served++
				if code != 200 || err != nil {
					failures = append(failures, fmt.Sprintf("%s: %d %v", path, code, err))
				}
				mu.Unlock()
				// A reader's pace, not a tight loop: over a hundred requests over the crawl, without
				// spending the machine's CPU (the race detector's above all) on thousands.
				select {
				case <-done:
					return
				case <-time.After(50 * time.Millisecond):
				}
			}
		})
	}
	crawl()
	close(done)
	wg.Wait()
	if len(failures) > 0 {
		t.Errorf("%d of %d requests failed during the crawl: %q", len(failures), served, failures[:min(5, len(failures))])
	}
	t.Logf("%d requests answered during the crawl", served)

	// The new articles become searchable by the periodic catch-up.
	var fresh replica.Article
	for _, a := range sites.Articles(2) {
		if a.New {
			fresh = a
			break
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		var got searchAnswer
		code, err := apiGet(base, "/api/search?"+url.Values{"q": {search.Fold(fresh.Title)}, "limit": {"3"}}.Encode(), &got)
		if code == 200 && err == nil && len(got.Results) > 0 && got.Results[0].URL == fresh.URL {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("new article %s not found 30 s after the crawl: %d %v %+v", fresh.URL, code, err, got)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestServe_RefusesOtherAddressesWithoutToken(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "none.db")
	_, stderr, code := runCLI(t, nil, "--db", db, "serve", "--addr", "0.0.0.0:0")
	if code != exitUsage || !strings.Contains(stderr, "--token") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	_, stderr, code = runCLI(t, nil, "--db", db, "serve")
	if code != exitFailure || !strings.Contains(stderr, "no database") {
		t.Errorf("no archive: exit %d: %s", code, stderr)
	}
}

func TestIndex_Rebuild(t *testing.T) {
	t.Parallel()
	// An archive of the replica's generation 1: the shared golden one.
	g, _, db := goldenArchive(t)
	if g.code != 0 && g.code != exitPartial {
		t.Fatalf("crawl: %s", g.stderr)
	}
	n := len(g.sites.Articles(1))
	want := fmt.Sprintf("%d versions indexed", n)
	for _, args := range [][]string{{"index"}, {"index", "--rebuild"}} {
		out, stderr, code := runCLI(t, nil, append([]string{"--db", db}, args...)...)
		if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, fmt.Sprintf("holds %d versions", n)) {
			t.Errorf("%v: exit %d, %q, want %q\n%s", args, code, out, want, stderr)
		}
	}
	// Caught up: nothing to do.
	if out, _, _ := runCLI(t, nil, "--db", db, "index"); !strings.Contains(out, " 0 versions indexed") {
		t.Errorf("second index run: %q", out)
	}
	if _, err := os.Stat(search.Dir(db)); err != nil {
		t.Errorf("no index beside the database: %v", err)
	}
}
