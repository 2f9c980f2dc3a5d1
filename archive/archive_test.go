package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// openTest opens a writer on a fresh database in t.TempDir and verifies the archive when the test
// ends.
func openTest(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Verify(context.Background()); err != nil {
			t.Errorf("verify: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s, path
}

var t0 = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

const pageURL = "https://baodongkhoi.vn/hoi-nghi-19042021-a80176.html"

// page returns HTML with a view counter, as the newspaper's pages have.
func page(body string, views int) []byte {
	return []byte("<html><body><h1>Hội nghị</h1><p>" + body + "</p><span>Lượt xem: " + string(rune('0'+views%10)) + "</span></body></html>")
}

func fetch(at time.Time, html []byte, text string) Fetch {
	return Fetch{
		URL: pageURL, Site: "baodongkhoi", Time: at, Status: 200, Body: html,
		Request:  map[string][]string{"User-Agent": {"newsarchive-test"}},
		Response: map[string][]string{"Content-Type": {"text/html; charset=utf-8"}, "Etag": {`"v1"`}},
		Content:  &Content{Title: "Hội nghị", Published: "2021-04-19T14:06:00+07:00", Text: text},
	}
}

func put(t *testing.T, s *Store, f Fetch) Result {
	t.Helper()
	rs, err := s.PutBatch(context.Background(), []Fetch{f})
	if err != nil {
		t.Fatal(err)
	}
	return rs[0]
}

func TestArchive_Versions(t *testing.T) {
	t.Parallel()
	s, _ := openTest(t)
	const body = "BDK.VN - Ngày 19-4-2021, Ban Chấp hành Đảng bộ hội nghị lần thứ 6."
	steps := []struct {
		name     string
		f        Fetch
		want     Outcome
		versions int
		captures int
	}{
		{"first fetch", fetch(t0, page(body, 1), body), OutcomeNew, 1, 1},
		{"unchanged refetch", fetch(t0.Add(time.Hour), page(body, 1), body), OutcomeUnchanged, 1, 2},
		{"counter-only change", fetch(t0.Add(2*time.Hour), page(body, 2), body), OutcomeUnchanged, 1, 3},
		{"body edit", fetch(t0.Add(3*time.Hour), page(body+" Sửa.", 3), body+" Sửa."), OutcomeNewVersion, 2, 4},
		{"not modified", Fetch{URL: pageURL, Time: t0.Add(4 * time.Hour), Status: 304}, OutcomeNotModified, 2, 5},
		{"gone", Fetch{URL: pageURL, Time: t0.Add(5 * time.Hour), Status: 404}, OutcomeGone, 2, 6},
	}
	for _, st := range steps {
		r := put(t, s, st.f)
		if r.Outcome != st.want || r.Version != st.versions {
			t.Errorf("%s: outcome %v version %d, want %v version %d", st.name, r.Outcome, r.Version, st.want, st.versions)
		}
		p, err := s.Page(t.Context(), pageURL)
		if err != nil {
			t.Fatal(err)
		}
		if p.Versions != st.versions || p.Captures != st.captures {
			t.Errorf("%s: page has %d versions %d captures, want %d and %d", st.name, p.Versions, p.Captures, st.versions, st.captures)
		}
	}
	p, _ := s.Page(t.Context(), pageURL)
	if p.Status != StatusGone || !p.GoneAt.Equal(t0.Add(5*time.Hour)) {
		t.Errorf("page status %s gone at %v, want gone at %v", p.Status, p.GoneAt, t0.Add(5*time.Hour))
	}
	vs, err := s.Versions(t.Context(), pageURL)
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions: %v %v", vs, err)
	}
	text, err := s.Blob(t.Context(), vs[0].TextBlob)
	if err != nil || string(text) != body {
		t.Errorf("gone page's first version text = %q, %v", text, err)
	}
	html, err := s.Blob(t.Context(), vs[1].HTMLBlob)
	if err != nil || !strings.Contains(string(html), "Sửa.") {
		t.Errorf("version 2 html = %q, %v", html, err)
	}
	cs, err := s.Captures(t.Context(), pageURL)
	if err != nil || len(cs) != 6 {
		t.Fatalf("captures: %d, %v", len(cs), err)
	}
	if cs[2].HTMLBlob == cs[1].HTMLBlob || cs[2].Version != 1 {
		t.Errorf("counter change should keep its own HTML and match version 1: %+v", cs[2])
	}
	if cs[0].Request["User-Agent"][0] != "newsarchive-test" || cs[0].ETag != `"v1"` {
		t.Errorf("capture lost headers: %+v", cs[0])
	}
	if p.ETag != `"v1"` {
		t.Errorf("page lost its ETag: %+v", p)
	}
	// A gone page that answers again is live, with its history.
	r := put(t, s, fetch(t0.Add(6*time.Hour), page(body+" Sửa.", 4), body+" Sửa."))
	if p, _ := s.Page(t.Context(), pageURL); r.Outcome != OutcomeUnchanged || p.Status != StatusLive {
		t.Errorf("page back: outcome %v status %s", r.Outcome, p.Status)
	}
}

func TestArchive_IdenticalHTMLStoredOnce(t *testing.T) {
	t.Parallel()
	s, _ := openTest(t)
	html := page("Cùng một trang", 1)
	a, b := fetch(t0, html, "Cùng một trang"), fetch(t0, html, "Cùng một trang")
	b.URL = pageURL + "?copy=1"
	if _, err := s.PutBatch(context.Background(), []Fetch{a, b}); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Pages != 2 || st.Blobs != 2 { // one HTML blob, one text blob
		t.Errorf("stats = %+v, want 2 pages and 2 blobs", st)
	}
}

// A server error or an article page without an article has nothing to keep; a 404 or 304 of a
// page the archive lacks is kept as a capture with no version, so that captures arriving in
// any order (an import of an older crawl) make the same history.
func TestArchive_ErrorsOnUnknownPages(t *testing.T) {
	t.Parallel()
	s, _ := openTest(t)
	for i, status := range []int{500, 503, 403} {
		r := put(t, s, Fetch{URL: pageURL, Time: t0.Add(time.Duration(i) * time.Minute), Status: status})
		if r.Outcome != OutcomeSkipped {
			t.Errorf("status %d on an unknown page: %v", status, r.Outcome)
		}
	}
	if r := put(t, s, Fetch{URL: pageURL, Time: t0.Add(time.Hour), Status: 200, Body: []byte("<p>x</p>")}); r.Outcome != OutcomeSkipped {
		t.Errorf("an article page without an article: %v", r.Outcome)
	}
	if _, err := s.Page(t.Context(), pageURL); !errors.Is(err, ErrNotFound) {
		t.Errorf("page = %v, want ErrNotFound", err)
	}
	if r := put(t, s, Fetch{URL: pageURL, Time: t0.Add(2 * time.Hour), Status: 404}); r.Outcome != OutcomeGone {
		t.Errorf("404 on an unknown page: %v", r.Outcome)
	}
	p, err := s.Page(t.Context(), pageURL)
	if err != nil || p.Status != StatusGone || p.Versions != 0 || p.Captures != 1 {
		t.Errorf("page after a 404 = %+v, %v", p, err)
	}
}

func TestArchive_SecondWriterLocked(t *testing.T) {
	t.Parallel()
	_, path := openTest(t)
	start := time.Now()
	_, err := Open(context.Background(), path, Options{LockTimeout: 200 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second writer: %v, want ErrLocked", err)
	}
	if waited := time.Since(start); waited < 200*time.Millisecond {
		t.Errorf("second writer gave up after %v, before its timeout", waited)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the database", err)
	}
}

func TestArchive_ReaderDuringWrite(t *testing.T) {
	t.Parallel()
	w, path := openTest(t)
	put(t, w, fetch(t0, page("Một", 1), "Một"))

	r, err := Open(context.Background(), path, Options{ReadOnly: true, LockTimeout: time.Second})
	if err != nil {
		t.Fatalf("reader while a writer runs: %v", err)
	}
	if p, err := r.Page(t.Context(), pageURL); err != nil || p.Versions != 1 {
		t.Fatalf("reader sees %+v, %v", p, err)
	}
	// A commit waits for the reader to let go, then goes through.
	done := make(chan error, 1)
	go func() {
		_, err := w.PutBatch(context.Background(), []Fetch{fetch(t0.Add(time.Hour), page("Hai", 2), "Hai")})
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("commit after the reader closed: %v", err)
	}
	if _, err := r.Page(t.Context(), pageURL); err == nil {
		t.Error("closed reader still reads")
	}
}

func TestArchive_ReadOnlyRefusesWrites(t *testing.T) {
	t.Parallel()
	w, path := openTest(t)
	put(t, w, fetch(t0, page("Một", 1), "Một"))
	r, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.PutBatch(context.Background(), []Fetch{fetch(t0, page("x", 1), "x")}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("write on a reader: %v", err)
	}
}

func TestArchive_OpenErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not a database ", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), junk, Options{ReadOnly: true}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("junk file: %v, want ErrCorrupt", err)
	}
	if _, err := Open(context.Background(), filepath.Join(dir, "none.db"), Options{ReadOnly: true}); !errors.Is(err, ErrNoArchive) {
		t.Errorf("missing file: %v, want ErrNoArchive", err)
	}

	newer := filepath.Join(dir, "newer.db")
	db, err := bolt.Open(newer, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		return b.Put(keySchema, []byte{SchemaVersion + 1})
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{true, false} {
		if _, err := Open(context.Background(), newer, Options{ReadOnly: ro}); !errors.Is(err, ErrNewerSchema) {
			t.Errorf("newer schema (read-only %v): %v, want ErrNewerSchema", ro, err)
		}
	}
}

func TestArchive_VerifyFindsDamage(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "d.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	put(t, s, fetch(t0, page("Một", 1), "Một"))
	if err := s.Verify(context.Background()); err != nil {
		t.Fatalf("verify before damage: %v", err)
	}
	// Damage the blob segment behind the archive's back.
	segs, _ := filepath.Glob(filepath.Join(path+".blobs", "seg-*"))
	if len(segs) == 0 {
		t.Fatal("no segment file")
	}
	b, err := os.ReadFile(segs[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := len(b) / 3; i < len(b)/3+8 && i < len(b); i++ {
		b[i] ^= 0xff
	}
	if err := os.WriteFile(segs[0], b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(context.Background()); !errors.Is(err, ErrCorrupt) {
		t.Errorf("verify after damage: %v, want ErrCorrupt", err)
	}
}

// TestArchive_DamagedFiles opens cut and scribbled-over copies of a real archive: each must give
// an error or a clean read, never a crash (a truncated file would otherwise kill the process with
// SIGBUS).
func TestArchive_DamagedFiles(t *testing.T) {
	t.Parallel()
	s, path := openTest(t)
	for i := range 20 {
		f := fetch(t0.Add(time.Duration(i)*time.Hour), page(strings.Repeat("Đoạn văn. ", 200*i+1), i), strings.Repeat("Đoạn văn. ", 200*i+1))
		f.URL = fmt.Sprintf("%s?id=%d", pageURL, i)
		put(t, s, f)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for i, size := range []int{0, 100, 4096, 5000, 9000, 20000} {
		p := filepath.Join(dir, fmt.Sprintf("cut%d.db", i))
		os.WriteFile(p, good[:size], 0o644)
		r, err := Open(context.Background(), p, Options{ReadOnly: true})
		if err == nil {
			err = r.Verify(context.Background())
			r.Close()
		}
		if err == nil {
			t.Errorf("a copy cut to %d of %d bytes verified", size, len(good))
		}
	}
	for i := range 10 {
		bad := bytes.Clone(good)
		off := 4096*2 + (i*7919*13)%(len(good)-8192)
		for j := range 512 {
			bad[(off+j)%len(bad)] ^= 0x5a
		}
		p := filepath.Join(dir, fmt.Sprintf("bad%d.db", i))
		os.WriteFile(p, bad, 0o644)
		if r, err := Open(context.Background(), p, Options{ReadOnly: true}); err == nil {
			_ = r.Verify(context.Background()) // an error or not; never a crash
			r.Close()
		}
	}
}

func TestArchive_Failures(t *testing.T) {
	t.Parallel()
	s, _ := openTest(t)
	ctx := context.Background()
	f := Failure{URL: pageURL, Site: "s", Kind: "http-404", Last: t0}
	for range 2 {
		if err := s.PutRecords(ctx, []Record{{Failure: &f}}); err != nil {
			t.Fatal(err)
		}
	}
	got := collect(t, s.Failures(ctx, "s"))
	if len(got) != 1 || got[0].Count != 2 {
		t.Fatalf("failures = %+v", got)
	}
	if err := s.PutRecords(ctx, []Record{{Cleared: pageURL}}); err != nil {
		t.Fatal(err)
	}
	got = collect(t, s.Failures(ctx, ""))
	if len(got) != 0 {
		t.Errorf("failures after clearing: %+v", got)
	}
}

// TestHold: a held reader reads with the database open once, keeps a writer's commit waiting
// while it is held, and leaves the reader it came from open and current when closed.
func TestHold(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	w, err := Open(ctx, path, Options{CommitWait: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	put(t, w, fetch(t0, page("Bản 1.", 1), "Bản 1."))

	whole, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := whole.Hold(ctx); !errors.Is(err, ErrNeedsPerRead) {
		t.Errorf("Hold of a reader without OpenPerRead: %v, want ErrNeedsPerRead", err)
	}
	whole.Close()

	r, err := Open(ctx, path, Options{ReadOnly: true, OpenPerRead: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	h, err := r.Hold(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v, err := h.Version(ctx, pageURL, 0)
	if err != nil {
		t.Fatal(err)
	}
	if text, err := h.Blob(ctx, v.TextBlob); err != nil || string(text) != "Bản 1." {
		t.Fatalf("text through the held reader: %q, %v", text, err)
	}
	second := fetch(t0.Add(time.Hour), page("Bản 2.", 2), "Bản 2.")
	if _, err := w.PutBatch(ctx, []Fetch{second}); err == nil {
		t.Error("a commit went through while a reader held the database")
	}
	w.Close()
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}

	w, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	put(t, w, second)
	vs, err := r.Versions(ctx, pageURL)
	if err != nil || len(vs) != 2 {
		t.Fatalf("the reader after the held one closed: %d versions, %v", len(vs), err)
	}
	if text, err := r.Blob(ctx, vs[1].TextBlob); err != nil || string(text) != "Bản 2." {
		t.Errorf("the new version's text: %q, %v", text, err)
	}
	if err := r.Verify(ctx); err != nil {
		t.Error(err)
	}
	// A held reader is a call under way on its parent: the parent's Close waits for it.
	h, err = r.Hold(ctx)
	if err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() {
		r.Close()
		close(closed)
	}()
	select {
	case <-closed:
		t.Error("the reader closed under a held one")
	case <-time.After(100 * time.Millisecond):
	}
	if text, err := h.Blob(ctx, vs[1].TextBlob); err != nil || string(text) != "Bản 2." {
		t.Errorf("the held reader while its parent closes: %q, %v", text, err)
	}
	h.Close()
	<-closed
}
