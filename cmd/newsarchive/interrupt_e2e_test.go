package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/replica"
	"github.com/newsarchive/newsarchive/internal/testmain"
)

// TestCrawl_InterruptAndResume stops a crawl with SIGINT and SIGTERM half way: it must store what
// it fetched and exit 130 within seconds, leave a database that verifies, and a following crawl
// must finish the job with every article archived once.
func TestCrawl_InterruptAndResume(t *testing.T) {
	t.Parallel()
	// Every crawl here is a process of its own (the signals are the point): under the detector
	// only the harness would be watched, at 4 s of CPU.
	testmain.WithoutRace(t, "signals crawl processes")
	// 60 articles: each interrupted crawl is signalled after 20 more, so a partial crawl is
	// certain and the resumed one still has part of the site to do.
	sites := replica.Start(replica.Options{Articles: 60, Delay: 100 * time.Millisecond})
	defer sites.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "sites.yaml")
	if err := os.WriteFile(cfg, sites.ConfigYAML(), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "a.db")
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		cmd := exec.Command(binary, "--config", cfg, "--db", db, "--quiet", "crawl")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Signal once the crawl is well into the articles: an event, not a guess of how long a
		// loaded machine takes to get there.
		before := articleRequests(sites)
		for deadline := time.Now().Add(60 * time.Second); articleRequests(sites) < before+20 && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
		sent := time.Now()
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != exitInterrupted {
			t.Fatalf("after %v: %v, want exit %d", sig, err, exitInterrupted)
		}
		if took := time.Since(sent); took > 5*time.Second {
			t.Errorf("took %v to stop after %v", took, sig)
		}
		if _, stderr, code := runBinary(t, "--db", db, "verify"); code != 0 {
			t.Fatalf("verify after %v: %s", sig, stderr)
		}
	}
	stored := len(readJSONL(t, db))
	want := sites.Articles(1)
	if stored == 0 || stored >= len(want) {
		t.Fatalf("interrupted crawls stored %d of %d articles; the test wants a partial crawl", stored, len(want))
	}
	t.Logf("interrupted crawls stored %d of %d articles", stored, len(want))

	// The resumed crawl has no signal to wait for: no latency, no slow page (which archives
	// nothing).
	sites.SetDelay(0)
	resume := filepath.Join(dir, "resume.yaml")
	if err := os.WriteFile(resume, withoutSlowPage(t, sites.ConfigYAML()), 0o644); err != nil {
		t.Fatal(err)
	}
	// The binary resumes, like the crawls it follows: under the race detector this crawl cost 4 s
	// of CPU, and what the test checks is what it stores.
	out, stderr, code := runBinary(t, "--config", resume, "--db", db, "--quiet", "crawl")
	if code != 0 {
		t.Fatalf("resumed crawl: exit %d\n%s\n%s", code, out, stderr)
	}
	recs := readJSONL(t, db)
	for _, a := range want {
		r, ok := recs[a.URL]
		if !ok || r.Versions != 1 || r.Text != a.Text {
			t.Errorf("%s: archived %v with %d versions after the resumed crawl", a.URL, ok, r.Versions)
		}
	}
}

// articleRequests counts the article pages the replica sites have answered.
func articleRequests(sites *replica.Sites) int {
	n := 0
	for _, r := range sites.Requests() {
		if r.Status == 200 && strings.HasSuffix(r.Path, ".html") && strings.Contains(r.Path, "-a") {
			n++
		}
	}
	return n
}
