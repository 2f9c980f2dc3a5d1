package blobstore

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/sitegen"
	bolt "go.etcd.io/bbolt"
)

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	ts := newTestStore(t, Options{})
	site := sitegen.New(1, "https://baodongkhoi.vn")
	var puts []Put
	for i := range 20 {
		puts = append(puts, pagePut(site, "bdk", i))
	}
	puts = append(puts, Put{Site: "other", Blobs: [][]byte{[]byte("tiny")}}, Put{Blobs: [][]byte{{}}})
	bt := ts.put(puts...)
	if bt.Blobs != 2*20+2+1 { // 20 pages, 20 texts, 2 small blobs, a dictionary
		t.Errorf("batch stored %d blobs, want 43", bt.Blobs)
	}
	ts.readsBack(puts)
	if again := ts.put(puts...); again.Blobs != 0 || again.Bytes != 0 {
		t.Errorf("storing the same blobs again wrote %d blobs, %d bytes", again.Blobs, again.Bytes)
	}
	if _, err := ts.get(Sum([]byte("absent"))); !errors.Is(err, ErrNotFound) {
		t.Errorf("absent blob: %v, want ErrNotFound", err)
	}
	if err := ts.verify(); err != nil {
		t.Fatal(err)
	}
}

func TestDictionaryAndDelta(t *testing.T) {
	t.Parallel()
	ts := newTestStore(t, Options{MaxDepth: 2})
	site := sitegen.New(2, "https://baodongkhoi.vn")
	var raw int
	for i := range 40 {
		p := pagePut(site, "bdk", i)
		raw += len(p.Blobs[0])
		ts.put(p) // one page a batch: the dictionary must grow over batches
	}
	var st siteState
	ts.db.View(func(tx *bolt.Tx) error {
		b, _ := openBuckets(tx)
		st, _ = loadSite(b, "bdk")
		return nil
	})
	if len(st.DictPages) < 4 {
		t.Errorf("dictionary holds %d pages after 40, want it grown to at least 4", len(st.DictPages))
	}
	// Recaptures: a chain of deltas, cut at MaxDepth.
	distinct := map[ID]bool{}
	for i := range 40 {
		for _, b := range pagePut(site, "bdk", i).Blobs {
			distinct[Sum(b)] = true
		}
	}
	prev := Sum(site.Page(39).HTML)
	var depths []uint8
	for k := 1; k <= 4; k++ {
		p := site.Capture(39, k, k%2)
		bt := ts.put(Put{Site: "bdk", Prev: prev, Blobs: [][]byte{p.HTML, []byte(p.Text)}})
		e := bt.entries[0].e
		depths = append(depths, e.Depth)
		if e.Base == refOf(prev) && bt.Bytes > 2000 {
			t.Errorf("recapture %d as a delta took %d bytes", k, bt.Bytes)
		}
		prev = Sum(p.HTML)
		distinct[prev], distinct[Sum([]byte(p.Text))] = true, true
		if got, err := ts.get(prev); err != nil || !bytes.Equal(got, p.HTML) {
			t.Fatalf("recapture %d: %v", k, err)
		}
	}
	if want := []uint8{2, 1, 2, 1}; !bytes.Equal(depths, want) {
		t.Errorf("depths %v, want %v (delta, then the dictionary again at MaxDepth 2)", depths, want)
	}
	if err := ts.verify(); err != nil {
		t.Fatal(err)
	}
	var stats Stats
	ts.db.View(func(tx *bolt.Tx) error {
		var err error
		stats, err = ts.s.Stats(context.Background(), tx)
		return err
	})
	// Deltas: recapture 1's HTML and text, recapture 3's HTML (its text is recapture 1's).
	// A one-page dictionary is that page's blob: it is counted once.
	if stats.Deltas != 3 || stats.Dicts < 3 || stats.Blobs < len(distinct) || stats.Blobs > len(distinct)+stats.Dicts {
		t.Errorf("stats %+v", stats)
	}
}

func TestRecoverDropsUncommittedTail(t *testing.T) {
	t.Parallel()
	ts := newTestStore(t, Options{})
	site := sitegen.New(3, "https://example.org")
	ts.put(pagePut(site, "s", 0))
	var committed int64
	ts.db.View(func(tx *bolt.Tx) error {
		sn, _ := ts.s.Snapshot(tx)
		committed = sn.Bytes()
		return nil
	})
	// Written and synced, never committed: a crash between the two.
	var bt *Batch
	ts.db.View(func(tx *bolt.Tx) error {
		var err error
		bt, err = ts.s.Append(context.Background(), tx, []Put{pagePut(site, "s", 1)})
		return err
	})
	seg := filepath.Join(DirFor(ts.path), segName(1))
	if fi, _ := os.Stat(seg); fi.Size() != committed+bt.Bytes {
		t.Fatalf("segment is %d bytes, want %d", fi.Size(), committed+bt.Bytes)
	}
	ts.close()
	ts.open(Options{})
	if fi, _ := os.Stat(seg); fi.Size() != committed {
		t.Errorf("after Recover the segment is %d bytes, want the committed %d", fi.Size(), committed)
	}
	if _, err := ts.get(Sum(site.Page(1).HTML)); !errors.Is(err, ErrNotFound) {
		t.Errorf("uncommitted blob: %v", err)
	}
	ts.put(pagePut(site, "s", 1))
	if err := ts.verify(); err != nil {
		t.Fatal(err)
	}
}

func TestAbort(t *testing.T) {
	t.Parallel()
	ts := newTestStore(t, Options{})
	site := sitegen.New(3, "https://example.org")
	ts.put(pagePut(site, "s", 0))
	seg := filepath.Join(DirFor(ts.path), segName(1))
	before, _ := os.Stat(seg)
	var bt *Batch
	ts.db.View(func(tx *bolt.Tx) error {
		var err error
		bt, err = ts.s.Append(context.Background(), tx, []Put{pagePut(site, "s", 1)})
		return err
	})
	if err := bt.Abort(); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(seg); after.Size() != before.Size() {
		t.Errorf("after Abort the segment is %d bytes, want %d", after.Size(), before.Size())
	}
}

func TestVerifyFindsDamage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		damage func(t *testing.T, ts *testStore)
	}{
		{"flipped byte", func(t *testing.T, ts *testStore) {
			f, err := os.OpenFile(filepath.Join(DirFor(ts.path), segName(1)), os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			fi, _ := f.Stat()
			b := make([]byte, 1)
			f.ReadAt(b, fi.Size()-10)
			b[0] ^= 0x55
			f.WriteAt(b, fi.Size()-10)
		}},
		{"truncated segment", func(t *testing.T, ts *testStore) {
			os.Truncate(filepath.Join(DirFor(ts.path), segName(1)), 100)
		}},
		{"blob misplaced in its group frame", func(t *testing.T, ts *testStore) {
			// The frame decodes, and Verify checks the first page's text against the frame
			// decoded for its HTML: a wrong offset inside the frame must still show.
			text := Sum([]byte(sitegen.New(4, "https://example.org").Page(0).Text))
			ts.db.Update(func(tx *bolt.Tx) error {
				b, _ := openBuckets(tx)
				e, _, err := b.lookup(text)
				if err != nil || e.Inner == 0 {
					t.Fatalf("the text's entry: %+v %v, want it after the frame's first blob", e, err)
				}
				e.Inner++
				return b.index.Put(text[:], e.marshal())
			})
		}},
		{"missing base", func(t *testing.T, ts *testStore) {
			ts.db.Update(func(tx *bolt.Tx) error {
				b, _ := openBuckets(tx)
				st, _ := loadSite(b, "s")
				return b.index.Delete(st.Dict[:])
			})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestStore(t, Options{})
			site := sitegen.New(4, "https://example.org")
			ts.put(pagePut(site, "s", 0), pagePut(site, "s", 1))
			if err := ts.verify(); err != nil {
				t.Fatal(err)
			}
			ts.close()
			ts.open(Options{ReadOnly: true})
			tt.damage(t, ts)
			if err := ts.verify(); !errors.Is(err, ErrCorrupt) {
				t.Errorf("verify after damage: %v, want ErrCorrupt", err)
			}
		})
	}
}

func TestSegmentsRoll(t *testing.T) {
	t.Parallel()
	ts := newTestStore(t, Options{SegmentSize: 8 << 10})
	site := sitegen.New(5, "https://example.org")
	for i := range 12 {
		ts.put(pagePut(site, "s", i))
	}
	segs, _ := listSegments(DirFor(ts.path))
	if len(segs) < 3 {
		t.Errorf("%d segments, want several at 8 KiB each", len(segs))
	}
	ts.close()
	ts.open(Options{SegmentSize: 8 << 10})
	ts.put(pagePut(site, "s", 12))
	if err := ts.verify(); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentReadWrite reads committed blobs from several goroutines while another appends
// and commits, on one Store and one database, as a crawl and a reader in one process do.
func TestConcurrentReadWrite(t *testing.T) {
	t.Parallel()
	ts := newTestStore(t, Options{})
	site := sitegen.New(12, "https://example.org")
	ts.put(pagePut(site, "s", 0))
	var mu sync.Mutex
	committed := []ID{Sum(site.Page(0).HTML)}
	done := make(chan struct{})
	var wg sync.WaitGroup
	for r := range 3 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				mu.Lock()
				id := committed[(i*7+r)%len(committed)]
				mu.Unlock()
				if _, err := ts.get(id); err != nil {
					t.Errorf("read %s while writing: %v", id, err)
					return
				}
				// Hundreds of reads over the writes, each opening a transaction between
				// commits; a tight loop only takes the writer's CPU under the race detector.
				time.Sleep(time.Millisecond)
			}
		})
	}
	for i := 1; i < 30; i += 3 {
		prev := site.Page(i - 1)
		r := site.Capture(i-1, 1, 1)
		ts.put(pagePut(site, "s", i), pagePut(site, "s", i+1),
			Put{Site: "s", Prev: Sum(prev.HTML), Blobs: [][]byte{r.HTML, []byte(r.Text)}})
		mu.Lock()
		committed = append(committed, Sum(site.Page(i).HTML), Sum([]byte(site.Page(i+1).Text)), Sum(r.HTML))
		mu.Unlock()
	}
	close(done)
	wg.Wait()
	if err := ts.verify(); err != nil {
		t.Fatal(err)
	}
}
