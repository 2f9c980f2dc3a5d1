package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/replica"
	"github.com/newsarchive/newsarchive/internal/testmain"
)

func replicaConfig(t *testing.T, sites *replica.Sites) (cfg, db string) {
	t.Helper()
	dir := t.TempDir()
	cfg = filepath.Join(dir, "sites.yaml")
	if err := os.WriteFile(cfg, sites.ConfigYAML(), 0o644); err != nil {
		t.Fatal(err)
	}
	return cfg, filepath.Join(dir, "a.db")
}

// TestCrawl_SurvivesKills kills crawls with SIGKILL at random moments (start-up, discovery,
// fetching, commits) 20 times: after every kill the database must open and verify, and a last
// crawl must archive every article of the replica exactly once.
func TestCrawl_SurvivesKills(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("kills 20 crawls")
	}
	testmain.WithoutRace(t, "kills 20 crawls")
	// 40 articles: every crawl lasts over 6 s (the replica's slow page times out three times),
	// so each kill lands on a running crawl, and the first ones land on fetches and commits.
	// 30 ms of latency a response: a crawl's CPU is spent at the pace of its requests, and a
	// killed crawl costs less of it than at 10 ms (about 1.5 s over the 20) for the same
	// moments, and kills still land on commits (seen: the archive grew at kills 1, 3, 4 and 13
	// of 20; at 10 ms at kills 1, 3 and 4).
	sites := replica.Start(replica.Options{Articles: 40, Delay: 30 * time.Millisecond})
	defer sites.Close()
	cfg, db := replicaConfig(t, sites)
	rng := rand.New(rand.NewPCG(1, 2))
	kills := 0
	for i := range 20 {
		cmd := exec.Command(binary, "--config", cfg, "--db", db, "--quiet", "--lock-timeout", "5s", "crawl")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(20+rng.IntN(900)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		// Signal succeeds on a process that has exited but not been waited for: only the exit
		// status tells a crawl the kill stopped from one that had finished.
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			kills++
		}
		// The verify after each kill runs the binary too: what it checks is the database the
		// killed process left, and 20 runs under the race detector cost more than the crawls
		// (the final verify below runs in-process).
		if out, stderr, code := runBinary(t, "--db", db, "verify"); code != 0 && !(code == exitFailure && strings.Contains(stderr, "no database")) {
			t.Fatalf("verify after kill %d: exit %d %s %s", i, code, out, stderr)
		}
	}
	t.Logf("%d crawls killed", kills)
	if kills < 20 {
		t.Errorf("only %d of 20 crawls were still running when killed", kills)
	}
	// The last crawl has no kill to wait for: no latency, no slow page (which archives nothing).
	// It runs the binary like the killed ones: it finishes their job on the database they left,
	// and a crawl of 40 articles under the race detector costs 5 to 6 s of CPU.
	sites.SetDelay(0)
	final := writeConfig(t, withoutSlowPage(t, sites.ConfigYAML()))
	out, stderr, code := runBinary(t, "--config", final, "--db", db, "--quiet", "crawl")
	if code != 0 {
		t.Fatalf("crawl after the kills: exit %d\n%s\n%s", code, out, stderr)
	}
	recs := readJSONL(t, db)
	for _, a := range sites.Articles(1) {
		r, ok := recs[a.URL]
		if !ok || r.Versions != 1 || r.Text != a.Text {
			t.Errorf("%s: archived %v, %d versions", a.URL, ok, r.Versions)
		}
	}
	if _, stderr, code := runBinary(t, "--db", db, "verify"); code != 0 {
		t.Errorf("final verify: %s", stderr)
	}
}

// TestCrawl_Overlapping starts two crawls and an export together: one crawl runs, the other
// waits its lock timeout and exits with the locked code, the export reads; nothing is corrupted.
func TestCrawl_Overlapping(t *testing.T) {
	t.Parallel()
	// The crawls are processes of their own (the lock between processes is the point); the
	// export's own concurrency is under the detector in TestWARC_ExportImport and the export
	// package's tests.
	testmain.WithoutRace(t, "crawls in processes of their own")
	// The running crawl outlasts the other's 1 s lock timeout: the slow page alone holds it
	// over 6 s, whatever the number of articles (the fewest the replica has).
	sites := replica.Start(replica.Options{Articles: replica.MinArticles, Delay: 20 * time.Millisecond})
	defer sites.Close()
	cfg, db := replicaConfig(t, sites)
	// An archive to export from while the crawls start (set-up: the binary crawls it).
	if _, stderr, code := runBinary(t, "--config", cfg, "--db", db, "--quiet", "crawl", "--site", replica.SiteLegacy); code != 0 {
		t.Fatalf("seed crawl: %s", stderr)
	}
	type result struct {
		code   int
		stderr string
	}
	var wg sync.WaitGroup
	results := make([]result, 3)
	args := [][]string{
		{"--config", cfg, "--db", db, "--quiet", "--lock-timeout", "1s", "crawl"},
		{"--config", cfg, "--db", db, "--quiet", "--lock-timeout", "1s", "crawl"},
		{"--db", db, "--lock-timeout", "30s", "export", "--format", "jsonl", "--out", filepath.Join(t.TempDir(), "x.jsonl")},
	}
	// The crawls are processes of their own, as two crawls that cron starts are: the run lock
	// is between processes. The export, a reader while one of them writes, runs in-process.
	for i, a := range args {
		run := runBinary
		if i == 2 {
			run = func(t *testing.T, args ...string) (string, string, int) { return runCLI(t, nil, args...) }
		}
		wg.Go(func() {
			_, stderr, code := run(t, a...)
			results[i] = result{code, stderr}
		})
	}
	wg.Wait()
	codes := []int{results[0].code, results[1].code}
	if !(codes[0] == 0 && codes[1] == exitLocked || codes[0] == exitLocked && codes[1] == 0) {
		t.Errorf("crawl exit codes %v, want one 0 and one %d: %q %q", codes, exitLocked, results[0].stderr, results[1].stderr)
	}
	if results[2].code != 0 {
		t.Errorf("export during the crawl: exit %d %s", results[2].code, results[2].stderr)
	}
	if _, stderr, code := runBinary(t, "--db", db, "verify"); code != 0 {
		t.Errorf("verify: %s", stderr)
	}
}

// TestArchive_BoundariesAndSecrets runs the archive command as an attacker's server would like
// it to run: a URL with a password, redirects to other addresses of the machine in several
// spellings. The canary server behind the redirects must receive nothing, and no export may hold
// the password or a credential header.
func TestArchive_BoundariesAndSecrets(t *testing.T) {
	t.Parallel()
	var canaryHits atomic.Int64
	canary := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		canaryHits.Add(1)
		w.Write([]byte("<html><body><p>nội bộ</p></body></html>"))
	}))
	defer canary.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(canary.URL, "http://"))
	page, err := os.ReadFile(replicaDir + "baodongkhoi-001.html")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/a.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "tok-3141"})
		w.Write(page)
	})
	for p, to := range map[string]string{
		"/port.html": canary.URL + "/x", "/hex.html": "http://0x7f.1:" + port + "/x",
		"/dec.html": "http://2130706433:" + port + "/x", "/lo2.html": "http://127.0.0.2:" + port + "/x",
		"/localhost.html": "http://localhost:" + port + "/x",
	} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusFound) })
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "a.db")
	secretURL := strings.Replace(srv.URL, "http://", "http://reader:hunter2@", 1) + "/a.html"
	args := []string{"--db", db, "archive", secretURL}
	// Each redirecting page on a server of its own: `archive` spaces requests to one host by 1 s,
	// which is not what this test is about.
	for _, p := range []string{"/port.html", "/hex.html", "/dec.html", "/lo2.html", "/localhost.html"} {
		own := httptest.NewServer(mux)
		defer own.Close()
		args = append(args, own.URL+p)
	}
	out, stderr, code := runCLI(t, nil, args...)
	if code != exitPartial {
		t.Errorf("archive: exit %d, want %d\n%s\n%s", code, exitPartial, out, stderr)
	}
	if n := canaryHits.Load(); n != 0 {
		t.Errorf("the canary behind the redirects received %d requests\n%s", n, out)
	}
	dir := t.TempDir()
	for _, a := range [][]string{
		{"export", "--format", "warc", "--out", filepath.Join(dir, "warc")},
		{"export", "--format", "jsonl", "--out", filepath.Join(dir, "x.jsonl")},
		{"export", "--format", "text", "--out", filepath.Join(dir, "text")},
	} {
		if _, stderr, code := runCLI(t, nil, append([]string{"--db", db}, a...)...); code != 0 {
			t.Fatalf("%v: exit %d %s", a, code, stderr)
		}
	}
	files := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(p, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if b, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		for _, secret := range []string{"hunter2", "reader:", "Authorization", "tok-3141", "nội bộ"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %q", filepath.Base(p), secret)
			}
		}
		return nil
	})
	if files < 3 {
		t.Errorf("only %d export files", files)
	}
	if _, stderr, code := runCLI(t, nil, "--db", db, "show", srv.URL+"/a.html"); code != 0 {
		t.Errorf("the article with a password in its URL was not archived under the clean URL: %s", stderr)
	}
}

// TestBackup_OntoItselfRefused: backup onto the database or its lock, by any name, exits 1 with
// one line saying so, and the archive still verifies with its pages.
func TestBackup_OntoItselfRefused(t *testing.T) {
	t.Parallel()
	rs := newReplicaServer(t)
	db := filepath.Join(t.TempDir(), "a.db")
	if _, stderr, code := runCLI(t, nil, "--db", db, "archive", rs.URL+"/hoi-nghi-19042021-a80176.html"); code != 0 {
		t.Fatalf("archive: %s", stderr)
	}
	link, hard := filepath.Join(filepath.Dir(db), "link.db"), filepath.Join(filepath.Dir(db), "hard.db")
	os.Symlink(db, link)
	os.Link(db, hard)
	for _, target := range []string{db, db + ".lock", link, hard} {
		for _, args := range [][]string{{"backup", target}, {"backup", "--compact", target}} {
			_, stderr, code := runCLI(t, nil, append([]string{"--db", db}, args...)...)
			if code != exitFailure || !strings.Contains(stderr, "over the database itself") {
				t.Errorf("%v: exit %d %q", args, code, stderr)
			}
		}
	}
	if _, stderr, code := runCLI(t, nil, "--db", db, "verify"); code != 0 {
		t.Fatalf("verify after the refused backups: %s", stderr)
	}
	if recs := readJSONL(t, db); len(recs) != 1 {
		t.Errorf("%d pages after the refused backups, want 1", len(recs))
	}
}

// smallDisk mounts a tmpfs of the given size (as root), or skips the test where mounting is not
// permitted.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (needs root): %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// TestFullDisk_ExitsNonZero: a crawl whose database fills its disk, and exports whose output
// fills theirs, exit 1 with one line saying what, instead of 0 with a truncated result.
func TestFullDisk_ExitsNonZero(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("crawls a replica onto a full disk")
	}
	// The default 12 articles make an archive of well over 128 KB and exports of 90 KB and more:
	// both disks below fill long before the end. The crawl onto a roomy disk is the shared
	// golden one (generation 1); the crawl onto the full disk fetches generation 2, as large.
	g, cfg, good := goldenArchive(t)
	if g.code != 0 {
		t.Fatalf("crawl onto a roomy disk: exit %d %s", g.code, g.stderr)
	}

	full := filepath.Join(smallDisk(t, "128k"), "a.db")
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg = writeConfig(t, withoutSlowPage(t, b)) // the crawl need not wait on the slow page
	// The crawl is a process of its own: its exit code is what the test checks, and under the
	// race detector it cost 5 s of CPU (the exports below run in-process).
	out, stderr, code := runBinary(t, "--config", cfg, "--db", full, "--quiet", "crawl")
	if code != exitFailure || !strings.Contains(stderr, "could not be stored") {
		t.Errorf("crawl onto a full disk: exit %d, want %d\n%s\n%s", code, exitFailure, out, stderr)
	}
	t.Logf("full-disk crawl: exit %d: %s", code, lastLine(stderr))

	disk := smallDisk(t, "64k")
	for _, format := range []string{"jsonl", "text", "warc"} {
		dest := filepath.Join(disk, format)
		_, stderr, code := runCLI(t, nil, "--db", good, "export", "--format", format, "--out", dest)
		if code != exitFailure {
			t.Errorf("export --format %s onto a full disk: exit %d, want %d: %s", format, code, exitFailure, stderr)
		}
		t.Logf("full-disk export %s: exit %d: %s", format, code, lastLine(stderr))
		os.RemoveAll(dest)
		os.Remove(dest + ".tmp")
	}
}

// TestCrawl_StopsOnAFullDisk: a crawl whose archive's disk fills stops fetching at the first batch
// it cannot store, says so, and exits 1, instead of asking the sites for every page only to drop
// it.
func TestCrawl_StopsOnAFullDisk(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("crawls a replica onto a full disk")
	}
	// The crawl is a process of its own (its exit code is the point): under the detector only
	// the harness would be watched.
	testmain.WithoutRace(t, "crawls in a process of its own")
	full := filepath.Join(smallDisk(t, "64k"), "a.db")
	// 150 newspaper articles at 30 ms a response, four at a time: over a second of fetching,
	// while the first batch is stored within half a second of the first page.
	sites := replica.Start(replica.Options{Articles: 150, Delay: 30 * time.Millisecond})
	defer sites.Close()
	cfg := writeConfig(t, withoutSlowPage(t, sites.ConfigYAML()))
	out, stderr, code := runBinary(t, "--config", cfg, "--db", full, "--quiet", "crawl")
	if code != exitFailure || !strings.Contains(stderr, "disk is full") || !strings.Contains(stderr, "the crawl stopped") {
		t.Errorf("crawl onto a full disk: exit %d, want %d and a line saying the disk is full\n%s\n%s", code, exitFailure, out, stderr)
	}
	articles := map[string]bool{}
	for _, a := range sites.Articles(1) {
		if u, err := url.Parse(a.URL); err == nil {
			articles[u.Path] = true
		}
	}
	fetched := 0
	for _, r := range sites.Requests() {
		if articles[r.Path] {
			fetched++
		}
	}
	t.Logf("%d of %d articles requested: %s", fetched, len(articles), lastLine(stderr))
	if fetched > len(articles)*3/4 {
		t.Errorf("%d of the %d articles were requested: the crawl went on after the disk filled", fetched, len(articles))
	}
}

// runBinary runs the built binary, without the race detector, in a process of its own and
// returns stdout, stderr and the exit code; a binary that could not run is exit code -1 with the
// error in stderr. It may be called from any goroutine.
func runBinary(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return out.String(), errb.String(), ee.ExitCode()
	case err != nil:
		return out.String(), fmt.Sprintf("%v: %v", args, err), -1
	}
	return out.String(), errb.String(), 0
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
