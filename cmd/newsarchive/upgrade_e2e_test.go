package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fixtureSchema4 is an archive written by newsarchive at commit c6b7659 (schema 4: records keyed
// by URL), with what that build's export and history printed from it.
const fixtureSchema4 = "../../archive/testdata/schema4/"

// copyFixture copies the fixture's database and segment directory into dir.
func copyFixture(t *testing.T, dir string) string {
	t.Helper()
	err := filepath.WalkDir(fixtureSchema4, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(fixtureSchema4, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "schema4.db")
}

// An archive written by an older build reads as that build read it, before and after `upgrade`,
// which moves every page to page-number keys, verifies, and has nothing left to do when run again.
func TestUpgrade_OlderArchive(t *testing.T) {
	t.Parallel()
	db := copyFixture(t, t.TempDir())
	golden := func(name string) string {
		b, err := os.ReadFile(filepath.Join(fixtureSchema4, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	reads := func(when string) {
		t.Helper()
		out, stderr, code := runCLI(t, nil, "--db", db, "export", "--format", "jsonl", "--all-versions", "--out", "-")
		if code != 0 || out != golden("export-all-versions.jsonl") {
			t.Errorf("%s: export differs from the older build's (exit %d): %s", when, code, stderr)
		}
		for _, h := range []struct{ url, file string }{
			{"https://dongkhoi.example.vn/bai-a1.html", "history-bai-a1.txt"},
			{"https://baodongkhoi.vn/bai-00004.html", "history-bai-00004.txt"},
		} {
			out, stderr, code := runCLI(t, nil, "--db", db, "history", h.url)
			if code != 0 || out != golden(h.file) {
				t.Errorf("%s: history of %s differs from the older build's (exit %d): %s\n%s", when, h.url, code, stderr, out)
			}
		}
	}
	reads("before upgrade")
	out, stderr, code := runCLI(t, nil, "--db", db, "upgrade")
	if code != 0 || !strings.Contains(out, "upgrade: 15 pages moved to page-number keys, 0 had them already") {
		t.Fatalf("upgrade (exit %d): %s%s", code, out, stderr)
	}
	// Pages numbered by the upgrade go straight into page records (schema 7).
	if !strings.Contains(out, "upgrade: 0 pages' records and 0 pages moved into page records, 15 had one already") {
		t.Errorf("upgrade (exit %d): %s%s", code, out, stderr)
	}
	reads("after upgrade")
	if _, stderr, code := runCLI(t, nil, "--db", db, "verify"); code != 0 {
		t.Errorf("verify after upgrade (exit %d): %s", code, stderr)
	}
	out, _, code = runCLI(t, nil, "--db", db, "stats")
	if code != 0 || !regexp.MustCompile(`per page; .*; [0-9.]+× the bodies gzipped one by one \(gzip -6, estimated from [0-9]+ of them\)`).MatchString(out) {
		t.Errorf("stats after upgrade (exit %d): %s", code, out)
	}
	out, _, code = runCLI(t, nil, "--db", db, "upgrade")
	if code != 0 || !strings.Contains(out, "upgrade: 0 pages moved to page-number keys, 15 had them already") ||
		!strings.Contains(out, "upgrade: 0 pages' records and 0 pages moved into page records, 15 had one already") {
		t.Errorf("second upgrade (exit %d): %s", code, out)
	}
}
