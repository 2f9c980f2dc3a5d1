package blobstore

import (
	"context"
	"errors"
	"fmt"
	"sync"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/newsarchive/newsarchive/internal/workers"
)

// Put is one page's blobs, stored together in one frame: usually its HTML first, then the
// text extracted from it, which then costs a few dozen bytes since the HTML holds it.
type Put struct {
	// Site names the page's site: its pages share a dictionary. "" is a site like any other.
	Site string
	// Prev is the id of the same URL's previous HTML, for a recapture; zero for a first capture.
	// The frame is stored as a delta against it while its chain is short (Options.MaxDepth).
	Prev ID
	// Blobs are the contents to store. Those already stored (by id) are skipped.
	Blobs [][]byte
}

// Batch is frames written and synced to segments, waiting for the index commit that makes them
// part of the archive. Commit it in the transaction that records what refers to its blobs, or
// Abort it.
type Batch struct {
	s       *Store
	entries []keyed
	segLen  map[uint32]int64
	sites   map[string]*siteState
	// first and end delimit what the batch wrote, for Abort.
	firstSeg      uint32
	firstOff, end int64
	// Blobs is how many blobs the batch stores; Bytes how many bytes it appended to segments.
	Blobs int
	Bytes int64
}

type keyed struct {
	id ID
	e  entry
}

// frame is one frame to write: its blobs, how it is coded, and what came out.
type frame struct {
	site   string
	ids    []ID
	blobs  [][]byte
	base   ID     // dictionary: a site dictionary or the previous HTML; zero for none
	dict   []byte // the base's content
	reuse  bool   // base is a site dictionary
	depth  uint8
	out    []byte
	codec  byte
	fresh  *page // the frame's first blob, a candidate for the site's next dictionary
	isDict bool
	// heads are the first blobs of the Puts the frame holds: one, or more in a group.
	heads []ID
}

// Append compresses and writes puts to the segments and syncs them, reading what it needs
// (which blobs exist, the sites' dictionaries, previous versions) from tx, a read or write
// transaction of the archive's database. Nothing is visible to readers until the returned
// Batch is committed. Recover must have run. Append holds tx open while it compresses: in the
// writer's read-only transaction that blocks no one but the writer itself.
func (s *Store) Append(ctx context.Context, tx *bolt.Tx, puts []Put) (*Batch, error) {
	if s.opts.ReadOnly {
		return nil, ErrReadOnly
	}
	b, err := openBuckets(tx)
	if err != nil {
		return nil, err
	}
	return s.appendWith(ctx, b, puts, b.has)
}

func (s *Store) appendWith(ctx context.Context, b buckets, puts []Put, stored func(ID) bool) (*Batch, error) {
	frames, sites, err := s.plan(ctx, b, puts, stored)
	if err != nil {
		return nil, err
	}
	var firstErr error
	var once sync.Once
	workers.Each(len(frames), func(i int) {
		if err := s.encode(&frames[i]); err != nil {
			once.Do(func() { firstErr = err })
		}
	})
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.write(frames, sites)
}

// plan drops blobs already stored, chooses each frame's base and makes new site dictionaries.
// stored says which blobs to skip: those stored in either layout, or, when moving legacy blobs,
// those in the new one.
func (s *Store) plan(ctx context.Context, b buckets, puts []Put, stored func(ID) bool) ([]frame, map[string]*siteState, error) {
	frames := s.newFrames(b, puts, stored)
	sites, dicts, err := s.siteDicts(ctx, b, frames)
	if err != nil {
		return nil, nil, err
	}
	if err := s.resolveBases(b, frames, sites, dicts); err != nil {
		return nil, nil, err
	}
	return append(dicts, group(frames, s.opts.GroupPages, s.opts.GroupBytes)...), sites, nil
}

// newFrames makes a frame of each put's blobs not stored yet nor earlier in the batch; a put
// with a previous version stored (not too deep in its chain) has that version as its base, the
// others are candidate dictionary pages (fresh).
func (s *Store) newFrames(b buckets, puts []Put, stored func(ID) bool) []frame {
	ids := make([][]ID, len(puts))
	workers.Each(len(puts), func(i int) {
		ids[i] = make([]ID, len(puts[i].Blobs))
		for j, blob := range puts[i].Blobs {
			ids[i][j] = Sum(blob)
		}
	})
	seen := map[ID]bool{}
	var frames []frame
	for i, p := range puts {
		f := frame{site: p.Site}
		for j, blob := range p.Blobs {
			id := ids[i][j]
			if seen[id] || stored(id) {
				continue
			}
			seen[id] = true
			f.ids, f.blobs = append(f.ids, id), append(f.blobs, blob)
			if j == 0 && len(blob) >= minDictPage {
				f.fresh = &page{id: id, size: len(blob), data: blob}
			}
		}
		if len(f.ids) == 0 {
			continue
		}
		if !p.Prev.IsZero() {
			if e, ok, err := b.lookup(p.Prev); err == nil && (ok && int(e.Depth) < s.opts.MaxDepth || !ok && b.has(p.Prev)) {
				f.base, f.depth, f.fresh = p.Prev, e.Depth+1, nil
			}
		}
		frames = append(frames, f)
	}
	return frames
}

// siteDicts loads the state of each site with frames without a base, makes the sites' new
// dictionaries (see wantDict) and remembers their fresh pages. It returns the states and the
// frames that store the new dictionaries.
func (s *Store) siteDicts(ctx context.Context, b buckets, frames []frame) (map[string]*siteState, []frame, error) {
	sites := map[string]*siteState{}
	var dicts []frame
	for i := range frames {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		f := &frames[i]
		if _, ok := sites[f.site]; ok || !f.base.IsZero() {
			continue
		}
		st, err := loadSite(b, f.site)
		if err != nil {
			return nil, nil, err
		}
		sites[f.site] = &st
		var fresh []page
		for _, g := range frames[i:] {
			if g.site == f.site && g.base.IsZero() && g.fresh != nil {
				fresh = append(fresh, *g.fresh)
			}
		}
		if st.wantDict(fresh, s.opts.DictBytes) {
			d, err := s.makeDict(b, &st, fresh)
			if err != nil {
				return nil, nil, err
			}
			if d != nil {
				dicts = append(dicts, *d)
			}
		}
		st.remember(fresh)
	}
	return sites, dicts, nil
}

// resolveBases gives each frame without a base its site's dictionary, and each frame with a base
// the base's content, checked against its id once a batch.
func (s *Store) resolveBases(b buckets, frames []frame, sites map[string]*siteState, dicts []frame) error {
	checked := map[ID]bool{}
	for i := range frames {
		f := &frames[i]
		if f.base.IsZero() {
			if st := sites[f.site]; !st.Dict.IsZero() {
				f.base, f.reuse, f.depth = st.Dict, true, 1
			}
		}
		if f.base.IsZero() {
			continue
		}
		var err error
		if f.dict, err = s.baseContent(b, f.base, dicts); err != nil {
			return fmt.Errorf("blobstore: base of a new blob: %w", err)
		}
		// Reads do not hash bases, only what is decoded with them; a new frame must not be
		// built on a damaged one.
		if !checked[f.base] {
			if Sum(f.dict) != f.base {
				return fmt.Errorf("%w: base %s: checksum mismatch", ErrCorrupt, f.base)
			}
			checked[f.base] = true
		}
	}
	return nil
}

// makeDict builds a site's next dictionary; it returns the frame that stores it, or nil when a
// blob with its bytes is already stored.
func (s *Store) makeDict(b buckets, st *siteState, fresh []page) (*frame, error) {
	pages := st.recent(fresh, s.opts.DictBytes)
	var content []byte
	for _, p := range pages {
		data := p.data
		if data == nil {
			var err error
			if data, err = s.get(b, p.id, 0, false); err != nil {
				return nil, fmt.Errorf("blobstore: page %s for a dictionary: %w", p.id, err)
			}
		}
		content = append(content, data...)
	}
	id := Sum(content)
	st.newDict(id, len(content), pages)
	s.cache.add(id, content, int64(len(content)))
	if b.has(id) {
		return nil, nil
	}
	return &frame{ids: []ID{id}, blobs: [][]byte{content}, isDict: true}, nil
}

// baseContent returns the content of a base: a dictionary made in this batch, or a stored blob.
func (s *Store) baseContent(b buckets, id ID, dicts []frame) ([]byte, error) {
	for _, d := range dicts {
		if d.ids[0] == id {
			return d.blobs[0], nil
		}
	}
	return s.get(b, id, 0, true)
}

// encode compresses a frame; it stays raw when compression does not pay.
func (s *Store) encode(f *frame) error {
	raw := f.blobs[0]
	if len(f.blobs) > 1 {
		// Sized up front: a group of six pages is some 340 KB, and growing it by appends
		// copied it about twice more (a fifth of a batch's CPU in BenchmarkPutBatch).
		n := 0
		for _, blob := range f.blobs {
			n += len(blob)
		}
		raw = make([]byte, 0, n)
		for _, blob := range f.blobs {
			raw = append(raw, blob...)
		}
	}
	var dict []byte
	if !f.base.IsZero() {
		dict = f.dict
	}
	z, err := s.codecs.encode(raw, f.base, dict, f.reuse)
	if err != nil {
		return err
	}
	switch {
	case len(z) >= len(raw):
		f.out, f.codec, f.base, f.depth = raw, codecRaw, ID{}, 0
	case dict != nil:
		f.out, f.codec = z, codecBase
	default:
		f.out, f.codec, f.depth = z, codecZstd, 0
	}
	return nil
}

// write appends the frames, syncs them, and returns the batch to commit.
func (s *Store) write(frames []frame, sites map[string]*siteState) (*Batch, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return nil, ErrClosed
	case !s.recovered:
		return nil, ErrNotRecovered
	}
	bt := &Batch{s: s, segLen: map[uint32]int64{}, sites: sites}
	for i, f := range frames {
		seg, off, err := s.w.write(f.out)
		if err != nil {
			return nil, errors.Join(err, s.abortLocked(bt))
		}
		if i == 0 {
			bt.firstSeg, bt.firstOff = seg, off
		}
		bt.end = off + int64(len(f.out))
		bt.segLen[seg] = bt.end
		bt.Bytes += int64(len(f.out))
		var inner uint64
		for j, id := range f.ids {
			e := entry{Codec: f.codec, Seg: seg, Off: uint64(off), Len: uint64(len(f.out)), Inner: inner, Size: uint64(len(f.blobs[j])), Base: refOf(f.base), Depth: f.depth, Dict: f.isDict}
			inner += e.Size
			bt.entries = append(bt.entries, keyed{id, e})
		}
		if st := sites[f.site]; st != nil && f.reuse {
			// Each page of a group counts, at the group's ratio: the redesign rule counts pages.
			for _, id := range f.heads {
				st.observe(id, len(f.out), int(inner))
			}
		}
	}
	bt.Blobs = len(bt.entries)
	if err := s.w.sync(); err != nil {
		return nil, errors.Join(err, s.abortLocked(bt))
	}
	return bt, nil
}

// Commit records the batch's blobs in the index, in tx, a write transaction of the archive's
// database: the blobs exist for readers once tx commits. Blobs stored meanwhile by another batch
// keep their first copy.
func (bt *Batch) Commit(tx *bolt.Tx) error {
	b, err := openBuckets(tx)
	if err != nil {
		return err
	}
	if b.index == nil {
		return fmt.Errorf("blobstore: commit: %w", berrors.ErrTxNotWritable)
	}
	for _, k := range bt.entries {
		if b.index.Get(k.id[:]) != nil {
			continue
		}
		if err := b.index.Put(k.id[:], k.e.marshal()); err != nil {
			return fmt.Errorf("blobstore: index %s: %w", k.id, err)
		}
	}
	for seg, n := range bt.segLen {
		if err := putSegLen(b.segs, seg, n); err != nil {
			return fmt.Errorf("blobstore: segment length: %w", err)
		}
	}
	for site, st := range bt.sites {
		if err := putSite(b.sites, site, st); err != nil {
			return err
		}
	}
	return nil
}

// Abort gives up a batch whose commit failed: its bytes are cut off the segment when nothing was
// written after them, and otherwise left as garbage no index entry refers to.
func (bt *Batch) Abort() error {
	bt.s.mu.Lock()
	defer bt.s.mu.Unlock()
	return bt.s.abortLocked(bt)
}

func (s *Store) abortLocked(bt *Batch) error {
	if s.w == nil || len(bt.segLen) != 1 {
		return nil
	}
	return s.w.truncate(bt.firstSeg, bt.firstOff, bt.end)
}
