package archive

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
)

// The URL index (schema 7) maps a numbered page's URL to its number, in URL order, for lookups
// and for listings in URL order. A bbolt entry a URL cost about 180 bytes a page (a URL of 100
// bytes, its element header, leaves a third empty under random inserts); so the index keeps
// sorted blocks of URLs instead, each URL stored as what it does not share with the one before
// and the block compressed, about 30 bytes a URL (docs/STORAGE.md, "The URL index"). A block is
// keyed by its first URL as it was when the block was last written; it holds every URL from
// there to the next block's key (the first block, every URL before the second's), so the block
// of a URL is the one with the greatest key not after it.
var bucketURLs = []byte("urls")

// Block sizes: a block is split in halves when a write leaves it with more than maxBlockURLs;
// a lookup decodes one block (about 7 KB for 64 news URLs).
const (
	maxBlockURLs        = 128
	urlBlockFormat byte = 1
)

// urlEntry is one URL of the index and its page number.
type urlEntry struct {
	url string
	id  uint32
}

// urlBlock is a block of the index as a transaction sees it.
type urlBlock struct {
	key   string // its key in the file; "" for a block this transaction made in an empty index
	ents  []urlEntry
	dirty bool
}

// maxCachedBlocks bounds the clean blocks a transaction keeps decoded.
const maxCachedBlocks = 64

// urlBlockFor returns the block that holds url or would take it, or nil when the index is
// empty and create is false.
func (t *txn) urlBlockFor(url string, create bool) (*urlBlock, error) {
	key, ok := t.urlBlockKey(url)
	if !ok {
		if b := t.blocks[""]; b != nil || !create {
			return b, nil
		}
		b := &urlBlock{dirty: true}
		t.blocks[""] = b
		return b, nil
	}
	return t.urlBlock(key)
}

// urlBlockKey is the key of the block url belongs to, false when the index has no block.
func (t *txn) urlBlockKey(url string) (string, bool) {
	b := t.Tx.Bucket(bucketURLs)
	if b == nil {
		return "", false
	}
	c := b.Cursor()
	k, _ := c.Seek([]byte(url))
	switch {
	case k != nil && string(k) == url:
		return url, true
	case k == nil:
		k, _ = c.Last()
	default:
		if prev, _ := c.Prev(); prev != nil {
			k = prev
		} else {
			k, _ = c.First()
		}
	}
	if k == nil {
		return "", false
	}
	return string(k), true
}

// urlBlock returns the block stored under key, decoding it on first use.
func (t *txn) urlBlock(key string) (*urlBlock, error) {
	if b, ok := t.blocks[key]; ok {
		return b, nil
	}
	raw := t.Tx.Bucket(bucketURLs).Get([]byte(key))
	if raw == nil {
		return nil, fmt.Errorf("%w: URL block %q vanished", ErrCorrupt, key)
	}
	ents, ok := t.cache.get(key, raw)
	if !ok {
		var err error
		if ents, err = decodeURLBlock(raw); err != nil {
			return nil, fmt.Errorf("URL block %q: %w", key, err)
		}
		t.cache.put(key, raw, ents)
	}
	if len(t.blocks) >= maxCachedBlocks {
		for k, b := range t.blocks {
			if !b.dirty {
				delete(t.blocks, k)
			}
		}
	}
	b := &urlBlock{key: key, ents: ents}
	t.blocks[key] = b
	return b, nil
}

// indexedID is url's page number in the URL index; false when the index does not have url.
func (t *txn) indexedID(url string) (uint32, bool, error) {
	b, err := t.urlBlockFor(url, false)
	if err != nil || b == nil {
		return 0, false, err
	}
	i, found := b.find(url)
	if !found {
		return 0, false, nil
	}
	return b.ents[i].id, true, nil
}

func (b *urlBlock) find(url string) (int, bool) {
	return slices.BinarySearchFunc(b.ents, url, func(e urlEntry, u string) int {
		switch {
		case e.url < u:
			return -1
		case e.url > u:
			return 1
		}
		return 0
	})
}

// index sets url's page number in the URL index.
func (t *txn) index(url string, id uint32) error {
	b, err := t.urlBlockFor(url, true)
	if err != nil {
		return err
	}
	i, found := b.find(url)
	if found {
		if b.ents[i].id == id {
			return nil
		}
		b.ents[i].id = id
	} else {
		b.ents = slices.Insert(b.ents, i, urlEntry{url, id})
	}
	b.dirty = true
	return nil
}

// unindex takes url out of the URL index.
func (t *txn) unindex(url string) error {
	b, err := t.urlBlockFor(url, false)
	if err != nil || b == nil {
		return err
	}
	if i, found := b.find(url); found {
		b.ents = slices.Delete(b.ents, i, i+1)
		b.dirty = true
	}
	return nil
}

// flushURLs writes the blocks this transaction changed: a block too large as two or more,
// under the first URL of each; an empty one deleted.
func (t *txn) flushURLs() error {
	var dirty []*urlBlock
	for _, b := range t.blocks {
		if b.dirty {
			dirty = append(dirty, b)
		}
	}
	if len(dirty) == 0 {
		return nil
	}
	bk, err := t.Tx.CreateBucketIfNotExists(bucketURLs)
	if err != nil {
		return fmt.Errorf("archive: URL index: %w", err)
	}
	bk.FillPercent = appendFill
	slices.SortFunc(dirty, func(a, b *urlBlock) int { return cmpString(a.key, b.key) })
	for _, b := range dirty {
		if err := t.writeBlock(bk, b); err != nil {
			return err
		}
	}
	clear(t.blocks)
	return nil
}

func (t *txn) writeBlock(bk interface {
	Put(k, v []byte) error
	Delete(k []byte) error
}, b *urlBlock) error {
	parts := [][]urlEntry{b.ents}
	if n := len(b.ents); n > maxBlockURLs {
		parts = nil
		pieces := (n + maxBlockURLs/2 - 1) / (maxBlockURLs / 2)
		for i := range pieces {
			parts = append(parts, b.ents[i*n/pieces:(i+1)*n/pieces])
		}
	}
	if len(b.ents) == 0 || (b.key != "" && b.key != b.ents[0].url) {
		if b.key != "" {
			if err := bk.Delete([]byte(b.key)); err != nil {
				return fmt.Errorf("archive: URL index: %w", err)
			}
		}
	}
	for _, part := range parts {
		if len(part) == 0 {
			continue
		}
		v, err := encodeURLBlock(part)
		if err != nil {
			return err
		}
		if err := bk.Put([]byte(part[0].url), v); err != nil {
			return fmt.Errorf("archive: URL index: %w", err)
		}
	}
	b.dirty = false
	return nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// encodeURLBlock is a block's stored form: urlBlockFormat, the count, then each URL as the
// length it shares with the one before, the length and bytes of the rest, and its page number,
// compressed as a record is.
func encodeURLBlock(ents []urlEntry) ([]byte, error) {
	buf := binary.AppendUvarint([]byte{urlBlockFormat}, uint64(len(ents)))
	prev := ""
	for _, e := range ents {
		n := 0
		for n < len(prev) && n < len(e.url) && prev[n] == e.url[n] {
			n++
		}
		buf = binary.AppendUvarint(buf, uint64(n))
		buf = binary.AppendUvarint(buf, uint64(len(e.url)-n))
		buf = append(buf, e.url[n:]...)
		buf = binary.AppendUvarint(buf, uint64(e.id))
		prev = e.url
	}
	return compressRecord(buf)
}

func decodeURLBlock(stored []byte) ([]urlEntry, error) {
	r, err := openPayload(stored, urlBlockFormat, "URL block")
	if err != nil {
		return nil, err
	}
	n := r.uvarint()
	if n > uint64(len(r.buf)) {
		return nil, fmt.Errorf("%w: URL block count", ErrCorrupt)
	}
	ents := make([]urlEntry, 0, n)
	prev := ""
	for range n {
		shared := r.uvarint()
		rest := r.bytes()
		id := r.uvarint()
		if r.bad || shared > uint64(len(prev)) || id == 0 || id > math.MaxUint32 {
			return nil, fmt.Errorf("%w: URL block entry", ErrCorrupt)
		}
		url := prev[:shared] + string(rest)
		if len(ents) > 0 && url <= prev {
			return nil, fmt.Errorf("%w: URL block out of order at %q", ErrCorrupt, url)
		}
		ents = append(ents, urlEntry{url, uint32(id)})
		prev = url
	}
	if r.bad || len(r.buf) != 0 {
		return nil, fmt.Errorf("%w: URL block truncated or overlong", ErrCorrupt)
	}
	return ents, nil
}

// urlCursor walks the URL index in URL order, giving each URL's page record as the pages
// bucket of schema 6 stored it. Like recCursor it finds its place again from the URL it returned
// last at every step.
type urlCursor struct {
	t   *txn
	cur string
	on  bool
}

func (c *urlCursor) First() ([]byte, []byte) { return c.from("", false) }

func (c *urlCursor) Seek(k []byte) ([]byte, []byte) { return c.from(string(k), false) }

func (c *urlCursor) Next() ([]byte, []byte) {
	if !c.on {
		return nil, nil
	}
	return c.from(c.cur, true)
}

func (c *urlCursor) Last() ([]byte, []byte) { return c.before("", true) }

func (c *urlCursor) Prev() ([]byte, []byte) {
	if !c.on {
		return nil, nil
	}
	return c.before(c.cur, false)
}

// from returns the first URL at or after url (after it, when strict).
func (c *urlCursor) from(url string, strict bool) ([]byte, []byte) {
	b, err := c.t.urlBlockFor(url, false)
	for err == nil && b != nil {
		i, found := b.find(url)
		if found && strict {
			i++
		}
		if i < len(b.ents) {
			return c.at(b.ents[i])
		}
		b, err = c.t.nextURLBlock(b)
	}
	if err != nil {
		panic(err)
	}
	c.on = false
	return nil, nil
}

// before returns the last URL before url (the last of all when last).
func (c *urlCursor) before(url string, last bool) ([]byte, []byte) {
	var b *urlBlock
	var err error
	if last {
		b, err = c.t.lastURLBlock()
	} else {
		b, err = c.t.urlBlockFor(url, false)
	}
	for err == nil && b != nil {
		i := len(b.ents)
		if !last {
			i, _ = b.find(url)
		}
		if i > 0 {
			return c.at(b.ents[i-1])
		}
		last = true
		b, err = c.t.prevURLBlock(b)
	}
	if err != nil {
		panic(err)
	}
	c.on = false
	return nil, nil
}

func (c *urlCursor) at(e urlEntry) ([]byte, []byte) {
	c.cur, c.on = e.url, true
	return []byte(e.url), c.t.pageRecord(e.id)
}

// nextURLBlock is the block after b, nil after the last.
func (t *txn) nextURLBlock(b *urlBlock) (*urlBlock, error) { return t.besideURLBlock(b, true) }

// prevURLBlock is the block before b, nil before the first.
func (t *txn) prevURLBlock(b *urlBlock) (*urlBlock, error) { return t.besideURLBlock(b, false) }

// besideURLBlock is the block after b (before it, unless after), nil at the end.
func (t *txn) besideURLBlock(b *urlBlock, after bool) (*urlBlock, error) {
	bk := t.Tx.Bucket(bucketURLs)
	if b.key == "" || bk == nil {
		return nil, nil
	}
	c := bk.Cursor()
	if k, _ := c.Seek([]byte(b.key)); k == nil {
		return nil, nil
	}
	step := c.Prev
	if after {
		step = c.Next
	}
	k, _ := step()
	if k == nil {
		return nil, nil
	}
	return t.urlBlock(string(k))
}

// lastURLBlock is the index's last block, nil when it has none.
func (t *txn) lastURLBlock() (*urlBlock, error) {
	if b := t.blocks[""]; b != nil {
		return b, nil
	}
	bk := t.Tx.Bucket(bucketURLs)
	if bk == nil {
		return nil, nil
	}
	k, _ := bk.Cursor().Last()
	if k == nil {
		return nil, nil
	}
	return t.urlBlock(string(k))
}
