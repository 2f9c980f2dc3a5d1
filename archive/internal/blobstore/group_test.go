package blobstore

import (
	"bytes"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/newsarchive/newsarchive/internal/sitegen"
	bolt "go.etcd.io/bbolt"
)

// frameOf returns where a blob's frame lies, and its index entry.
func (ts *testStore) frameOf(id ID) (frameKey, entry) {
	ts.t.Helper()
	var e entry
	err := ts.db.View(func(tx *bolt.Tx) error {
		b, err := openBuckets(tx)
		if err != nil {
			return err
		}
		var ok bool
		e, ok, err = b.lookup(id)
		if !ok && err == nil {
			ts.t.Fatalf("blob %s not in the index", id)
		}
		return err
	})
	if err != nil {
		ts.t.Fatal(err)
	}
	return frameKey{e.Seg, e.Off, e.Len}, e
}

// frameSize returns the decoded size a frame's header gives.
func (ts *testStore) frameSize(k frameKey) uint64 {
	ts.t.Helper()
	frame, err := ts.s.files.readAt(k.seg, k.off, k.len)
	if err != nil {
		ts.t.Fatal(err)
	}
	var h zstd.Header
	if err := h.Decode(frame); err != nil || !h.HasFCS {
		ts.t.Fatalf("frame header: %v (size given: %v)", err, h.HasFCS)
	}
	return h.FrameContentSize
}

func TestGroupFrames(t *testing.T) {
	t.Parallel()
	ts := newTestStore(t, Options{GroupPages: 3})
	a, b := sitegen.New(3, "https://baodongkhoi.vn"), sitegen.New(4, "https://sct.bentre.gov.vn")
	ts.put(pagePut(a, "a", 0), pagePut(b, "b", 0)) // each site's dictionary
	// One batch, the sites' pages interleaved as a crawl of both brings them.
	var puts []Put
	site := map[ID]string{}
	for i := 1; i <= 7; i++ {
		for _, p := range []Put{pagePut(a, "a", i), pagePut(b, "b", i)} {
			puts = append(puts, p)
			for _, blob := range p.Blobs {
				site[Sum(blob)] = p.Site
			}
		}
	}
	ts.put(puts...)

	members := map[frameKey][]ID{}
	for id := range site {
		fk, e := ts.frameOf(id)
		if e.Codec != codecBase || e.Depth != 1 {
			t.Errorf("blob %s: codec %d depth %d, want coded with its site dictionary", id, e.Codec, e.Depth)
		}
		members[fk] = append(members[fk], id)
	}
	// 7 pages of each site, 3 a frame: 3 frames a site.
	if len(members) != 6 {
		t.Errorf("%d frames, want 6", len(members))
	}
	for fk, ids := range members {
		if len(ids) > 2*3 {
			t.Errorf("frame at %d holds %d blobs, more than 3 pages'", fk.off, len(ids))
		}
		for _, id := range ids[1:] {
			if site[id] != site[ids[0]] {
				t.Errorf("frame at %d mixes sites %q and %q", fk.off, site[ids[0]], site[id])
			}
		}
	}
	for _, got := range ts.readsBack(puts) {
		got[0] ^= 0xff // the caller's to keep: the cached frame must not change
	}
	ts.readsBack(puts[:1]) // read again from the cached frames

	// A recapture is a delta against its previous HTML, which is inside a group.
	again := a.Capture(2, 3, 1)
	prev := Sum(puts[2].Blobs[0])
	ts.put(Put{Site: "a", Prev: prev, Blobs: [][]byte{again.HTML, []byte(again.Text)}})
	if _, e := ts.frameOf(Sum(again.HTML)); e.Codec != codecBase || e.Base != refOf(prev) || e.Depth != 2 {
		t.Errorf("recapture: codec %d base %x depth %d, want a delta against %s at depth 2", e.Codec, e.Base, e.Depth, prev)
	}
	if got, err := ts.get(Sum(again.HTML)); err != nil || !bytes.Equal(got, again.HTML) {
		t.Fatalf("recapture read back: %v", err)
	}
	if err := ts.verify(); err != nil {
		t.Fatal(err)
	}
}

// TestGroupLimits checks that a frame's pages stay within GroupPages and GroupBytes, and that
// groups pay: the same pages take fewer bytes three to a frame than one.
func TestGroupLimits(t *testing.T) {
	t.Parallel()
	site := sitegen.New(5, "https://baodongkhoi.vn")
	puts := pagePuts(site, "a", 16)
	// The first batch makes the site's dictionary, big enough that the second does not make
	// another: its pages are all coded with it.
	frames := func(opts Options) (int, int64) {
		opts.DictBytes = 120 << 10
		ts := newTestStore(t, opts)
		ts.put(puts[:4]...)
		bt := ts.put(puts[4:]...)
		seen := map[frameKey]bool{}
		for _, p := range puts[4:] {
			fk, _ := ts.frameOf(Sum(p.Blobs[0]))
			seen[fk] = true
		}
		if err := ts.verify(); err != nil {
			t.Fatal(err)
		}
		return len(seen), bt.Bytes
	}
	one, oneBytes := frames(Options{GroupPages: 1})
	three, threeBytes := frames(Options{GroupPages: 3})
	small, _ := frames(Options{GroupPages: 3, GroupBytes: len(puts[1].Blobs[0]) + len(puts[1].Blobs[1]) + 1})
	if one != 12 || three != 4 || small != 12 {
		t.Errorf("frames for 12 pages: %d alone, %d three a frame, %d with room for one page; want 12, 4, 12", one, three, small)
	}
	if threeBytes >= oneBytes*95/100 {
		t.Errorf("three pages a frame took %d bytes, one a frame %d: want at least 5%% less", threeBytes, oneBytes)
	}
	t.Logf("12 pages: %d bytes one a frame, %d three a frame", oneBytes, threeBytes)
}

// A read of one blob of a frame of six pages decodes the frame only as far as that blob, and the
// cache holds that first part; a read of a later blob decodes further, and every blob reads back
// exactly, in any order, as Verify (which decodes whole frames) agrees.
func TestGroupFrames_ReadOnlyAsFarAsNeeded(t *testing.T) {
	t.Parallel()
	ts := newTestStore(t, Options{GroupPages: 6})
	site := sitegen.New(5, "https://baodongkhoi.vn")
	ts.put(pagePut(site, "a", 0)) // the site's dictionary
	var puts []Put
	for i := 1; i <= 6; i++ {
		puts = append(puts, pagePut(site, "a", i))
	}
	ts.put(puts...)
	ts.close()
	ts.open(Options{})
	first, second, fourth := puts[0].Blobs[0], puts[1].Blobs[1], puts[3].Blobs[1]
	fk, e := ts.frameOf(Sum(first))
	if lk, _ := ts.frameOf(Sum(puts[5].Blobs[1])); lk != fk {
		t.Fatal("the six pages are not one frame")
	}
	_, e2 := ts.frameOf(Sum(second))
	whole := ts.frameSize(fk)
	block := (e.Inner + e.Size + blockSize - 1) / blockSize * blockSize
	if e2.Inner+e2.Size > block || whole < block+partialGain {
		t.Fatalf("the pages do not fit the test: first ends at %d, second at %d, the frame holds %d", e.Inner+e.Size, e2.Inner+e2.Size, whole)
	}
	for _, step := range []struct {
		name string
		blob []byte
		want uint64 // bytes of the frame cached after the read
	}{
		{"the first page's HTML", first, block},   // decoded to the end of its block
		{"the second page's text", second, block}, // cut from that block
		{"the fourth page's text", fourth, whole}, // a frame read blob after blob is decoded whole
	} {
		if got, err := ts.get(Sum(step.blob)); err != nil || !bytes.Equal(got, step.blob) {
			t.Fatalf("%s: %v", step.name, err)
		}
		if data, ok := ts.s.frames.get(fk); !ok || uint64(len(data)) != step.want {
			t.Errorf("after %s, the cache holds %d bytes of the frame (cached %v), want %d", step.name, len(data), ok, step.want)
		}
	}
	ts.close()
	for _, order := range [][]int{{5, 0, 3}, {0, 1, 2, 3, 4, 5}, {4, 2}} {
		ts.open(Options{})
		for _, i := range order {
			ts.readsBack(puts[i : i+1])
		}
		ts.close()
	}
	ts.open(Options{})
	if err := ts.verify(); err != nil {
		t.Fatal(err)
	}
}
