package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// replicaServer serves a replica article whose body the test can edit, and a page that blocks
// until released, to hold a run open.
type replicaServer struct {
	*httptest.Server
	mu      sync.Mutex
	page    []byte
	release chan struct{}
	// slowAsked is closed when /slow.html is first requested.
	slowAsked chan struct{}
	slowOnce  sync.Once
}

func newReplicaServer(t *testing.T) *replicaServer {
	t.Helper()
	page, err := os.ReadFile(replicaDir + "baodongkhoi-001.html")
	if err != nil {
		t.Fatal(err)
	}
	rs := &replicaServer{page: page, release: make(chan struct{}), slowAsked: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("/hoi-nghi-19042021-a80176.html", func(w http.ResponseWriter, r *http.Request) {
		rs.mu.Lock()
		defer rs.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(rs.page)
	})
	mux.HandleFunc("/slow.html", func(w http.ResponseWriter, r *http.Request) {
		rs.slowOnce.Do(func() { close(rs.slowAsked) })
		select {
		case <-rs.release:
		case <-r.Context().Done():
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body><p>chậm</p></body></html>"))
	})
	rs.Server = httptest.NewServer(mux)
	t.Cleanup(rs.Close)
	return rs
}

// edit replaces text in the served page.
func (rs *replicaServer) edit(old, new string) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.page = []byte(strings.Replace(string(rs.page), old, new, 1))
}

func TestArchive_EndToEnd(t *testing.T) {
	t.Parallel()
	rs := newReplicaServer(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	u := rs.URL + "/hoi-nghi-19042021-a80176.html"

	out, stderr, code := runCLI(t, nil, "--db", db, "archive", u)
	if code != 0 || out != u+"\tnew\n" {
		t.Fatalf("first archive: exit %d, %q %s", code, out, stderr)
	}
	// The same page with a tracking parameter and a new view count is the same article.
	rs.edit("Lượt xem: ", "Lượt xem: 1")
	out, _, code = runCLI(t, nil, "--db", db, "archive", u+"?utm_source=zalo&zarsrc=30")
	if code != 0 || !strings.HasSuffix(out, "\tunchanged\n") {
		t.Fatalf("refetch: exit %d, %q", code, out)
	}
	rs.edit("Các hoạt động thương mại - dịch vụ phát triển khá", "Các hoạt động thương mại - dịch vụ phát triển mạnh")
	out, _, code = runCLI(t, nil, "--db", db, "archive", u)
	if code != 0 || out != u+"\tnew version 2\n" {
		t.Fatalf("after an edit: exit %d, %q", code, out)
	}

	out, _, code = runCLI(t, nil, "--db", db, "diff", u)
	if code != 0 || !strings.Contains(out, "- ") || !strings.Contains(out, "+ ") || !strings.Contains(out, "phát triển mạnh") {
		t.Errorf("diff: exit %d\n%s", code, out)
	}
	out, _, code = runCLI(t, nil, "--db", db, "history", u)
	if code != 0 || !strings.Contains(out, "3 captures") || strings.Count(out, "Hội nghị lần thứ 6") != 2 {
		t.Errorf("history: exit %d\n%s", code, out)
	}

	// The text export of version 1 is exactly what extraction gave (generic: no site is
	// configured for the test server's host).
	textDir := filepath.Join(dir, "text")
	if _, stderr, code := runCLI(t, nil, "--db", db, "export", "--format", "text", "--all-versions", "--out", textDir); code != 0 {
		t.Fatalf("export text: exit %d %s", code, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(textDir, "*.txt"))
	if len(files) != 2 || !strings.HasSuffix(files[0], "_v1.txt") {
		t.Fatalf("text export wrote %v", files)
	}
	got, _ := os.ReadFile(files[0])
	want, _ := os.ReadFile("../../parse/testdata/golden/baodongkhoi-001.generic.txt")
	if string(got) != string(want) {
		t.Errorf("exported text differs from the golden extraction:\n%s", got)
	}

	jsonl := filepath.Join(dir, "out.jsonl")
	if _, stderr, code := runCLI(t, nil, "--db", db, "export", "--format", "jsonl", "--out", jsonl); code != 0 {
		t.Fatalf("export jsonl: exit %d %s", code, stderr)
	}
	f, _ := os.Open(jsonl)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	lines := 0
	for sc.Scan() {
		lines++
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"url", "site", "title", "published", "author", "text", "version", "versions", "first_seen", "last_seen", "status"} {
			if _, ok := rec[k]; !ok {
				t.Errorf("jsonl lacks %q", k)
			}
		}
		if rec["version"] != 2.0 || rec["versions"] != 2.0 || rec["status"] != "live" || rec["published"] != "2021-04-19T14:06:00+07:00" {
			t.Errorf("jsonl record: %v", rec)
		}
	}
	if lines != 1 {
		t.Errorf("jsonl lines = %d, want 1 (latest version only)", lines)
	}

	out, _, code = runCLI(t, nil, "--db", db, "stats")
	if code != 0 || !strings.Contains(out, "versions   2") || !strings.Contains(out, "captures   3") ||
		!regexp.MustCompile(`on disk .* per page; .* per capture with a body, [0-9.]+× smaller`).MatchString(out) {
		t.Errorf("stats: exit %d\n%s", code, out)
	}
}

func TestArchive_Locked(t *testing.T) {
	t.Parallel()
	rs := newReplicaServer(t)
	db := filepath.Join(t.TempDir(), "a.db")
	u := rs.URL + "/hoi-nghi-19042021-a80176.html"
	if _, _, code := runCLI(t, nil, "--db", db, "archive", u); code != 0 {
		t.Fatal("setup archive failed")
	}
	// A first run holds the database while it waits on a slow page.
	first := exec.Command(binary, "--db", db, "archive", rs.URL+"/slow.html")
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		close(rs.release)
		first.Wait()
	}()
	// The first run asks for the slow page only once it holds the database: wait for that
	// request, not for a file that an earlier run may have left.
	select {
	case <-rs.slowAsked:
	case <-time.After(60 * time.Second):
		t.Fatal("the first writer never asked for the slow page")
	}

	start := time.Now()
	_, stderr, code := runCLI(t, nil, "--db", db, "--lock-timeout", "500ms", "archive", u)
	if code != exitLocked {
		t.Fatalf("second writer: exit %d, want %d (%s)", code, exitLocked, stderr)
	}
	if time.Since(start) < 500*time.Millisecond || !strings.Contains(stderr, db) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("second writer should wait its timeout and name the database in one line: %q", stderr)
	}
	// Readers work while the writer runs.
	out, stderr, code := runCLI(t, nil, "--db", db, "history", u)
	if code != 0 || !strings.Contains(out, "VERSION") {
		t.Errorf("reader during a write: exit %d %s %s", code, out, stderr)
	}
}

func TestArchive_JunkURLs(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "a.db")
	junk := []string{"javascript:alert(1)", "file:///etc/passwd", "not a url", "https://" + strings.Repeat("a", 10000) + ".vn/"}
	out, _, code := runCLI(t, nil, append([]string{"--db", db, "archive"}, junk...)...)
	if code != exitFailure {
		t.Errorf("all junk: exit %d, want %d", code, exitFailure)
	}
	if n := strings.Count(out, "\terror: "); n != len(junk) {
		t.Errorf("want one error line per URL, got:\n%s", out)
	}
}
