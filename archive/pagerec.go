package archive

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"
)

// Schema 7 keeps a numbered page's versions, captures and content records in one record of the
// pagerecs bucket, compressed together (docs/STORAGE.md, "One record a page"): a page's records
// repeat each other's titles, dates, validators and times, and one bbolt entry instead of three
// or more saves their element headers and keys. A page's record is chunked by month so that a
// page captured every day for years (a home page) is not rewritten whole at each capture:
//
//	key: page number (4 bytes)                    value: the head: versions, contents and the
//	                                                 captures of the head's month
//	key: page number, then a month (2 bytes)       value: the page's captures of that month
//
// The head's month is the month of the first capture it took, so a page captured within one
// month, as most articles are on the first crawl, is one record. A month is counted from
// January 1970, UTC.
var bucketPageRecs = []byte("pagerecs")

// Kinds of records in a page record, in the order a chunk stores them.
const (
	kindVersion byte = iota
	kindCapture
	kindContent
	kindPage // the page's own record (Page), under an empty key; in the head
	kinds
)

// recordFill is the FillPercent of the page records: a head of a page captured once is about
// 470 bytes with its element header, so a leaf filled to appendFill's 90 % holds seven and one
// filled to 95 % eight; measured on 3,000 pages, 95 % also left the leaves fuller after every
// head grew with a recapture (docs/STORAGE.md).
const recordFill = 0.95

// chunkFormat heads a chunk's payload before it is compressed.
const chunkFormat byte = 1

// noMonth is the head's month before it takes a capture.
const noMonth = -1

// entry is one record in a chunk: its key without the page's prefix, and its stored form.
type entry struct {
	k, v []byte
}

// chunk is one stored part of a page record, decoded.
type chunk struct {
	ents  [kinds][]entry
	month int // the head's month, or this chunk's; noMonth for a head without captures
	dirty bool
}

// pageRec is a page's record as one transaction sees it.
type pageRec struct {
	id uint32
	// exists is whether the page has a record (in the file or made by this transaction); a page
	// without one keeps its records in the buckets (schema 6).
	exists bool
	head   *chunk
	// months are the months of the page's capture chunks besides the head, and their stored
	// forms until decoded (nil for a chunk made by this transaction).
	months map[int][]byte
	// loaded are the month chunks decoded.
	loaded map[int]*chunk
}

func headKey(id uint32) []byte { return binary.BigEndian.AppendUint32(nil, id) }

func monthKey(id uint32, month int) []byte {
	return binary.BigEndian.AppendUint16(headKey(id), uint16(month))
}

// monthOf is the month of a capture key's suffix (big-endian nanoseconds first), in the order of
// the keys: every capture before 1970 is in the last month; -2 for a key too short, which stays
// in the head.
func monthOf(suffix []byte) int {
	if len(suffix) < 8 {
		return -2
	}
	ns := int64(binary.BigEndian.Uint64(suffix))
	if ns < 0 { // before 1970: as bytes it sorts after every later time, so its chunk comes last
		return math.MaxUint16
	}
	t := time.Unix(0, ns).UTC()
	return min((t.Year()-1970)*12+int(t.Month())-1, math.MaxUint16-1)
}

// page returns page id's record, or nil when the page has none.
func (t *txn) page(id uint32) (*pageRec, error) {
	if p, ok := t.pages[id]; ok {
		if !p.exists {
			return nil, nil
		}
		return p, nil
	}
	p, err := t.loadPage(id)
	if err != nil {
		return nil, err
	}
	if len(t.pages) >= maxCachedPages {
		t.evict()
	}
	t.pages[id] = p
	if !p.exists {
		return nil, nil
	}
	return p, nil
}

// maxCachedPages bounds the clean page records a transaction keeps decoded: a walk over every
// page in one read transaction (stats, verify) would otherwise hold the whole archive.
const maxCachedPages = 256

// evict forgets the page records this transaction has not changed.
func (t *txn) evict() {
	for id, p := range t.pages {
		if !p.dirty() {
			delete(t.pages, id)
		}
	}
}

// dirty reports whether the page record has changes to write.
func (p *pageRec) dirty() bool {
	if p.head != nil && p.head.dirty {
		return true
	}
	for _, ch := range p.loaded {
		if ch.dirty {
			return true
		}
	}
	return false
}

func (t *txn) loadPage(id uint32) (*pageRec, error) {
	p := &pageRec{id: id, months: map[int][]byte{}, loaded: map[int]*chunk{}}
	b := t.Tx.Bucket(bucketPageRecs)
	if b == nil {
		return p, nil
	}
	prefix := headKey(id)
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		switch len(k) {
		case 4:
			head, err := decodeChunk(v, true)
			if err != nil {
				return nil, fmt.Errorf("page record %d: %w", id, err)
			}
			p.head, p.exists = head, true
		case 6:
			p.months[int(binary.BigEndian.Uint16(k[4:]))] = bytes.Clone(v)
		default:
			return nil, fmt.Errorf("%w: page record key %x", ErrCorrupt, k)
		}
	}
	if !p.exists && len(p.months) > 0 {
		return nil, fmt.Errorf("%w: page record %d has months and no head", ErrCorrupt, id)
	}
	return p, nil
}

// pageForWrite returns page id's record for a write, making it if the page has none: the
// page's records in the buckets, if any, move into it in this transaction.
func (t *txn) pageForWrite(id uint32) (*pageRec, error) {
	p, err := t.page(id)
	if err != nil || p != nil {
		return p, err
	}
	p = t.pages[id]
	p.exists, p.head = true, &chunk{month: noMonth, dirty: true}
	t.made[id] = true
	prefix := numberPrefix(id)
	for _, name := range [][]byte{bucketVersions, bucketCaptures, bucketContents} {
		kind, _ := recordKind(name)
		b := t.Tx.Bucket(name)
		var old []entry
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			old = append(old, entry{bytes.Clone(k), bytes.Clone(v)})
		}
		for _, e := range old {
			if err := p.put(kind, e.k[len(prefix):], e.v); err != nil {
				return nil, err
			}
			if err := b.Delete(e.k); err != nil {
				return nil, fmt.Errorf("move page %d: %w", id, err)
			}
		}
	}
	return p, nil
}

// chunkFor returns the chunk that holds (or would hold) a record; nil when it would be a month
// chunk the page does not have and create is false.
func (p *pageRec) chunkFor(kind byte, suffix []byte, create bool) (*chunk, error) {
	if kind != kindCapture {
		return p.head, nil
	}
	m := monthOf(suffix)
	if m < 0 {
		return p.head, nil
	}
	if p.head.month == noMonth && create {
		p.head.month, p.head.dirty = m, true
	}
	return p.chunkAt(m, create)
}

// month returns the page's chunk of month m, decoding it on first use.
func (p *pageRec) month(m int, create bool) (*chunk, error) {
	if ch, ok := p.loaded[m]; ok {
		return ch, nil
	}
	raw, ok := p.months[m]
	if !ok {
		if !create {
			return nil, nil
		}
		ch := &chunk{month: m, dirty: true}
		p.months[m], p.loaded[m] = nil, ch
		return ch, nil
	}
	ch, err := decodeChunk(raw, false)
	if err != nil {
		return nil, fmt.Errorf("page record %d month %d: %w", p.id, m, err)
	}
	ch.month = m
	p.loaded[m] = ch
	return ch, nil
}

func (p *pageRec) get(kind byte, suffix []byte) ([]byte, error) {
	ch, err := p.chunkFor(kind, suffix, false)
	if err != nil || ch == nil {
		return nil, err
	}
	ents := ch.ents[kind]
	i, found := slices.BinarySearchFunc(ents, suffix, cmpEntry)
	if !found {
		return nil, nil
	}
	return ents[i].v, nil
}

func (p *pageRec) put(kind byte, suffix, v []byte) error {
	v, err := plainRecord(v)
	if err != nil {
		return err
	}
	ch, err := p.chunkFor(kind, suffix, true)
	if err != nil {
		return err
	}
	ents := ch.ents[kind]
	i, found := slices.BinarySearchFunc(ents, suffix, cmpEntry)
	if found {
		ents[i].v = v
	} else {
		ch.ents[kind] = slices.Insert(ents, i, entry{bytes.Clone(suffix), v})
	}
	ch.dirty = true
	return nil
}

func (p *pageRec) remove(kind byte, suffix []byte) error {
	ch, err := p.chunkFor(kind, suffix, false)
	if err != nil || ch == nil {
		return err
	}
	if i, found := slices.BinarySearchFunc(ch.ents[kind], suffix, cmpEntry); found {
		ch.ents[kind] = slices.Delete(ch.ents[kind], i, i+1)
		ch.dirty = true
	}
	return nil
}

func cmpEntry(e entry, k []byte) int { return bytes.Compare(e.k, k) }

// plainRecord is a record's stored form uncompressed: the page record is compressed whole.
func plainRecord(v []byte) ([]byte, error) {
	if len(v) == 0 || v[0] != recordZstd {
		return bytes.Clone(v), nil
	}
	js, err := expandRecord(v)
	if err != nil {
		return nil, fmt.Errorf("record: %w", err)
	}
	return append([]byte{recordJSON}, js...), nil
}

// captureMonths are the months of the page's captures, in order: the head's, if it has one,
// among the others.
func (p *pageRec) captureMonths() []int {
	ms := make([]int, 0, len(p.months)+1)
	for m := range p.months {
		ms = append(ms, m)
	}
	if p.head.month != noMonth {
		ms = append(ms, p.head.month)
	}
	slices.Sort(ms)
	return ms
}

// chunkAt is the chunk of a capture month, decoded on first use: the head's, or its own (made
// when create is set and the page has none).
func (p *pageRec) chunkAt(m int, create bool) (*chunk, error) {
	if m == p.head.month {
		return p.head, nil
	}
	return p.month(m, create)
}

// seekGE returns the page's first record of kind whose key is at least suffix. Captures are
// searched from the month of suffix on, decoding a month's chunk only when it is reached.
func (p *pageRec) seekGE(kind byte, suffix []byte) ([]byte, []byte, error) {
	if kind != kindCapture {
		k, v := firstFrom(p.head.ents[kind], suffix)
		return k, v, nil
	}
	// Keys too short to have a month stay in the head (monthOf's -2); before any month.
	if p.head.month == noMonth {
		if k, v := firstFrom(p.head.ents[kind], suffix); k != nil {
			return k, v, nil
		}
	}
	months := p.captureMonths()
	i := 0
	if m0 := monthOf(suffix); m0 >= 0 {
		i = sort.SearchInts(months, m0)
	}
	for _, m := range months[i:] {
		ch, err := p.chunkAt(m, false)
		if err != nil {
			return nil, nil, err
		}
		if k, v := firstFrom(ch.ents[kind], suffix); k != nil {
			return k, v, nil
		}
	}
	return nil, nil, nil
}

// seekLT returns the page's last record of kind whose key is less than suffix, or the last of
// all when suffix is nil, decoding months' chunks from the month of suffix back.
func (p *pageRec) seekLT(kind byte, suffix []byte) ([]byte, []byte, error) {
	if kind != kindCapture {
		k, v := lastBefore(p.head.ents[kind], suffix)
		return k, v, nil
	}
	months := p.captureMonths()
	j := len(months)
	if m0 := monthOf(suffix); suffix != nil && m0 >= 0 {
		j = sort.SearchInts(months, m0+1)
	}
	for i := j - 1; i >= 0; i-- {
		ch, err := p.chunkAt(months[i], false)
		if err != nil {
			return nil, nil, err
		}
		if k, v := lastBefore(ch.ents[kind], suffix); k != nil {
			return k, v, nil
		}
	}
	if p.head.month == noMonth {
		k, v := lastBefore(p.head.ents[kind], suffix)
		return k, v, nil
	}
	return nil, nil, nil
}

// firstFrom is the first entry whose key is at least k.
func firstFrom(ents []entry, k []byte) ([]byte, []byte) {
	i := sort.Search(len(ents), func(i int) bool { return bytes.Compare(ents[i].k, k) >= 0 })
	if i == len(ents) {
		return nil, nil
	}
	return ents[i].k, ents[i].v
}

// lastBefore is the last entry whose key is less than k, or the last when k is nil.
func lastBefore(ents []entry, k []byte) ([]byte, []byte) {
	i := len(ents)
	if k != nil {
		i = sort.Search(len(ents), func(i int) bool { return bytes.Compare(ents[i].k, k) >= 0 })
	}
	if i == 0 {
		return nil, nil
	}
	return ents[i-1].k, ents[i-1].v
}

// flush writes the chunks this transaction changed.
func (t *txn) flush() error {
	if err := t.flushURLs(); err != nil {
		return err
	}
	if len(t.pages) == 0 {
		return nil
	}
	b, err := t.Tx.CreateBucketIfNotExists(bucketPageRecs)
	if err != nil {
		return fmt.Errorf("archive: page records: %w", err)
	}
	b.FillPercent = recordFill
	ids := make([]uint32, 0, len(t.pages))
	for id, p := range t.pages {
		if p.exists {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids) // in key order, as bbolt fills leaves best
	clear(t.made)
	for _, id := range ids {
		p := t.pages[id]
		if p.head.dirty {
			if err := putChunk(b, headKey(id), p.head, true); err != nil {
				return err
			}
			p.head.dirty = false
		}
		ms := make([]int, 0, len(p.loaded))
		for m := range p.loaded {
			ms = append(ms, m)
		}
		slices.Sort(ms)
		for _, m := range ms {
			if ch := p.loaded[m]; ch.dirty {
				if err := putChunk(b, monthKey(id, m), ch, false); err != nil {
					return err
				}
				ch.dirty = false
			}
		}
	}
	return nil
}

func putChunk(b interface {
	Put(k, v []byte) error
	Delete(k []byte) error
}, key []byte, ch *chunk, head bool) error {
	empty := true
	for _, ents := range ch.ents {
		empty = empty && len(ents) == 0
	}
	if empty && !head {
		if err := b.Delete(key); err != nil {
			return fmt.Errorf("archive: page record %x: %w", key, err)
		}
		return nil
	}
	v, err := encodeChunk(ch, head)
	if err != nil {
		return err
	}
	if err := b.Put(key, v); err != nil {
		return fmt.Errorf("archive: page record %x: %w", key, err)
	}
	return nil
}
