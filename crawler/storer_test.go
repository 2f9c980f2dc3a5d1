package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// batchLog is a real archive that remembers which URLs each PutBatch brought.
type batchLog struct {
	*archive.Store
	mu      sync.Mutex
	batches [][]string
}

func (b *batchLog) PutBatch(ctx context.Context, fs []archive.Fetch) ([]archive.Result, error) {
	var urls []string
	for _, f := range fs {
		urls = append(urls, f.URL)
	}
	b.mu.Lock()
	b.batches = append(b.batches, urls)
	b.mu.Unlock()
	return b.Store.PutBatch(ctx, fs)
}

// batchOf returns the index of the batch that brought url, or -1.
func (b *batchLog) batchOf(url string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, urls := range b.batches {
		if slices.Contains(urls, url) {
			return i
		}
	}
	return -1
}

// testClock is a clock the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func storerFetch(site, name string, kind archive.Kind) archive.Fetch {
	url := fmt.Sprintf("https://%s.example/%s.html", site, name)
	f := archive.Fetch{URL: url, Site: site, Kind: kind, Time: time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC), Status: 200,
		Body: []byte("<html><body><h1>" + name + "</h1><p>Nội dung bài " + name + "</p></body></html>")}
	if kind.IsArticle() {
		f.Content = &archive.Content{Title: "Bài " + name, Text: "Nội dung bài " + name}
	}
	return f
}

// TestStorerHoldsArticlesForGroups checks that a site's articles wait for a group's worth, the
// longest hold, or the end of the crawl, and that nothing else waits for them.
func TestStorerHoldsArticlesForGroups(t *testing.T) {
	t.Parallel()
	s, err := archive.Open(t.Context(), filepath.Join(t.TempDir(), "s.db"), archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	store := &batchLog{Store: s}
	clock := &testClock{t: time.Now()}
	st := &storer{store: store, in: make(chan storeReq, 64), stopped: make(chan struct{}), log: slog.New(slog.DiscardHandler),
		maxBatch: 64, maxWait: 5 * time.Millisecond, group: 3, maxHold: time.Minute, now: clock.now}
	go st.run()

	var mu sync.Mutex
	done := map[string]chan struct{}{}
	put := func(f archive.Fetch) {
		ch := make(chan struct{})
		mu.Lock()
		done[f.URL] = ch
		mu.Unlock()
		st.put(f, func(_ archive.Result, err error) {
			if err != nil {
				t.Errorf("store %s: %v", f.URL, err)
			}
			close(ch)
		})
	}
	wait := func(f archive.Fetch) {
		mu.Lock()
		ch := done[f.URL]
		mu.Unlock()
		select {
		case <-ch:
		case <-time.After(time.Minute):
			t.Fatalf("%s never stored", f.URL)
		}
	}
	stored := func(f archive.Fetch) bool { return store.batchOf(f.URL) >= 0 }

	a1, a2, a3 := storerFetch("a", "1", ""), storerFetch("a", "2", ""), storerFetch("a", "3", "")
	hub := storerFetch("a", "index", archive.KindHub)
	other := storerFetch("b", "1", "")
	put(a1)
	put(a2)
	put(other)
	put(hub)
	wait(hub) // committed in a batch after a1, a2 and other came: they were held
	if stored(a1) || stored(a2) || stored(other) {
		t.Fatalf("articles committed before their site had %d: batches %v", 3, store.batches)
	}
	put(a3)
	wait(a3)
	if b := store.batchOf(a1.URL); b < 0 || store.batchOf(a2.URL) != b || store.batchOf(a3.URL) != b {
		t.Errorf("a's three articles not in one batch: %v", store.batches)
	}
	if stored(other) {
		t.Errorf("b's one article committed with a's group")
	}

	clock.add(time.Minute) // b's article has waited long enough
	hub2 := storerFetch("b", "index", archive.KindHub)
	put(hub2)
	wait(hub2)
	if !stored(other) {
		t.Errorf("b's article still held after the longest hold")
	}

	last := storerFetch("c", "1", "")
	put(last)
	st.close()
	wait(last) // the end of the crawl commits what is held
	if _, err := s.Page(t.Context(), last.URL); err != nil {
		t.Errorf("held article after close: %v", err)
	}
}
