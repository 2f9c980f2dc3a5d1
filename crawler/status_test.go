package crawler

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// Each crawl records a run; status counts failures in a row and remembers the last success.
func TestStatus_RunsAndFailures(t *testing.T) {
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
	st.Runs(t.Context(), "render", func(archive.Run) error { n++; return nil })
	if n != 3 {
		t.Errorf("%d runs recorded, want 3", n)
	}
}
