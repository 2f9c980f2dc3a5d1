package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// status reads the runs crawls record: a dead site's failures in a row, in text and JSON.
func TestStatus_DeadSite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db, cfg := filepath.Join(dir, "a.db"), filepath.Join(dir, "sites.yaml")
	if err := os.WriteFile(cfg, []byte("user_agent: \"t/1 (+https://example.invalid)\"\nsites:\n  - name: dead\n    start_urls: [\"http://127.0.0.1:1/\"]\n    retries: 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, _, code := runCLI(t, nil, "--config", cfg, "--db", db, "--quiet", "crawl"); code == 0 {
			t.Fatal("a crawl of a dead site exited 0")
		}
	}
	out, stderr, code := runCLI(t, nil, "--config", cfg, "--db", db, "status", "--format", "json")
	if code != 0 {
		t.Fatalf("status: exit %d %s", code, stderr)
	}
	var sts []struct {
		Site                string `json:"site"`
		ConsecutiveFailures int    `json:"consecutive_failures"`
		LastRun             struct {
			Outcome string `json:"outcome"`
		} `json:"last_run"`
	}
	if err := json.Unmarshal([]byte(out), &sts); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(sts) != 1 || sts[0].Site != "dead" || sts[0].ConsecutiveFailures != 2 || sts[0].LastRun.Outcome != "failed" {
		t.Errorf("status: %s", out)
	}
	out, _, _ = runCLI(t, nil, "--config", cfg, "--db", db, "status")
	t.Logf("newsarchive status after two failed crawls:\n%s", out)
	if !strings.Contains(out, "2 failed crawls in a row") || !strings.Contains(out, "last success    never") {
		t.Errorf("status text:\n%s", out)
	}
}

// A --site the configuration does not name is an error, not a silent no-op; completion offers the
// configured names.
func TestSiteFlag_Checked(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "a.db")
	_, stderr, code := runCLI(t, nil, "--db", db, "reparse", "--site", "nosuch")
	if code != exitUsage || !strings.Contains(stderr, `no site "nosuch"`) || !strings.Contains(stderr, "baodongkhoi") {
		t.Errorf("reparse --site nosuch: exit %d %q", code, stderr)
	}
	out, _, _ := runCLI(t, nil, "__complete", "reparse", "--site", "")
	if !strings.Contains(out, "baodongkhoi\n") {
		t.Errorf("completion of --site: %q", out)
	}
	out, _, _ = runCLI(t, nil, "__complete", "status", "--format", "")
	if !strings.Contains(out, "text\njson\n") {
		t.Errorf("completion of --format: %q", out)
	}
}

// Under --quiet a failure that repeats every run is told once a day, and a site down for fewer
// crawls in a row than alert_after neither prints nor fails the exit code.
func TestCrawl_QuietAboutRepeats(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><body><a href="/x-a1.html">x</a></body></html>`)
		default:
			http.Error(w, "broken", http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	db, cfg := filepath.Join(dir, "a.db"), filepath.Join(dir, "sites.yaml")
	yaml := fmt.Sprintf(`user_agent: "t/1 (+https://example.invalid)"
defaults: {delay: 0s, retries: 0, robots: false}
sites:
  - name: flaky
    start_urls: ["%[1]s/"]
    feeds: ["%[1]s/rss"]
  - name: dead
    start_urls: ["http://127.0.0.1:1/"]
    alert_after: 2
`, srv.URL)
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	crawl := func() (string, int) {
		out, _, code := runCLI(t, nil, "--config", cfg, "--db", db, "--quiet", "crawl")
		return out, code
	}
	out, code := crawl()
	t.Logf("first --quiet crawl, exit %d:\n%s", code, out)
	if code != 0 || !strings.HasPrefix(out, "flaky: ") || strings.Contains(out, "dead:") {
		t.Errorf("first crawl: exit %d, want 0 with only the flaky site's new failures:\n%s", code, out)
	}
	out, code = crawl()
	t.Logf("second --quiet crawl, exit %d:\n%s", code, out)
	if code == 0 || strings.Contains(out, "flaky:") || !strings.Contains(out, "dead: ") || !strings.Contains(out, "failed 2 crawls in a row") {
		t.Errorf("second crawl: exit %d, want an error for the dead site only:\n%s", code, out)
	}
}

// Under --log-format json every line a crawl prints, summaries and the final error included, is
// one JSON object; a failed site's line says the root cause in a few words.
func TestCrawl_JSONLines(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db, cfg := filepath.Join(dir, "a.db"), filepath.Join(dir, "sites.yaml")
	if err := os.WriteFile(cfg, []byte("user_agent: \"t/1 (+https://example.invalid)\"\nsites:\n  - name: dead\n    start_urls: [\"http://127.0.0.1:1/\"]\n    retries: 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runCLI(t, nil, "--config", cfg, "--db", db, "--log-format", "json", "crawl")
	if code != exitFailure {
		t.Errorf("exit %d, want %d", code, exitFailure)
	}
	var cause string
	for _, l := range strings.Split(strings.TrimSpace(out+"\n"+stderr), "\n") {
		if l == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Errorf("not JSON: %q", l)
		}
		if c, ok := rec["cause"].(string); ok {
			cause = c
		}
	}
	if cause != "127.0.0.1:1: connection refused" {
		t.Errorf("cause %q", cause)
	}
	out, _, _ = runCLI(t, nil, "--config", cfg, "--db", db, "crawl")
	if strings.TrimSpace(out) != "dead: failed: 127.0.0.1:1: connection refused (1 requests, 1 errors)" {
		t.Errorf("text line: %q", out)
	}
}
