package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/archive/warc"
)

// TestWARC_ExportImport crawls the replica twice (the second time after changes, so there are
// 304s and repeated bodies), exports WARC with its CDXJ index, and imports the WARC into a fresh
// archive: every article comes back with the same text. gowarc's validator accepts every file.
func TestWARC_ExportImport(t *testing.T) {
	t.Parallel()
	// The first crawl is the shared golden one; the sites now serve generation 2.
	g, cfg, db := goldenArchive(t)
	sites := g.sites
	if g.code != 0 && g.code != exitPartial {
		t.Fatalf("crawl: %s", g.stderr)
	}
	// The full crawl leaves out the slow page (no capture either way): it need not wait on it.
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg = writeConfig(t, withoutSlowPage(t, b))
	// The binary crawls: the crawl is the test's set-up (the export and import are what it tests,
	// and run in-process), and under the race detector it cost 2 s of CPU.
	if _, stderr, code := runBinary(t, "--config", cfg, "--db", db, "--quiet", "crawl", "--full"); code != 0 && code != exitPartial {
		t.Fatalf("crawl: %s", stderr)
	}

	dir := filepath.Join(t.TempDir(), "warc")
	_, exportLog, code := runCLI(t, nil, "--db", db, "export", "--format", "warc", "--out", dir)
	if code != 0 {
		t.Fatalf("export warc: %s", exportLog)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if len(files) == 0 {
		t.Fatal("no .warc.gz written")
	}
	// The export is valid to gowarc's strict validator (the library that wrote it), record by
	// record, digests included; nothing else is left in the directory (no .open file, no
	// temporary index run or digest file).
	gowarcMu.Lock() // gowarc's reader sets the uuid flag too (see gowarcMu)
	for _, f := range files {
		if _, err := warc.Validate(f); err != nil {
			t.Error(err)
		}
	}
	gowarcMu.Unlock()
	if all, _ := os.ReadDir(dir); len(all) != len(files)+1 {
		t.Errorf("export directory holds %d entries, want %d WARC files and the index", len(all), len(files))
	}
	cdxj, err := os.ReadFile(filepath.Join(dir, "index.cdxj"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(cdxj)), "\n")
	revisits := 0
	for _, l := range lines {
		parts := strings.SplitN(l, " ", 3)
		var fields map[string]string
		if len(parts) != 3 || len(parts[1]) != 14 || json.Unmarshal([]byte(parts[2]), &fields) != nil {
			t.Fatalf("bad CDXJ line %q", l)
		}
		for _, k := range []string{"url", "offset", "length", "filename"} {
			if fields[k] == "" {
				t.Errorf("CDXJ line lacks %s: %q", k, l)
			}
		}
		if fields["mime"] == "warc/revisit" {
			revisits++
		}
	}
	t.Logf("%d CDXJ lines, %d revisits, %d files", len(lines), revisits, len(files))
	// What export reports is what it wrote: captures (one CDXJ line each), not "articles".
	if want := fmt.Sprintf("exported captures=%d format=warc", len(lines)); !strings.Contains(exportLog, want) {
		t.Errorf("export said %q, want %q", exportLog, want)
	}
	if revisits == 0 {
		t.Error("no revisit records for the 304s of the full crawl")
	}

	// The binary imports: what the test checks of the import is the archive it makes (every
	// article's text, verify), and under the race detector it cost 3 to 4 s of CPU. The import
	// that runs in-process, under the detector, is TestHistory_EndToEnd's into archive B (new
	// pages and new versions of stored ones).
	fresh := filepath.Join(t.TempDir(), "imported.db")
	out, stderr, code := runBinary(t, append([]string{"--config", cfg, "--db", fresh, "import"}, files...)...)
	if code != 0 {
		t.Fatalf("import: exit %d %s %s", code, out, stderr)
	}
	orig, got := readJSONL(t, db), readJSONL(t, fresh)
	for _, a := range sites.Articles(2) {
		if a.Deleted {
			continue
		}
		if got[a.URL].Text != orig[a.URL].Text || got[a.URL].Text == "" {
			t.Errorf("%s: imported text differs", a.URL)
		}
	}
	if _, stderr, code := runBinary(t, "--db", fresh, "verify"); code != 0 {
		t.Errorf("verify imported: %s", stderr)
	}
}
