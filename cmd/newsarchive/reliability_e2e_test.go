package main

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/replica"
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
	sites := replica.Start(replica.Options{Articles: 150, Delay: 10 * time.Millisecond})
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
		if err := cmd.Process.Signal(syscall.SIGKILL); err == nil {
			kills++
		}
		cmd.Wait()
		if out, stderr, code := runCLI(t, nil, "--db", db, "verify"); code != 0 && !(code == exitFailure && strings.Contains(stderr, "no database")) {
			t.Fatalf("verify after kill %d: exit %d %s %s", i, code, out, stderr)
		}
	}
	t.Logf("%d crawls killed", kills)
	if kills < 20 {
		t.Errorf("only %d of 20 crawls were still running when killed", kills)
	}
	out, stderr, code := runCLI(t, nil, "--config", cfg, "--db", db, "--quiet", "crawl")
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
	if _, stderr, code := runCLI(t, nil, "--db", db, "verify"); code != 0 {
		t.Errorf("final verify: %s", stderr)
	}
}

// TestCrawl_Overlapping starts two crawls and an export together: one crawl runs, the other
// waits its lock timeout and exits with the locked code, the export reads; nothing is corrupted.
func TestCrawl_Overlapping(t *testing.T) {
	t.Parallel()
	sites := replica.Start(replica.Options{Articles: 60, Delay: 20 * time.Millisecond})
	defer sites.Close()
	cfg, db := replicaConfig(t, sites)
	// An archive to export from while the crawls start.
	if _, stderr, code := runCLI(t, nil, "--config", cfg, "--db", db, "--quiet", "crawl", "--site", replica.SiteLegacy); code != 0 {
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
	for i, a := range args {
		wg.Go(func() {
			_, stderr, code := runCLI(t, nil, a...)
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
	if _, stderr, code := runCLI(t, nil, "--db", db, "verify"); code != 0 {
		t.Errorf("verify: %s", stderr)
	}
}
