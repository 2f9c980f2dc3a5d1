package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/newsarchive/newsarchive/archive/warc"
	"github.com/newsarchive/newsarchive/internal/replica"
)

// historyConfig is the replica configuration with the newspaper's print views allowed (they are
// alternate renderings of their articles) and a listing pattern wide enough to reach its
// day-by-day calendar (a generated space the trap guard must bound); the slow page, which
// archives nothing, is left out.
func historyConfig(t *testing.T, sites *replica.Sites) string {
	t.Helper()
	yaml := string(withoutSlowPage(t, sites.ConfigYAML()))
	for old, repl := range map[string]string{
		"      - '^https?://[^/]+/print/'\n":                     "",
		`'^https?://[^/]+/[a-z0-9-]+/([a-z0-9-]+/)?(\?p=\d+)?$'`: `'^https?://[^/]+/[a-z0-9-]+/([a-z0-9-]+/)?(\?[a-z]+=[0-9-]+)?$'`,
	} {
		if !strings.Contains(yaml, old) {
			t.Fatalf("replica configuration lacks %q", old)
		}
		yaml = strings.Replace(yaml, old, repl, 1)
	}
	path := filepath.Join(t.TempDir(), "sites.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func countRequests(reqs []replica.Request, prefix string) int {
	n := 0
	for _, r := range reqs {
		if strings.HasPrefix(r.Path, prefix) {
			n++
		}
	}
	return n
}

// crawlWith crawls with the configuration cfg into db with the runner run (runCLI's in-process
// one or runBinary), and returns an error for an exit code other than 0 or exitPartial. It may
// run on a goroutine of its own.
func crawlWith(t *testing.T, run func(args ...string) (string, string, int), cfg, db string) error {
	out, stderr, code := run("--config", cfg, "--db", db, "--quiet", "crawl")
	if code != 0 && code != exitPartial {
		return fmt.Errorf("crawl into %s: exit %d\n%s\n%s", filepath.Base(db), code, out, stderr)
	}
	return nil
}

// statsBody is `stats` without its first line, which gives the file's size on disk. The built
// binary runs it: stats gzips a sample of the bodies, which under the race detector cost a second
// or two a run, and it is a check here, not the command under test.
func statsBody(t *testing.T, db string) string {
	t.Helper()
	out, stderr, code := runBinary(t, "--db", db, "stats")
	if code != 0 {
		t.Fatalf("stats: %s", stderr)
	}
	_, rest, _ := strings.Cut(out, "\n")
	return rest
}

// TestHistory_EndToEnd crawls the replica sites' two generations and checks the archive's
// history: no article has a version its publisher did not make (print views, hubs, the calendar
// make none), the exports hold articles only, the calendar costs at most the trap budget once
// and nothing after, and a WARC of the first crawl imported into an archive of the second fills
// in the past without changing any latest version, and a second import changes nothing.
func TestHistory_EndToEnd(t *testing.T) {
	t.Parallel()
	// The fewest newspaper articles the replica has (8, not 12): every check below is made per
	// article, per print view or per calendar request, and the generation-2 changes, edits and
	// deletions are all there with 8.
	sites := replica.Start(replica.Options{Articles: replica.MinArticles})
	defer sites.Close()
	cfg := historyConfig(t, sites)
	dir := t.TempDir()
	dbA, dbB := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	// The crawls, the WARC export and C's import run the binary: what the test checks of them is
	// in the replica's request log and the archives, and under the race detector they cost 4 to
	// 6 s of CPU each. B's first import runs in-process; TestCrawl_EndToEnd crawls and
	// TestWARC_ExportImport exports in-process.
	bin := func(args ...string) (string, string, int) { return runBinary(t, args...) }
	if err := crawlWith(t, bin, cfg, dbA); err != nil {
		t.Fatal(err)
	}
	first := sites.Requests()
	if n := countRequests(first, "/lich/"); n == 0 || n > 10 {
		for _, r := range sites.Requests() {
			if strings.HasPrefix(r.Path, "/lich/") {
				t.Logf("%s %s?%s %d", r.Server, r.Path, r.RawQuery, r.Status)
			}
		}
		t.Errorf("first crawl: %d calendar requests, want 1 to 10", n)
	}
	t.Logf("first crawl: %d requests, %d of them to the calendar, %d print views", len(first), countRequests(first, "/lich/"), countRequests(first, "/print/"))
	if countRequests(first, "/print/") == 0 {
		t.Errorf("first crawl fetched no print view: the test no longer covers alternates")
	}
	warc1 := filepath.Join(dir, "warc1")
	if _, stderr, code := runBinary(t, "--db", dbA, "export", "--format", "warc", "--out", warc1); code != 0 {
		t.Fatalf("export warc: %s", stderr)
	}

	checkWARCHolds(t, warc1, sites)

	sites.SetGeneration(2)
	sites.ResetLog()
	// A's second crawl and archive B's first (B has only the second generation) run at once;
	// A's requests are told from B's by its user agent.
	cfgA, tagA := taggedConfig(t, cfg)
	var wg sync.WaitGroup
	var crawlA, crawlB error
	wg.Go(func() { crawlA = crawlWith(t, bin, cfgA, dbA) })
	wg.Go(func() { crawlB = crawlWith(t, bin, cfg, dbB) })
	wg.Wait()
	if crawlA != nil || crawlB != nil {
		t.Fatalf("second crawl of A: %v; crawl of B: %v", crawlA, crawlB)
	}
	second := tagged(sites.Requests(), tagA)
	t.Logf("second crawl: %d requests, %d of them to the calendar, %d print views", len(second), countRequests(second, "/lich/"), countRequests(second, "/print/"))
	if n := countRequests(second, "/lich/"); n != 0 {
		t.Errorf("second crawl: %d calendar requests, want 0", n)
	}
	articles := map[string]replica.Article{}
	for _, gen := range []int{1, 2} {
		for _, a := range sites.Articles(gen) {
			articles[a.URL] = a
		}
	}
	for _, r := range second {
		if p, ok := strings.CutPrefix(r.Path, "/print"); ok && !articles[sites.Newspaper+p].New {
			t.Errorf("second crawl fetched the print view %s again", r.Path)
		}
	}
	recs := readJSONL(t, dbA)
	for url := range recs {
		if _, ok := articles[url]; !ok {
			t.Errorf("the export holds %s, which is no article", url)
		}
	}
	for _, a := range sites.Articles(2) {
		r, ok := recs[a.URL]
		want := 1
		if a.Changed {
			want = 2
		}
		if !ok || r.Versions != want {
			t.Errorf("%s: %d versions, want %d", a.URL, r.Versions, want)
		}
	}

	// Archive B has only the second generation; the first crawl's WARC fills in its past.
	before := readJSONL(t, dbB)
	files, _ := filepath.Glob(filepath.Join(warc1, "*.warc.gz"))
	if len(files) == 0 {
		t.Fatal("no WARC written")
	}
	// Meanwhile a fresh archive C is made from the WARC alone, by the binary: the in-process
	// import is B's below; under the race detector this one cost 5 to 6 s of CPU.
	dbC := filepath.Join(dir, "c.db")
	var importC error
	wg.Go(func() {
		if out, stderr, code := runBinary(t, append([]string{"--config", cfg, "--db", dbC, "import"}, files...)...); code != 0 {
			importC = fmt.Errorf("exit %d %s %s", code, out, stderr)
		}
	})
	// run is runCLI's in-process runner or runBinary.
	imp := func(run func(args ...string) (string, string, int)) string {
		out, stderr, code := run(append([]string{"--config", cfg, "--db", dbB, "import"}, files...)...)
		if code != 0 {
			t.Fatalf("import: exit %d %s %s", code, out, stderr)
		}
		return out
	}
	// B's first import runs in-process, under the race detector with the rest of the test.
	imp(func(args ...string) (string, string, int) { return runCLI(t, nil, args...) })
	after := readJSONL(t, dbB)
	for _, a := range sites.Articles(2) {
		b, ok := before[a.URL]
		if !ok || a.Deleted {
			continue
		}
		r := after[a.URL]
		if r.Text != b.Text || r.Title != b.Title {
			t.Errorf("%s: the import of an older crawl changed the latest version", a.URL)
		}
		if (a.Changed || a.Silent) && r.Versions != 2 {
			t.Errorf("%s: %d versions after importing its first text, want 2", a.URL, r.Versions)
		}
	}
	stats := statsBody(t, dbB)
	// The second runs the binary: under the race detector it cost about 1.5 s of CPU again, and
	// what the test checks of it is the archive it leaves (stats, verify).
	out := imp(bin)
	if got := statsBody(t, dbB); got != stats {
		t.Errorf("a second import changed the archive:\n%s\nbefore:\n%s\nimport said: %s", got, stats, out)
	}
	// The fresh archive made from the WARC alone has the articles' photos too.
	wg.Wait()
	if importC != nil {
		t.Fatalf("import into a fresh archive: %v", importC)
	}
	if c := statsBody(t, dbC); !strings.Contains(c, " images") || strings.Contains(c, " 0 images") {
		t.Errorf("the imported archive lacks the photos:\n%s\n(the crawled one: %s)", c, statsBody(t, dbA))
	}
	for _, db := range []string{dbA, dbB, dbC} {
		if _, stderr, code := runBinary(t, "--db", db, "verify"); code != 0 {
			t.Errorf("verify %s: %s", db, stderr)
		}
	}
}

// checkWARCHolds reads the WARC export back: besides the articles it holds what a replay needs to
// walk the site — the home page, robots.txt, the sitemap, a feed, the old host's redirects.
func checkWARCHolds(t *testing.T, dir string, sites *replica.Sites) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	seen := map[string]bool{}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		rd, err := warc.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		for {
			rec, err := rd.Next()
			if err != nil {
				break
			}
			if rec.Type != "response" {
				continue
			}
			status, _, _, err := rec.HTTPResponse()
			if err != nil {
				continue
			}
			u := rec.TargetURI()
			switch {
			case status >= 300 && status < 400 && strings.HasPrefix(u, sites.NewspaperOld):
				seen["redirect"] = true
			case u == sites.Newspaper+"/":
				seen["home"] = true
			case strings.HasSuffix(u, "/robots.txt"):
				seen["robots"] = true
			case strings.HasSuffix(u, "/sitemap.xml"):
				seen["sitemap"] = true
			case strings.Contains(u, "/rss/"):
				seen["feed"] = true
			case strings.Contains(u, "/print/"):
				seen["print"] = true
			case strings.Contains(u, "/image/fckeditor/") && status == 200:
				seen["image"] = true
			}
		}
		f.Close()
	}
	wants := []string{"home", "robots", "sitemap", "feed", "print", "image"}
	for _, r := range sites.Requests() {
		if r.Server == replica.ServerNewspaperOld && r.Status == 301 {
			wants = append(wants, "redirect") // the old host answered a redirect the crawler kept
			break
		}
	}
	for _, want := range wants {
		if !seen[want] {
			t.Errorf("the WARC export holds no %s record", want)
		}
	}
}
