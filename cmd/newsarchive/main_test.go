package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/newsarchive/newsarchive/internal/testchild"
	"github.com/newsarchive/newsarchive/internal/testmain"
)

// binary is the newsarchive command built once for the end-to-end tests, stamped with its git
// revision in a git checkout (see TestVersion_BuildInfo).
var binary string

// inGit reports whether the tests run in a git checkout whose build the go command can stamp:
// one whose .git is a directory (in a linked worktree it is a file, and the go command stamps
// no revision).
func inGit() bool {
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return false
	}
	fi, err := os.Stat(filepath.Join(strings.TrimSpace(string(top)), ".git"))
	return err == nil && fi.IsDir()
}

func TestMain(m *testing.M) {
	dir, err := testchild.Dir("newsarchive-e2e") // kept between runs: the link is skipped
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "newsarchive")
	args := []string{"build", "-o", binary}
	if inGit() {
		args = append(args, "-buildvcs=true")
	}
	if out, err := exec.Command("go", append(args, ".")...).CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	// The end-to-end tests wait on the binaries they run, the replica's latency and its slow
	// page's timeouts more than they compute: four at a time (alone, 35 → 27 s of wall for the
	// same CPU).
	testmain.DefaultParallel(4)
	prebuildGolden()
	code := m.Run()
	closeGolden()
	testmain.Exit(code)
}

// runCLI runs the built binary and returns stdout, stderr and the exit code.
func runCLI(t *testing.T, stdin []byte, args ...string) (string, string, int) {
	t.Helper()
	// In-process, under the race detector with the rest of the test: the binary (runBinary) is
	// for what a process boundary is the point of (kills, signals, a second writer, an exit
	// code), for the checks that look into an archive (readJSONL, statsBody, a verify after the
	// fact), and for set-up crawls and imports that other tests run in-process.
	if writesWARC(args) {
		gowarcMu.Lock()
		defer gowarcMu.Unlock()
	}
	var out, errb bytes.Buffer
	code := run(t.Context(), args, bytes.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// gowarcMu serialises the in-process runs that write or validate WARC files. gowarc v3.1.0 sets
// the uuid package's random-pool flag (uuid.EnableRandPool, a package variable, unsynchronised)
// for every record it builds and every file it reads, so two WARC exports at once in one process
// are a data race that the race detector reports (seen: TestHistory_EndToEnd's and
// TestWARC_ExportImport's exports). A command-line run is a process of its own; in-process tests
// take turns.
var gowarcMu sync.Mutex

// writesWARC reports whether a command line exports WARC.
func writesWARC(args []string) bool {
	return slices.Contains(args, "export") && (slices.Contains(args, "--format=warc") || formatIs(args, "warc"))
}

// formatIs reports whether args hold "--format" followed by format.
func formatIs(args []string, format string) bool {
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "--format" && args[i+1] == format {
			return true
		}
	}
	return false
}

const replicaDir = "../../parse/testdata/sites/"

func TestExtract_TextMatchesGolden(t *testing.T) {
	t.Parallel()
	const url = "https://baodongkhoi.vn/hoi-nghi-lan-thu-6-ban-chap-hanh-dang-bo-tp-ben-tre-19042021-a80176.html"
	out, stderr, code := runCLI(t, nil, "extract", "--url", url, replicaDir+"baodongkhoi-001.html")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want, err := os.ReadFile("../../parse/testdata/golden/baodongkhoi-001.profile.txt")
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("extract output differs from the golden text:\n%s", out)
	}
}

func TestExtract_JSON(t *testing.T) {
	t.Parallel()
	page, err := os.ReadFile(replicaDir + "legacy-1258-004.html")
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runCLI(t, page, "extract", "--format", "json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"url", "title", "published", "author", "lead", "text", "captions", "is_article"} {
		if _, ok := got[k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
	if len(got) != 8 {
		t.Errorf("keys = %d, want exactly 8: %v", len(got), got)
	}
	if got["published"] != "2020-11-30T06:58:00+07:00" || got["is_article"] != true {
		t.Errorf("published = %v, is_article = %v", got["published"], got["is_article"])
	}
	truth, _ := os.ReadFile(replicaDir + "legacy-1258-004.truth.txt")
	if !strings.Contains(got["text"].(string), "Hoàn chỉnh khu đô thị Hưng Phú") || len(truth) == 0 {
		t.Errorf("text lacks the windows-1258 body decoded: %.200q", got["text"])
	}
}

func TestExtract_BadUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"extract"}, exitUsage},
		{[]string{"extract", "--format", "xml", "x.html"}, exitUsage},
		{[]string{"extract", "--no-such-flag", "x.html"}, exitUsage},
		{[]string{"extract", "--profile", "nope", replicaDir + "sct-000.html"}, exitUsage},
		{[]string{"extract", "/no/such/file.html"}, exitFailure},
		{[]string{"no-such-command"}, exitUsage},
	}
	for _, tt := range tests {
		_, stderr, code := runCLI(t, nil, tt.args...)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d (%s)", tt.args, code, tt.code, stderr)
		}
		if !strings.HasPrefix(stderr, "newsarchive: ") || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%v: stderr should be one line starting newsarchive: got %q", tt.args, stderr)
		}
	}
}

func TestHelpListsCommands(t *testing.T) {
	t.Parallel()
	out, _, code := runCLI(t, nil, "--help")
	if code != 0 || !strings.Contains(out, "extract") || !strings.Contains(out, "version") {
		t.Errorf("help (exit %d) lacks commands:\n%s", code, out)
	}
}
