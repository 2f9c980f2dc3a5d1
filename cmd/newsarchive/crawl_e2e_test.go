package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/internal/replica"
)

// crawlRecord is one line of the JSON Lines export.
type crawlRecord struct {
	URL, Site, Title, Published, Text, Status string
	Version, Versions                         int
}

// readJSONL exports the archive db as JSON Lines and returns its records by URL. It is how the
// end-to-end tests look into an archive, not what they test: the built binary exports, without
// the race detector (the exports under test run in-process).
func readJSONL(t *testing.T, db string) map[string]crawlRecord {
	t.Helper()
	out := filepath.Join(t.TempDir(), "x.jsonl")
	if _, stderr, code := runBinary(t, "--db", db, "export", "--format", "jsonl", "--out", out); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs := map[string]crawlRecord{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 4<<20)
	for sc.Scan() {
		var r crawlRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		recs[r.URL] = r
	}
	return recs
}

// TestCrawl_EndToEnd: a first crawl archives every article with the text expected of it and
// never asks for a disallowed path or a PDF; a default crawl of the second generation fetches
// exactly the new articles and the signalled correction, with fewer requests; a full crawl finds
// the silent edit and the deletion. The first crawl is the shared golden one.
func TestCrawl_EndToEnd(t *testing.T) {
	t.Parallel()
	g, _, db := goldenArchive(t)
	sites := g.sites
	if g.code != 0 && g.code != exitPartial {
		t.Fatalf("first crawl: exit %d\n%s\n%s", g.code, g.out, g.stderr)
	}
	// The crawls of generation 2 tell their requests from other tests' by their user agent. They
	// leave out the slow page, which archives nothing and held each of them 6 s on its timeouts;
	// the first crawl's requests are counted without it.
	tagged, tag := taggedConfig(t, filepath.Join(filepath.Dir(db), "sites.yaml"))
	b, err := os.ReadFile(tagged)
	if err != nil {
		t.Fatal(err)
	}
	cfg := writeConfig(t, withoutSlowPage(t, b))
	// The default crawl runs in-process, under the race detector; the full crawl runs the binary
	// (under the detector it cost 1.5 s of CPU): what the test checks of it is the archive.
	inProcess := func(args ...string) (string, string, int) { return runCLI(t, nil, args...) }
	bin := func(args ...string) (string, string, int) { return runBinary(t, args...) }
	crawl := func(run func(args ...string) (string, string, int), args ...string) string {
		t.Helper()
		out, stderr, code := run(append([]string{"--config", cfg, "--db", db, "--quiet", "crawl"}, args...)...)
		if code != 0 && code != exitPartial {
			t.Fatalf("crawl %v: exit %d\n%s\n%s", args, code, out, stderr)
		}
		return out
	}

	// Generation 1: every article archived with the text expected of it.
	firstRequests := 0
	for _, req := range g.gen1 {
		if req.Path != replica.SlowPath {
			firstRequests++
		}
	}
	recs := readJSONL(t, db)
	for _, a := range sites.Articles(1) {
		r, ok := recs[a.URL]
		if !ok {
			t.Errorf("%s: %s not archived", a.Site, a.URL)
			continue
		}
		if r.Title != a.Title || r.Published != a.Published || r.Site != a.Site {
			t.Errorf("%s: got %q %q %q, want %q %q %q", a.URL, r.Title, r.Published, r.Site, a.Title, a.Published, a.Site)
		}
		if r.Text != a.Text {
			t.Errorf("%s: text differs:\n got: %.300q\nwant: %.300q", a.URL, r.Text, a.Text)
		}
	}
	for _, req := range g.gen1 {
		if strings.HasPrefix(req.Path, "/admin/") || strings.HasPrefix(req.Path, "/tim-kiem/") {
			t.Errorf("requested a robots-disallowed path: %s %s", req.Server, req.Path)
		}
		if strings.HasSuffix(req.Path, ".pdf") {
			t.Errorf("requested a PDF: %s", req.Path)
		}
	}

	// Generation 2, default crawl: exactly the new articles and the signalled correction.
	out := crawl(inProcess)
	second := g.requests(tag)
	secondRequests := len(second)

	var wantNew, wantChanged int
	for _, a := range sites.Articles(2) {
		switch {
		case a.New:
			wantNew++
		case a.Changed:
			wantChanged++
		}
	}
	var gotNew, gotChanged int
	recs = readJSONL(t, db)
	for _, a := range sites.Articles(2) {
		r := recs[a.URL]
		switch {
		case a.New && r.Version == 1:
			gotNew++
		case a.Changed && r.Version == 2 && r.Text == a.Text:
			gotChanged++
		case a.Silent && r.Version != 1:
			t.Errorf("silent edit of %s caught by a default crawl", a.URL)
		case a.Deleted && r.Status != "live":
			t.Errorf("deleted %s marked gone by a default crawl", a.URL)
		}
	}
	if gotNew != wantNew || gotChanged != wantChanged {
		t.Errorf("generation 2: %d of %d new articles, %d of %d corrections\n%s", gotNew, wantNew, gotChanged, wantChanged, out)
	}
	t.Logf("requests: first crawl %d, second %d (%.0f%%)", firstRequests, secondRequests, 100*float64(secondRequests)/float64(firstRequests))
	// The second crawl asked for no archived article the site did not signal as changed.
	byPath := map[string]replica.Article{}
	for _, a := range sites.Articles(2) {
		byPath[strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(a.URL, sites.Newspaper), sites.Portal), sites.Legacy)] = a
	}
	for _, req := range second {
		p := req.Path
		if req.RawQuery != "" {
			p += "?" + req.RawQuery
		}
		if a, ok := byPath[p]; ok && !a.New && !a.Changed {
			t.Errorf("second crawl requested unchanged article %s (status %d)", p, req.Status)
		}
	}
	if secondRequests >= firstRequests {
		t.Errorf("the second crawl made %d requests, the first %d", secondRequests, firstRequests)
	}

	// A full crawl finds the silent edit and marks the deleted article gone.
	out = crawl(bin, "--full")
	recs = readJSONL(t, db)
	for _, a := range sites.Articles(2) {
		r := recs[a.URL]
		if a.Silent && (r.Version != 2 || r.Text != a.Text) {
			t.Errorf("full crawl missed the silent edit of %s (version %d)\n%s", a.URL, r.Version, out)
		}
		if a.Deleted && r.Status != "gone" {
			t.Errorf("full crawl did not mark %s gone (status %s)\n%s", a.URL, r.Status, out)
		}
	}
	if _, stderr, code := runBinary(t, "--db", db, "verify"); code != 0 {
		t.Errorf("verify: %s", stderr)
	}
}
