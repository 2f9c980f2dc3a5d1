package blobstore

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/newsarchive/newsarchive/internal/sitegen"
	bolt "go.etcd.io/bbolt"
)

var benchPages = flag.Int("pages", 3000, "pages of the synthetic site in BenchmarkStorage")

// benchBatch is how many pages the crawler commits at once.
const benchBatch = 64

// capture is one fetch of a page: its HTML, text, and the HTML it replaces.
type capture struct {
	html, text []byte
	prev       ID
}

// scenario is a crawl of one synthetic site: every page once, then every page again with its
// counter and "Tin mới" list moved and one in five silently edited.
type scenario struct {
	first, again []capture
	gzFirst      int64 // gzip -6 of the first captures' HTML, page by page
	gzAgain      int64
}

func newScenario(n int) *scenario {
	site := sitegen.New(11, "https://baodongkhoi.vn")
	sc := &scenario{first: make([]capture, n), again: make([]capture, n)}
	for i := range n {
		p := site.Page(i)
		sc.first[i] = capture{html: p.HTML, text: []byte(p.Text)}
		r := site.Capture(i, 5, boolInt(i%5 == 0))
		sc.again[i] = capture{html: r.HTML, text: []byte(r.Text), prev: Sum(p.HTML)}
		sc.gzFirst += int64(gzipSize(p.HTML))
		sc.gzAgain += int64(gzipSize(r.HTML))
	}
	return sc
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, 6)
	w.Write(b)
	w.Close()
	return buf.Len()
}

// layout is a way of storing captures in a bbolt file (plus any files beside it).
type layout interface {
	store(caps []capture) error
	read(id ID) ([]byte, error)
	diskBytes() (file, used int64)
	close()
}

// BenchmarkStorage stores a synthetic site's pages (HTML and text) in batches of 64, first
// captures then recaptures, in today's layout and in the blob store, and reports bytes on disk
// against the pages' own gzip -6 size, store time per page, and the read time of a page's
// latest HTML.
//
//	go test -run '^$' -bench Storage -benchtime 1x ./archive/blobstore [-pages 3000]
func BenchmarkStorage(b *testing.B) {
	sc := newScenario(*benchPages)
	for _, tc := range layouts {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				l := tc.open(b, b.TempDir())
				runScenario(b, sc, l)
				l.close()
			}
		})
	}
}

func runScenario(b *testing.B, sc *scenario, l layout) {
	n := len(sc.first)
	storeAll := func(caps []capture) time.Duration {
		start := time.Now()
		for i := 0; i < n; i += benchBatch {
			if err := l.store(caps[i:min(i+benchBatch, n)]); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(start)
	}
	t1 := storeAll(sc.first)
	file1, used1 := l.diskBytes()
	if d, ok := l.(interface{ detail(*testing.B, string) }); ok {
		d.detail(b, "first capture")
	}
	t2 := storeAll(sc.again)
	file2, used2 := l.diskBytes()
	// Read the latest HTML of 500 random pages.
	r := rand.New(rand.NewPCG(1, 2))
	const reads = 500
	start := time.Now()
	for range reads {
		c := sc.again[r.IntN(n)]
		got, err := l.read(Sum(c.html))
		if err != nil || len(got) != len(c.html) {
			b.Fatalf("read: %v", err)
		}
	}
	tr := time.Since(start)
	b.ReportMetric(float64(used1)/float64(sc.gzFirst), "used/gz-first")
	b.ReportMetric(float64(file1)/float64(sc.gzFirst), "file/gz-first")
	b.ReportMetric(float64(used2)/float64(sc.gzFirst+sc.gzAgain), "used/gz-both")
	b.ReportMetric(float64(used2-used1)/float64(sc.gzAgain), "used/gz-recapture")
	b.ReportMetric(float64(used1)/float64(n), "B/page-first")
	b.ReportMetric(float64(t1.Microseconds())/float64(n), "µs-store/page-first")
	b.ReportMetric(float64(t2.Microseconds())/float64(n), "µs-store/page-recapture")
	b.ReportMetric(float64(tr.Microseconds())/reads, "µs-read-latest")
	_ = file2
	if d, ok := l.(interface{ detail(*testing.B, string) }); ok {
		d.detail(b, "after recapture")
	}
}

func (l *blobLayout) detail(b *testing.B, when string) {
	l.ts.db.View(func(tx *bolt.Tx) error {
		st := tx.Bucket(bucketRoot).Bucket(bucketIndex).Stats()
		sn, _ := l.ts.s.Snapshot(tx)
		var dicts, ndict int64
		tx.Bucket(bucketRoot).Bucket(bucketIndex).ForEach(func(_, v []byte) error {
			if e, _ := unmarshalEntry(v); e.Dict {
				dicts += int64(e.Len)
				ndict++
			}
			return nil
		})
		b.Logf("%s: segments %d B (%d dictionaries: %d B), bbolt used %d B (index: %d keys, leaves %d B in use of %d B, branches %d B)", when, sn.Bytes(), ndict, dicts, tx.Size(), st.KeyN, st.LeafInuse, st.LeafAlloc, st.BranchAlloc)
		return nil
	})
}

// today is the archive's layout before this package: a bbolt bucket "blobs", sha256 → format
// byte + zstd (default level) of the blob alone, FillPercent 0.9, one update per batch.
type today struct {
	path string
	db   *bolt.DB
	enc  *zstd.Encoder
	dec  *zstd.Decoder
}

func openToday(b *testing.B, dir string) layout {
	path := filepath.Join(dir, "today.db")
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		b.Fatal(err)
	}
	enc, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault))
	dec, _ := zstd.NewReader(nil)
	return &today{path: path, db: db, enc: enc, dec: dec}
}

func (t *today) store(caps []capture) error {
	type kv struct {
		k [32]byte
		v []byte
	}
	var blobs []kv
	for _, c := range caps {
		for _, raw := range [][]byte{c.html, c.text} {
			z := t.enc.EncodeAll(raw, []byte{1})
			blobs = append(blobs, kv{sha256.Sum256(raw), z})
		}
	}
	return t.db.Update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists([]byte("blobs"))
		if err != nil {
			return err
		}
		bk.FillPercent = 0.9
		for _, x := range blobs {
			if bk.Get(x.k[:]) == nil {
				if err := bk.Put(x.k[:], x.v); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func (t *today) read(id ID) ([]byte, error) {
	var out []byte
	err := t.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket([]byte("blobs")).Get(id[:])
		if v == nil {
			return ErrNotFound
		}
		var err error
		out, err = t.dec.DecodeAll(v[1:], nil)
		if err == nil && Sum(out) != id {
			err = ErrCorrupt
		}
		return err
	})
	return out, err
}

func (t *today) diskBytes() (int64, int64) {
	fi, _ := os.Stat(t.path)
	var used int64
	t.db.View(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
	return fi.Size(), used
}

func (t *today) close() { t.db.Close(); t.enc.Close(); t.dec.Close() }

// blobLayout is the blob store in a bbolt file, as the archive will use it.
type blobLayout struct {
	ts *testStore
}

func openBlobstore(b *testing.B, dir string) layout {
	return &blobLayout{ts: newTestStore(b, Options{})}
}

// cold drops every cache: the first read in a new process.
func (l *blobLayout) cold() {
	l.ts.s.Close()
	s, err := Open(context.Background(), DirFor(l.ts.path), Options{ReadOnly: true})
	if err != nil {
		panic(err)
	}
	l.ts.s = s
}

func (t *today) cold() {
	t.dec.Close()
	t.dec, _ = zstd.NewReader(nil)
}

func (l *blobLayout) store(caps []capture) error {
	puts := make([]Put, len(caps))
	for i, c := range caps {
		puts[i] = Put{Site: "bdk", Prev: c.prev, Blobs: [][]byte{c.html, c.text}}
	}
	_, err := put(l.ts.db, l.ts.s, puts)
	return err
}

func (l *blobLayout) read(id ID) ([]byte, error) { return l.ts.get(id) }

func (l *blobLayout) diskBytes() (int64, int64) {
	fi, _ := os.Stat(l.ts.path)
	var used, segs int64
	l.ts.db.View(func(tx *bolt.Tx) error {
		used = tx.Size()
		sn, _ := l.ts.s.Snapshot(tx)
		segs = sn.Bytes()
		return nil
	})
	return fi.Size() + segs, used + segs
}

func (l *blobLayout) close() { l.ts.close() }

// layouts are the two layouts the benchmarks compare.
var layouts = []struct {
	name string
	open func(b *testing.B, dir string) layout
}{
	{"today", openToday},
	{"blobstore", openBlobstore},
}

// BenchmarkStore stores batches of 64 new pages (HTML and text); µs/page is the time per page.
//
//	go test -run '^$' -bench 'Store$|ReadLatest' -count 5 ./archive/blobstore
func BenchmarkStore(b *testing.B) {
	const n = 640
	sc := newScenario(n)
	for _, lt := range layouts {
		b.Run(lt.name, func(b *testing.B) {
			l := lt.open(b, b.TempDir())
			next := 0
			for b.Loop() {
				if next == n {
					b.StopTimer()
					l.close()
					l = lt.open(b, b.TempDir())
					next = 0
					b.StartTimer()
				}
				if err := l.store(sc.first[next : next+benchBatch]); err != nil {
					b.Fatal(err)
				}
				next += benchBatch
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*benchBatch), "µs/page")
			l.close()
		})
	}
}

// BenchmarkReadLatest reads the latest HTML of random pages that were captured twice: warm, by a
// reader that has read other pages of the site before (its decoded site dictionary is cached,
// as during an export; bases are cached up to 1 MiB only, so that 300 pages do not all fit),
// and cold, as the first read of a new process (opening the decoders included).
func BenchmarkReadLatest(b *testing.B) {
	const n = 300
	sc := newScenario(n)
	for _, lt := range []struct {
		name string
		open func(b *testing.B, dir string) layout
		cold bool
	}{
		{"today/warm", openToday, false},
		{"blobstore/warm", openBlobstore, false},
		{"today/cold", openToday, true},
		{"blobstore/cold", openBlobstore, true},
	} {
		b.Run(lt.name, func(b *testing.B) {
			l := lt.open(b, b.TempDir())
			defer l.close()
			for i := 0; i < n; i += benchBatch {
				l.store(sc.first[i:min(i+benchBatch, n)])
			}
			for i := 0; i < n; i += benchBatch {
				l.store(sc.again[i:min(i+benchBatch, n)])
			}
			if bl, ok := l.(*blobLayout); ok && !lt.cold {
				bl.ts.s.cache = newLRU[ID, []byte](1<<20, nil)
			}
			r := rand.New(rand.NewPCG(1, 2))
			for b.Loop() {
				if lt.cold {
					l.(interface{ cold() }).cold()
				}
				c := sc.again[r.IntN(n)]
				if _, err := l.read(Sum(c.html)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEncodeLevels is the compression alone of one page, with a 14-page site dictionary and
// without (today's layout compresses at SpeedDefault without one).
func BenchmarkEncodeLevels(b *testing.B) {
	site := sitegen.New(11, "https://x")
	var dict []byte
	for i := range 14 {
		dict = append(dict, site.Page(i).HTML...)
	}
	pages := make([][]byte, 64)
	for i := range pages {
		pages[i] = site.Page(100 + i).HTML
	}
	for _, lvl := range []zstd.EncoderLevel{zstd.SpeedFastest, zstd.SpeedDefault, zstd.SpeedBetterCompression, zstd.SpeedBestCompression} {
		b.Run(lvl.String(), func(b *testing.B) {
			e, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(lvl), zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(window), zstd.WithEncoderDictRaw(0, dict))
			n, tot := 0, 0
			for b.Loop() {
				tot += len(e.EncodeAll(pages[n%64], nil))
				n++
			}
			b.ReportMetric(float64(tot)/float64(n), "B/page")
		})
		b.Run(lvl.String()+"-nodict", func(b *testing.B) {
			e, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(lvl), zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(window))
			n := 0
			for b.Loop() {
				e.EncodeAll(pages[n%64], nil)
				n++
			}
		})
	}
}

// BenchmarkTextPlacement compares where a page's text goes: in its HTML's frame, or a frame of
// its own against the site dictionary. B/page is the mean stored size over 64 pages.
func BenchmarkTextPlacement(b *testing.B) {
	site := sitegen.New(11, "https://x")
	var dict []byte
	for i := range 14 {
		dict = append(dict, site.Page(i).HTML...)
	}
	e, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression), zstd.WithEncoderConcurrency(1),
		zstd.WithWindowSize(window), zstd.WithEncoderCRC(false), zstd.WithEncoderDictRaw(0, dict))
	var html, both, text int
	for i := range 64 {
		p := site.Page(100 + i)
		html += len(e.EncodeAll(p.HTML, nil))
		both += len(e.EncodeAll(append(append([]byte{}, p.HTML...), p.Text...), nil))
		text += len(e.EncodeAll([]byte(p.Text), nil))
	}
	for b.Loop() {
	}
	b.ReportMetric(float64(html)/64, "B/page-html")
	b.ReportMetric(float64(both-html)/64, "B/page-text-in-frame")
	b.ReportMetric(float64(text)/64, "B/page-text-alone")
}

// BenchmarkDictionaryTables asks whether one frame a page could be as small as a group frame
// if the site dictionary carried zstd entropy tables (a dictionary built with zstd.BuildDict
// from the same pages as history, and the pages as samples for its tables) instead of being
// raw: a page alone in its frame could then be read without decoding the pages before it in
// its group. B/page are the frames' bytes a page (HTML then text), of 300 pages after the
// dictionary's 14, framed alone (g1) or six together (g6).
//
//	go test -run '^$' -bench DictionaryTables ./archive/internal/blobstore
func BenchmarkDictionaryTables(b *testing.B) {
	site := sitegen.New(11, "https://x")
	var hist []byte
	var samples, pages [][]byte
	for i := range 14 {
		p := site.Page(i)
		hist = append(hist, p.HTML...)
		samples = append(samples, append(bytes.Clone(p.HTML), p.Text...))
	}
	for i := range 300 {
		p := site.Page(100 + i)
		pages = append(pages, append(bytes.Clone(p.HTML), p.Text...))
	}
	tables, err := zstd.BuildDict(zstd.BuildDictOptions{ID: 1 << 20, Contents: samples, History: hist,
		Offsets: [3]int{1, 4, 8}, Level: zstd.SpeedBetterCompression})
	if err != nil {
		b.Fatal(err)
	}
	opts := []zstd.EOption{zstd.WithEncoderLevel(zstd.SpeedBetterCompression), zstd.WithEncoderConcurrency(1),
		zstd.WithWindowSize(window), zstd.WithEncoderCRC(false)}
	raw, err1 := zstd.NewWriter(nil, append(opts, zstd.WithEncoderDictRaw(0, hist))...)
	built, err2 := zstd.NewWriter(nil, append(opts, zstd.WithEncoderDict(tables))...)
	if err := errors.Join(err1, err2); err != nil {
		b.Fatal(err)
	}
	size := func(e *zstd.Encoder, group int) float64 {
		total := 0
		for i := 0; i < len(pages); i += group {
			total += len(e.EncodeAll(bytes.Join(pages[i:min(i+group, len(pages))], nil), nil))
		}
		return float64(total) / float64(len(pages))
	}
	var rawG1, rawG6, builtG1, builtG6 float64
	for b.Loop() {
		rawG1, rawG6, builtG1, builtG6 = size(raw, 1), size(raw, 6), size(built, 1), size(built, 6)
	}
	b.ReportMetric(rawG1, "B/page-raw-g1")
	b.ReportMetric(rawG6, "B/page-raw-g6")
	b.ReportMetric(builtG1, "B/page-tables-g1")
	b.ReportMetric(builtG6, "B/page-tables-g6")
}

// BenchmarkReadGroups reads a random page's HTML and text, as `show` and the web view do, from
// first captures stored GroupPages to a frame (group.go), by a reader whose site dictionary
// decoder is warm; B/page is the segment bytes a page.
//
//	go test -run '^$' -bench ReadGroups -count 5 ./archive/blobstore
func BenchmarkReadGroups(b *testing.B) {
	const n = 640
	sc := newScenario(n)
	for _, g := range []int{1, 2, 3, 4} {
		b.Run(fmt.Sprintf("pages=%d", g), func(b *testing.B) {
			ts := newTestStore(b, Options{GroupPages: g})
			var seg int64
			for i := 0; i < n; i += benchBatch {
				var puts []Put
				for _, c := range sc.first[i:min(i+benchBatch, n)] {
					puts = append(puts, Put{Blobs: [][]byte{c.html, c.text}})
				}
				seg += ts.put(puts...).Bytes
			}
			r := rand.New(rand.NewPCG(1, 2))
			for b.Loop() {
				c := sc.first[r.IntN(n)]
				for _, blob := range [][]byte{c.text, c.html} {
					if _, err := ts.get(Sum(blob)); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(seg)/n, "B/page")
		})
	}
}

// BenchmarkEncodeSecondBase is what a second base per frame would cost (docs/STORAGE.md, "What
// is left"): each page coded against 13 dictionary pages plus the page before it, a dictionary
// of its own whose tables the encoder builds for every frame, against the site's 14-page
// dictionary in a cached encoder, as the store codes pages today.
//
//	go test -run '^$' -bench EncodeSecondBase ./archive/blobstore
func BenchmarkEncodeSecondBase(b *testing.B) {
	site := sitegen.New(11, "https://x")
	var dict13 []byte
	for i := range 13 {
		dict13 = append(dict13, site.Page(i).HTML...)
	}
	dict14 := append(bytes.Clone(dict13), site.Page(13).HTML...)
	pages := make([][]byte, 65)
	for i := range pages {
		pages[i] = site.Page(99 + i).HTML
	}
	b.Run("site-dictionary", func(b *testing.B) {
		e, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression), zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(window), zstd.WithLowerEncoderMem(true), zstd.WithEncoderDictRaw(0, dict14))
		n, tot := 0, 0
		for b.Loop() {
			tot += len(e.EncodeAll(pages[1+n%64], nil))
			n++
		}
		b.ReportMetric(float64(tot)/float64(n), "B/page")
	})
	b.Run("second-base", func(b *testing.B) {
		e, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression), zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(window), zstd.WithLowerEncoderMem(true))
		n, tot := 0, 0
		for b.Loop() {
			i := 1 + n%64
			if err := e.ResetWithOptions(nil, zstd.WithEncoderDictRaw(0, append(bytes.Clone(dict13), pages[i-1]...))); err != nil {
				b.Fatal(err)
			}
			tot += len(e.EncodeAll(pages[i], nil))
			n++
		}
		b.ReportMetric(float64(tot)/float64(n), "B/page")
	})
}

// BenchmarkFirstEncode is a store's first frame of a site with a dictionary: making the
// site's encoder (its tables, the dictionary hashed into them) and one page coded. With -cpu 8
// it shows what the encoders made up front for every core cost against those made as encodes
// at once need them (docs/BENCHMARKS.md).
//
//	go test -run '^$' -bench FirstEncode -benchmem -cpu 1,2,8 ./archive/internal/blobstore
func BenchmarkFirstEncode(b *testing.B) {
	site := sitegen.New(11, "https://x")
	var dict []byte
	for i := range 14 {
		dict = append(dict, site.Page(i).HTML...)
	}
	page := site.Page(20).HTML
	id := Sum(dict)
	b.ReportAllocs()
	for b.Loop() {
		c, err := newCodecs(newEncoders(zstd.SpeedBetterCompression)) // a new store in a new process
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.encode(page, id, dict, true); err != nil {
			b.Fatal(err)
		}
		c.close()
	}
}

// BenchmarkSitesInterleaved stores batches that each hold two new pages of four sites with
// dictionaries, as a crawl of several sites does: a store keeping fewer sites' encoders than
// the sites in its batches makes them again, dictionary hashed and all, in every batch.
//
//	go test -run '^$' -bench SitesInterleaved -benchtime 60x ./archive/internal/blobstore
func BenchmarkSitesInterleaved(b *testing.B) {
	ts := newTestStore(b, Options{})
	var sites []*sitegen.Site
	for k := range 4 {
		sites = append(sites, sitegen.New(uint64(20+k), fmt.Sprintf("https://s%d.example.org", k)))
	}
	batch := func(from, n int) {
		var puts []Put
		for k, s := range sites {
			for j := from; j < from+n; j++ {
				puts = append(puts, pagePut(s, fmt.Sprint("s", k), j))
			}
		}
		ts.put(puts...)
	}
	for i := 0; i < 20; i += 4 { // the sites' dictionaries
		batch(i, 4)
	}
	next := 100
	for b.Loop() {
		batch(next, 2)
		next += 2
	}
}

// BenchmarkVerify verifies a store of 600 first captures, six pages a frame, as `verify` does:
// ns/op is the whole Verify, µs/blob the time a blob.
//
//	go test -run '^$' -bench Verify -benchtime 5x ./archive/internal/blobstore
func BenchmarkVerify(b *testing.B) {
	const n = 600
	sc := newScenario(n)
	ts := newTestStore(b, Options{Level: zstd.SpeedBetterCompression})
	for i := 0; i < n; i += benchBatch {
		var puts []Put
		for _, c := range sc.first[i:min(i+benchBatch, n)] {
			puts = append(puts, Put{Site: "s", Blobs: [][]byte{c.html, c.text}})
		}
		ts.put(puts...)
	}
	for b.Loop() {
		if err := ts.verify(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/(2*n), "µs/blob")
}
