package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfig_CheckAndShow(t *testing.T) {
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
