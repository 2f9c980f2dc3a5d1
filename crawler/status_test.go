package crawler

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// Each crawl records a run; status counts failures in a row and remembers the last success.
func TestStatus_RunsAndFailures(t *testing.T) {
	t.Parallel()
	s := newRenderSite(t)
	cfg := s.config(t)
	db := filepath.Join(t.TempDir(), "a.db")
	crawlOnce(t, cfg, db, false)
	s.main.Close()
	s.mobile.Close()
	for range 2 {
		crawlOnce(t, cfg, db, false)
	}
	st, err := archive.Open(t.Context(), db, archive.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sts, err := Status(t.Context(), st, cfg, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(sts) != 1 {
		t.Fatalf("status: %+v", sts)
	}
	got := sts[0]
	if !got.Configured || got.LastRun == nil || got.LastRun.Outcome != archive.RunFailed || got.ConsecutiveFailures != 2 {
		t.Errorf("status after two failed crawls: %+v (last run %+v)", got, got.LastRun)
	}
	if got.LastSuccess.IsZero() || got.Articles != 3 || got.Hubs < 1 || got.LastNewArticle.IsZero() {
		t.Errorf("status: %+v", got)
	}
	n := 0
	for _, err := range st.Runs(t.Context(), "render") {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 3 {
		t.Errorf("%d runs recorded, want 3", n)
	}
}

// -v traces each URL's fate: queued, fetched, stored as what, skipped and why.
func TestTrace_URLFates(t *testing.T) {
	t.Parallel()
	s := newRenderSite(t)
	cfg := s.config(t)
	db := filepath.Join(t.TempDir(), "a.db")
	crawlOnce(t, cfg, db, false)
	st, err := archive.Open(t.Context(), db, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf safeBuffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if _, err := New(cfg, st, Options{Logger: log}).Run(t.Context(), cfg.Sites); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out := buf.String()
	for _, want := range []string{
		`msg=queued site=render url=` + s.main.URL + `/tin/1.html`,
		`msg="skipped: archived and not due`,
		`msg=fetched site=render url=` + s.main.URL + `/ status=200`,
		`msg=stored site=render url=` + s.main.URL + `/ outcome=`,
		`kind=hub`,
		`not queued: a crawler trap`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("trace lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}

// safeBuffer is a bytes.Buffer for a logger written from several goroutines.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRootCause(t *testing.T) {
	for msg, want := range map[string]string{
		"crawler: host unreachable: sct.bentre.gov.vn: dial tcp: lookup sct.bentre.gov.vn on 10.0.0.53:53: no such host": "sct.bentre.gov.vn: the name does not resolve (DNS)",
		"crawler: fetch http://127.0.0.1:1/: dial tcp 127.0.0.1:1: connect: connection refused":                          "127.0.0.1:1: connection refused",
		"crawler: fetch https://a.vn/x: context deadline exceeded":                                                       "context deadline exceeded",
		"HTTP 503": "HTTP 503",
		"crawler: host unreachable: sct.bentre.gov.vn: lookup sct.bentre.gov.vn on 10.0.0.53:53: no such host": "sct.bentre.gov.vn: the name does not resolve (DNS)",
	} {
		if got := RootCause(msg); got != want {
			t.Errorf("RootCause(%q) = %q, want %q", msg, got, want)
		}
	}
}

// progressTransport checks the crawler's progress on every request it sends.
type progressTransport struct {
	c       **Crawler
	mu      sync.Mutex
	pending []int
}

func (p *progressTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for _, s := range (*p.c).Progress() {
		p.mu.Lock()
		p.pending = append(p.pending, s.Pending)
		p.mu.Unlock()
	}
	return http.DefaultTransport.RoundTrip(req)
}

// While a site is crawled, Progress counts the URL being fetched among its pending ones, so a
// progress bar has a total (requests + pending); at the end nothing is pending.
func TestProgress_Pending(t *testing.T) {
	t.Parallel()
	m := newMiniSite(t)
	cfg := m.config(t, "")
	s := tempArchive(t)
	var c *Crawler
	tr := &progressTransport{c: &c}
	c = New(cfg, s, Options{Transport: tr})
	sums, err := c.Run(context.Background(), cfg.Sites)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.pending) == 0 {
		t.Fatal("no request went through the transport")
	}
	for i, n := range tr.pending {
		if n < 1 {
			t.Errorf("request %d sent while progress says %d pending", i, n)
		}
	}
	if sums[0].Pending != 0 || c.Progress()[0].Pending != 0 {
		t.Errorf("pending after the run: %d", sums[0].Pending)
	}
}
