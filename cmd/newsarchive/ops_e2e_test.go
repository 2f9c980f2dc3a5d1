package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/internal/replica"
)

// TestReparse_RepairsWeakProfile archives the newspaper with a profile that keeps only each
// article's first paragraph, then reparses with the real one: every article's history is derived
// again, with the complete text and still one version (the publisher changed nothing), and a
// second reparse changes nothing.
func TestReparse_RepairsWeakProfile(t *testing.T) {
	t.Parallel()
	// The fewest newspaper articles the replica has: the checks are per article.
	sites := replica.Start(replica.Options{Articles: replica.MinArticles})
	defer sites.Close()
	good, db := replicaConfig(t, sites)
	weak := filepath.Join(t.TempDir(), "weak.yaml")
	// The weak crawl leaves out the slow page, which archives nothing, so as not to wait on it.
	weakYAML := strings.Replace(string(withoutSlowPage(t, sites.ConfigYAML())), "    profile: baodongkhoi\n", `    profile:
      name: weak
      title: h1
      date: span.pubdate
      body: "#newscontents .content-fck p:first-of-type"
`, 1)
	if err := os.WriteFile(weak, []byte(weakYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	// The binary crawls: the crawl is the set-up (reparse, backup and verify are what the test
	// tests, in-process), and under the race detector it cost 2 s of CPU.
	if _, stderr, code := runBinary(t, "--config", weak, "--db", db, "--quiet", "crawl", "--site", replica.SiteNewspaper); code != 0 && code != exitPartial {
		t.Fatalf("crawl with the weak profile: %s", stderr)
	}
	var articles []replica.Article
	for _, a := range sites.Articles(1) {
		if a.Site == replica.SiteNewspaper {
			articles = append(articles, a)
		}
	}
	before := readJSONL(t, db)
	for _, a := range articles {
		if r := before[a.URL]; r.Text == a.Text || r.Versions != 1 {
			t.Fatalf("%s: the weak profile archived the full text (%d versions)", a.URL, r.Versions)
		}
	}

	out, stderr, code := runCLI(t, nil, "--config", good, "--db", db, "reparse")
	if code != 0 || !strings.Contains(out, "changed") {
		t.Fatalf("reparse: exit %d %s %s", code, out, stderr)
	}
	after := readJSONL(t, db)
	for _, a := range articles {
		if r := after[a.URL]; r.Text != a.Text || r.Versions != 1 {
			t.Errorf("%s after reparse: %d versions, text ok %v", a.URL, r.Versions, r.Text == a.Text)
		}
	}
	out, _, code = runCLI(t, nil, "--config", good, "--db", db, "reparse")
	if code != 0 || !strings.Contains(out, " 0 pages changed") {
		t.Errorf("second reparse: exit %d %s", code, out)
	}

	// A hot backup and a compacted copy are complete archives.
	for _, args := range [][]string{{"backup"}, {"backup", "--compact"}} {
		copyDB := filepath.Join(t.TempDir(), "copy.db")
		if _, stderr, code := runCLI(t, nil, append(append([]string{"--db", db}, args...), copyDB)...); code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
		if _, stderr, code := runCLI(t, nil, "--db", copyDB, "verify"); code != 0 {
			t.Errorf("%v copy does not verify: %s", args, stderr)
		}
		if got := readJSONL(t, copyDB); len(got) != len(after) {
			t.Errorf("%v copy holds %d articles, the archive %d", args, len(got), len(after))
		}
	}
}
