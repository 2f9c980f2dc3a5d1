package main

import (
	"bytes"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/newsarchive/newsarchive/internal/replica"
)

// goldenReplica is one set of replica sites shared by the end-to-end tests that start from an
// archive of their first generation. The first generation is crawled once, into a golden
// archive; the sites then serve the second generation for good. Each test copies the golden
// archive into its own directory and crawls the second generation into its copy: a crawl of the
// first generation is the costliest thing these tests do under -race, and five tests did the
// same one.
type goldenReplica struct {
	sites *replica.Sites
	// dir holds the golden archive (a.db and its blobs), the configuration it was crawled with
	// (gen1.yaml: sites.yaml without the slow page) and the replica's configuration (sites.yaml).
	dir string
	// code is the exit code of the golden crawl, out and stderr what it printed.
	code        int
	out, stderr string
	// gen1 is the request log of the golden crawl, the only client of the sites then.
	gen1 []replica.Request
	err  error
}

// golden is built by the first test that asks for it (goldenArchive) and closed by TestMain.
var (
	goldenOnce sync.Once
	golden     goldenReplica
)

// goldenArchive returns the shared replica sites, now serving generation 2, and a copy of the
// archive of their generation 1 in a directory of the test's own: the configuration (cfg) and
// the database (db) there.
func goldenArchive(t *testing.T) (g *goldenReplica, cfg, db string) {
	t.Helper()
	goldenOnce.Do(buildGolden)
	if golden.err != nil {
		t.Fatalf("golden archive of the replica: %v", golden.err)
	}
	dir := t.TempDir()
	if err := copyDir(golden.dir, dir); err != nil {
		t.Fatalf("copy of the golden archive: %v", err)
	}
	return &golden, filepath.Join(dir, "sites.yaml"), filepath.Join(dir, "a.db")
}

// buildGolden starts the sites, crawls generation 1 into the golden archive and switches the
// sites to generation 2.
func buildGolden() {
	golden.dir, golden.err = os.MkdirTemp("", "newsarchive-golden")
	if golden.err != nil {
		return
	}
	golden.sites = replica.Start(replica.Options{})
	if golden.err = os.WriteFile(filepath.Join(golden.dir, "sites.yaml"), golden.sites.ConfigYAML(), 0o644); golden.err != nil {
		return
	}
	// The golden crawl leaves out the slow page, which archives nothing: it held the crawl, and
	// the tests waiting for it, 6 s on its timeouts. The tests crawl their copies with
	// sites.yaml, the slow page included, unless they say otherwise.
	gen1, err := excludeSlowPage(golden.sites.ConfigYAML())
	if err != nil {
		golden.err = err
		return
	}
	cfg := filepath.Join(golden.dir, "gen1.yaml")
	if golden.err = os.WriteFile(cfg, gen1, 0o644); golden.err != nil {
		return
	}
	// The built binary crawls, without the race detector: this crawl is the set-up of five
	// tests, and under the detector it cost 3 to 4 s of CPU. What the end-to-end test checks of
	// it (exit code, archive, requests) is the same; the crawls the tests make of their copies
	// run in-process, under the detector.
	var out, stderr bytes.Buffer
	cmd := exec.Command(binary, "--config", cfg, "--db", filepath.Join(golden.dir, "a.db"), "--quiet", "crawl")
	cmd.Stdout, cmd.Stderr = &out, &stderr
	err = cmd.Run()
	golden.out, golden.stderr = out.String(), stderr.String()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		golden.code = ee.ExitCode()
	case err != nil:
		golden.err = fmt.Errorf("crawl: %w", err)
		return
	}
	if golden.code != 0 && golden.code != exitPartial {
		golden.err = fmt.Errorf("crawl: exit %d\n%s\n%s", golden.code, golden.out, golden.stderr)
		return
	}
	golden.gen1 = golden.sites.Requests()
	golden.sites.SetGeneration(2)
}

// goldenTests are the tests that start from the golden archive (goldenArchive).
var goldenTests = []string{
	"TestCrawl_EndToEnd", "TestFullDisk_ExitsNonZero", "TestIndex_Rebuild", "TestServe_WhileCrawling", "TestWARC_ExportImport",
}

// prebuildGolden starts building the golden archive on a goroutine of its own when the -run
// pattern selects one of goldenTests: the golden crawl then runs while other tests do, instead
// of holding the first test that asks for the archive (and, with -parallel 2, another one behind
// it). A test that is not listed still gets the archive
// from goldenArchive, later. It must be called from TestMain, before m.Run.
func prebuildGolden() {
	flag.Parse()
	if flag.Lookup("test.list").Value.String() != "" {
		return
	}
	pattern, _, _ := strings.Cut(flag.Lookup("test.run").Value.String(), "/")
	re, err := regexp.Compile(pattern)
	if err == nil && !slices.ContainsFunc(goldenTests, re.MatchString) {
		return
	}
	go goldenOnce.Do(buildGolden)
}

// closeGolden stops the shared sites and removes the golden archive, if a test made them. It
// waits for a build that prebuildGolden started and no test waited for.
func closeGolden() {
	goldenOnce.Do(func() {})
	if golden.sites != nil {
		golden.sites.Close()
	}
	if golden.dir != "" {
		os.RemoveAll(golden.dir)
	}
}

// taggedConfig writes a copy of the configuration at cfg whose user agent ends with the test's
// name and a word of its own, and returns its path and the tag: the requests of the test's crawls are those of
// (*goldenReplica).requests with the tag.
func taggedConfig(t *testing.T, cfg string) (string, string) {
	t.Helper()
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	const contact = "(+https://github.com/newsarchive/newsarchive)"
	// The test's name and a random word: with -count above 1 the same test crawls the shared
	// sites again, and must not count the requests of its earlier runs.
	tag := "; " + t.Name() + " " + rand.Text() + ")"
	if !bytes.Contains(b, []byte(contact)) {
		t.Fatalf("the replica configuration's user agent lacks %q", contact)
	}
	b = bytes.Replace(b, []byte(contact), []byte(strings.TrimSuffix(contact, ")")+tag), 1)
	path := filepath.Join(t.TempDir(), "tagged.yaml")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, tag
}

// requests returns the requests the sites received with the tag at the end of their user agent.
func (g *goldenReplica) requests(tag string) []replica.Request {
	return tagged(g.sites.Requests(), tag)
}

// tagged returns the requests of reqs with the tag (from taggedConfig) at the end of their user
// agent.
func tagged(reqs []replica.Request, tag string) []replica.Request {
	var out []replica.Request
	for _, r := range reqs {
		if strings.HasSuffix(r.Header.Get("User-Agent"), tag) {
			out = append(out, r)
		}
	}
	return out
}

// withoutSlowPage returns the replica configuration cfg (ConfigYAML's or a variant) with the
// newspaper's slow page excluded: a crawl of it then ends when its work does, instead of waiting
// 6 s on three timeouts that the test does not look at. It fails the test if cfg has no place
// for the exclusion.
func withoutSlowPage(t *testing.T, cfg []byte) []byte {
	t.Helper()
	b, err := excludeSlowPage(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// excludeSlowPage is withoutSlowPage for code without a test at hand.
func excludeSlowPage(cfg []byte) ([]byte, error) {
	const after = "      - '^https?://[^/]+/https?/'\n"
	if !bytes.Contains(cfg, []byte(after)) {
		return nil, fmt.Errorf("the replica configuration lacks the newspaper's exclusion %q", after)
	}
	return bytes.Replace(cfg, []byte(after), []byte(after+"      - '"+regexp.QuoteMeta(replica.SlowPath)+"$'\n"), 1), nil
}

// writeConfig writes cfg into a sites.yaml of a new temporary directory and returns its path.
func writeConfig(t *testing.T, cfg []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sites.yaml")
	if err := os.WriteFile(path, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// copyDir copies the regular files and directories under src into dst.
func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}
