package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfig_CheckAndShow(t *testing.T) {
	t.Parallel()
	out, stderr, code := runCLI(t, nil, "config", "check")
	if code != 0 || !strings.Contains(out, "ok") {
		t.Fatalf("built-in config: exit %d %s %s", code, out, stderr)
	}
	out, _, code = runCLI(t, nil, "config", "show")
	if code != 0 || !strings.Contains(out, "baodongkhoi") || !strings.Contains(out, "dongkhoi.baovinhlong.vn") {
		t.Fatalf("show: exit %d\n%.300s", code, out)
	}
	// What show prints is a valid config file.
	shown := filepath.Join(t.TempDir(), "shown.yaml")
	os.WriteFile(shown, []byte(out), 0o644)
	if _, stderr, code := runCLI(t, nil, "config", "check", shown); code != 0 {
		t.Errorf("config show output does not check: %s", stderr)
	}

	bad := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(bad, []byte("user_agent: test\nsites:\n  - name: a\n    start_urls: [\"https://a.vn/\"]\n    delay: fast\n"), 0o644)
	_, stderr, code = runCLI(t, nil, "config", "check", bad)
	if code != exitConfig || !strings.Contains(stderr, bad+":5: sites[0].delay:") {
		t.Errorf("bad config: exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = runCLI(t, nil, "--config", bad, "archive", "https://a.vn/x")
	if code != exitConfig {
		t.Errorf("archive with a bad config: exit %d, stderr %q", code, stderr)
	}
}

// A writer run with another configuration than the archive's last crawl says so in one line;
// NEWSARCHIVE_CONFIG names the configuration like --config.
func TestConfig_IdentityWarning(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	cfg := filepath.Join(dir, "sites.yaml")
	if err := os.WriteFile(cfg, []byte("user_agent: \"t/1 (+https://example.invalid)\"\nsites:\n  - name: x\n    start_urls: [\"http://127.0.0.1:1/\"]\n    retries: 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NEWSARCHIVE_CONFIG", cfg)
	runCLI(t, nil, "--db", db, "--quiet", "crawl")
	_, stderr, _ := runCLI(t, nil, "--db", db, "reparse")
	if strings.Contains(stderr, "last crawled with") {
		t.Errorf("same configuration through NEWSARCHIVE_CONFIG warned: %s", stderr)
	}
	t.Setenv("NEWSARCHIVE_CONFIG", "")
	_, stderr, _ = runCLI(t, nil, "--db", db, "reparse")
	if strings.Count(stderr, "last crawled with the configuration "+cfg) != 1 {
		t.Errorf("another configuration: want one warning line, got %q", stderr)
	}
}
