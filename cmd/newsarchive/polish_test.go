package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// packageWord finds a package prefix at the start of a message or of a wrapped part of one.
var packageWord = regexp.MustCompile(`(^|[\s"=]|: )(archive|crawler|warc|blobstore|ingest|search): `)

func TestUserMessage(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"archive: no database at x.db: stat x.db: no such file", "no database at x.db: stat x.db: no such file"},
		{"crawler: import: record 3: warc: record 3 (<urn:x>): warc: malformed input: bad line", "import: record 3: record 3 (<urn:x>): malformed input: bad line"},
		{"export: warc: blobstore: segment 2: checksum", "export: segment 2: checksum"},
		{"export: --out is required", "export: --out is required"},
		{"warc", "warc"}, // a message that is only the word stays
		{"title: Bến Tre: archive of 2021", "title: Bến Tre: archive of 2021"},
	} {
		if got := userMessage(errors.New(tt.in)); got != tt.want {
			t.Errorf("userMessage(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// The error keeps its chain: only its message is shown otherwise.
	err := fmt.Errorf("stats: %w", archive.ErrNoArchive)
	if !strings.Contains(err.Error(), "archive:") || strings.Contains(userMessage(err), "archive:") || !errors.Is(err, archive.ErrNoArchive) {
		t.Errorf("%q → %q", err, userMessage(err))
	}
}

// TestErrorsShownWithoutPackagePrefixes: the last line of a failed command, in text and in JSON,
// and an error logged on the way, name no Go package.
func TestErrorsShownWithoutPackagePrefixes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	missing := filepath.Join(dir, "none", "x.db")
	_, stderr, code := runCLI(t, nil, "--db", missing, "stats")
	if code != exitFailure || !strings.HasPrefix(stderr, "newsarchive: no database") {
		t.Errorf("stats of a missing archive: exit %d, %q", code, stderr)
	}
	_, stderr, _ = runCLI(t, nil, "--log-format", "json", "--db", missing, "stats")
	var rec map[string]any
	if err := json.Unmarshal([]byte(stderr), &rec); err != nil || strings.HasPrefix(rec["msg"].(string), "archive:") {
		t.Errorf("JSON error line %q (%v)", stderr, err)
	}
	garbage := filepath.Join(dir, "garbage.warc")
	os.WriteFile(garbage, []byte("no WARC here\n"), 0o644)
	_, stderr, code = runCLI(t, nil, "--db", filepath.Join(dir, "a.db"), "import", garbage)
	if code != exitFailure || !strings.Contains(stderr, "the file holds no WARC records") || !strings.Contains(stderr, "malformed input") {
		t.Errorf("import of garbage: exit %d\n%s", code, stderr)
	}
	if m := packageWord.FindString(stderr); m != "" {
		t.Errorf("stderr names a package (%q):\n%s", m, stderr)
	}
}

// TestCompletion: --format offers each command's own formats; --site the sites of the
// configuration in use, the built-in one or --config's.
func TestCompletion(t *testing.T) {
	t.Parallel()
	cfg := filepath.Join(t.TempDir(), "sites.yaml")
	yaml := "sites:\n  - name: tin-ben-tre\n    start_urls: [\"http://127.0.0.1:9/\"]\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runCLI(t, nil, "config", "check", cfg); code != 0 {
		t.Fatalf("the test's configuration is invalid: %s", stderr)
	}
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"export", "--format", ""}, []string{"text", "jsonl", "warc"}},
		{[]string{"extract", "--format", ""}, []string{"text", "json"}},
		{[]string{"status", "--format", ""}, []string{"text", "json"}},
		{[]string{"--log-format", ""}, []string{"text", "json"}},
		{[]string{"export", "--site", ""}, []string{"baodongkhoi", "bentre-portal", "sct-bentre"}},
		{[]string{"crawl", "--site", ""}, []string{"baodongkhoi", "bentre-portal"}},
		{[]string{"reparse", "--site", ""}, []string{"baodongkhoi"}},
		{[]string{"--config", cfg, "export", "--site", ""}, []string{"tin-ben-tre"}},
		{[]string{"--config", cfg, "crawl", "--site", ""}, []string{"tin-ben-tre"}},
	} {
		out, stderr, code := runCLI(t, nil, append([]string{"__complete"}, tt.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d %s", tt.args, code, stderr)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) < 2 || lines[len(lines)-1] != ":4" { // :4 is ShellCompDirectiveNoFileComp
			t.Errorf("%v: %q", tt.args, out)
			continue
		}
		got := lines[:len(lines)-1]
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("%v offers %q, want %q among them", tt.args, got, w)
			}
		}
		if strings.Contains(strings.Join(tt.args, " "), "--config") && len(got) != len(tt.want) {
			t.Errorf("%v offers %q: the built-in sites with --config", tt.args, got)
		}
	}
}

// recordingBar remembers what a progress bar was told.
type recordingBar struct {
	max  []int
	sets []int
}

func (b *recordingBar) Set(n int) error { b.sets = append(b.sets, n); return nil }
func (b *recordingBar) ChangeMax(n int) { b.max = append(b.max, n) }
func (b *recordingBar) Describe(string) {}
func (b *recordingBar) Finish() error   { return nil }

func TestExportProgress(t *testing.T) {
	t.Parallel()
	var b recordingBar
	p := exportProgress(&b)
	for i := 1; i <= 3; i++ {
		p(i, 3)
	}
	if !slices.Equal(b.max, []int{3}) || !slices.Equal(b.sets, []int{1, 2, 3}) {
		t.Errorf("known total: max %v, sets %v", b.max, b.sets)
	}
	b = recordingBar{}
	p = exportProgress(&b)
	p(1, 0)
	p(2, 0)
	if len(b.max) != 0 || !slices.Equal(b.sets, []int{1, 2}) {
		t.Errorf("unknown total: max %v (a bar of 0), sets %v", b.max, b.sets)
	}
}

func TestExportUnit(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		o    exportOptions
		want string
	}{
		{exportOptions{format: "warc"}, "captures"},
		{exportOptions{format: "warc", allVersions: true}, "captures"},
		{exportOptions{format: "text"}, "articles"},
		{exportOptions{format: "jsonl", allVersions: true}, "versions"},
	} {
		if got := exportUnit(tt.o); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.o, got, tt.want)
		}
	}
	if _, stderr, code := runCLI(t, nil, "--db", filepath.Join(t.TempDir(), "x.db"), "export", "--site", "nosuch", "--out", "x"); code != exitUsage || !strings.Contains(stderr, `no site "nosuch"`) {
		t.Errorf("export --site nosuch: exit %d %s", code, stderr)
	}
}

// TestExport_LeavesOutInvalidCaptures: a capture that cannot be a valid WARC record (an IPv4
// address out of range, as a WARC of another tool may bring in) is named in a warning and left
// out, the rest exported, and the exit code says the export was partial.
func TestExport_LeavesOutInvalidCaptures(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "a.db")
	s, err := archive.Open(t.Context(), db, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var fs []archive.Fetch
	for i, u := range []string{"https://x.vn/a.html", "http://256.1.1.1/b.html", "https://x.vn/c.html"} {
		fs = append(fs, archive.Fetch{URL: u, Site: "x", Time: time.Unix(int64(1600000000+i), 0), Status: 200,
			Response: map[string][]string{"Content-Type": {"text/html"}}, Body: fmt.Appendf(nil, "<p>%d</p>", i),
			Content: &archive.Content{Title: u, Text: u}})
	}
	_, err = s.PutBatch(t.Context(), fs)
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCLI(t, nil, "--db", db, "export", "--format", "warc", "--out", filepath.Join(t.TempDir(), "w"))
	if code != exitPartial || !strings.Contains(stderr, "url=http://256.1.1.1/b.html") || !strings.Contains(stderr, "exported captures=2") ||
		!strings.Contains(stderr, "newsarchive: 1 of 3 captures failed") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
}
