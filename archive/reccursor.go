package archive

import (
	"encoding/binary"
	"fmt"
	"math"
)

// recCursor walks the records of one kind in all page records, in the order of their keys in
// schema 6 (the page's number prefix, then the record's key). It finds its place again from the
// key it returned last at every step, so a write between steps does not lose it.
type recCursor struct {
	t    *txn
	kind byte
	id   uint32
	cur  []byte // the suffix returned last in page id; nil when off the end
	// only, unless 0 (no page has that number), keeps the cursor to that page's records
	// (bucket.Within).
	only uint32
}

func (c *recCursor) First() ([]byte, []byte) { return c.fromPage(0, nil) }

func (c *recCursor) Last() ([]byte, []byte) { return c.beforePage(math.MaxUint32, true, nil) }

func (c *recCursor) Seek(k []byte) ([]byte, []byte) {
	if len(k) > 0 && k[0] != 0 {
		return c.off() // after every numbered key
	}
	if len(k) < 5 {
		var full [5]byte
		copy(full[:], k)
		k = full[:]
	}
	id, rest, _ := splitKey(k)
	return c.fromPage(id, rest)
}

func (c *recCursor) Next() ([]byte, []byte) {
	if c.cur == nil {
		return c.off()
	}
	return c.fromPage(c.id, keyAfter(c.cur))
}

func (c *recCursor) Prev() ([]byte, []byte) {
	if c.cur == nil {
		return c.off()
	}
	return c.beforePage(c.id, true, c.cur)
}

func (c *recCursor) off() ([]byte, []byte) {
	c.cur = nil
	return nil, nil
}

// fromPage returns the first record at or after suffix in page id, or in the pages after it.
func (c *recCursor) fromPage(id uint32, suffix []byte) ([]byte, []byte) {
	for {
		p, ok := c.pageAtOrAfter(id)
		if !ok {
			return c.off()
		}
		if p.id != id {
			suffix = nil
		}
		k, v, err := p.seekGE(c.kind, suffix)
		if err != nil {
			panic(err)
		}
		if k != nil {
			return c.at(p.id, k, v)
		}
		if p.id == math.MaxUint32 {
			return c.off()
		}
		id, suffix = p.id+1, nil
	}
}

// beforePage returns the last record before suffix (nil: the last of all) in page id when
// inclusive, or in the pages before it.
func (c *recCursor) beforePage(id uint32, inclusive bool, suffix []byte) ([]byte, []byte) {
	for {
		p, ok := c.pageAtOrBefore(id, inclusive)
		if !ok {
			return c.off()
		}
		if p.id != id {
			suffix = nil
		}
		k, v, err := p.seekLT(c.kind, suffix)
		if err != nil {
			panic(err)
		}
		if k != nil {
			return c.at(p.id, k, v)
		}
		id, inclusive, suffix = p.id, false, nil
	}
}

func (c *recCursor) at(id uint32, suffix, v []byte) ([]byte, []byte) {
	c.id, c.cur = id, suffix
	return append(numberPrefix(id), suffix...), v
}

// pageAtOrAfter returns the first page with a record whose number is id or more, whether made
// by this transaction or in the file.
func (c *recCursor) pageAtOrAfter(id uint32) (*pageRec, bool) {
	if c.only != 0 {
		return c.onlyPage(id <= c.only)
	}
	best, found := uint32(0), false
	if b := c.t.Tx.Bucket(bucketPageRecs); b != nil {
		if k, _ := b.Cursor().Seek(headKey(id)); k != nil {
			best, found = binary.BigEndian.Uint32(k), true
		}
	}
	for pid := range c.t.made { // pages made by this transaction are not in the file yet
		if pid >= id && (!found || pid < best) {
			best, found = pid, true
		}
	}
	return c.load(best, found)
}

// pageAtOrBefore returns the last page with a record whose number is at most id (less, unless
// inclusive).
func (c *recCursor) pageAtOrBefore(id uint32, inclusive bool) (*pageRec, bool) {
	if c.only != 0 {
		return c.onlyPage(id > c.only || (id == c.only && inclusive))
	}
	if !inclusive {
		if id == 0 {
			return nil, false
		}
		id--
	}
	best, found := uint32(0), false
	if b := c.t.Tx.Bucket(bucketPageRecs); b != nil {
		cur := b.Cursor()
		var k []byte
		if id == math.MaxUint32 {
			k, _ = cur.Last()
		} else if k, _ = cur.Seek(headKey(id + 1)); k == nil {
			k, _ = cur.Last()
		} else {
			k, _ = cur.Prev()
		}
		if k != nil {
			best, found = binary.BigEndian.Uint32(k), true
		}
	}
	for pid := range c.t.made {
		if pid <= id && (!found || pid > best) {
			best, found = pid, true
		}
	}
	return c.load(best, found)
}

// onlyPage is a bounded cursor's page, when in range and it has a record.
func (c *recCursor) onlyPage(inRange bool) (*pageRec, bool) {
	if !inRange {
		return nil, false
	}
	p, err := c.t.page(c.only)
	if err != nil {
		panic(err)
	}
	return p, p != nil
}

func (c *recCursor) load(id uint32, found bool) (*pageRec, bool) {
	if !found {
		return nil, false
	}
	p, err := c.t.page(id)
	if err != nil {
		panic(err)
	}
	if p == nil {
		panic(fmt.Errorf("%w: page record %d vanished", ErrCorrupt, id))
	}
	return p, true
}
