package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// status reads the runs crawls record: a dead site's failures in a row, in text and JSON.
func TestStatus_DeadSite(t *testing.T) {
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
	if !strings.Contains(out, "2 failed crawls in a row") || !strings.Contains(out, "last success    never") {
		t.Errorf("status text:\n%s", out)
	}
}

// A --site the configuration does not name is an error, not a silent no-op; completion offers the
// configured names.
func TestSiteFlag_Checked(t *testing.T) {
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
