package archive

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// txn is a bbolt transaction as the archive's code sees it. Its Bucket gives the buckets by
// name as bbolt does, except that a numbered page's own record, versions, captures and content
// records live in that page's record (pagerec.go, schema 7) and not in the buckets of those
// names: Bucket returns for them a view that keeps the keys and values of schema 6 (the pages
// bucket keyed by URL; the others by page prefix, then the version number, capture time or
// content hash) and reads and writes the page's record for a numbered page that has one, the
// bucket itself for any other. Such a page's URL is in the URL index (urlindex.go), which
// gives its number. So all the code that finds a page's
// records by key prefix works on both layouts, and a page moves from one to the other in the
// transaction that first writes to it (or by `upgrade`), as in schema 5.
type txn struct {
	*bolt.Tx
	// pages are the page records this transaction has read or written, by page number.
	pages map[uint32]*pageRec
	// made are the pages whose record this transaction made, not yet in the file.
	made map[uint32]bool
	// blocks are the blocks of the URL index this transaction has read or written, by key.
	blocks map[string]*urlBlock
	// err is the first error met where a helper could not return one (a key built from a URL
	// whose index block does not decode): guard returns it, so the call fails and a write
	// rolls back instead of going on with a wrong key.
	err error
	txnOptions
}

// fail records err as the transaction's, unless one is recorded already.
func (t *txn) fail(err error) {
	if t.err == nil {
		t.err = err
	}
}

// txnOptions are what a transaction takes from its Store.
type txnOptions struct {
	// legacy writes new pages' records in the buckets, as schema 6 did: for tests that make
	// archives of the old layout.
	legacy bool
	// cache keeps decoded URL blocks across transactions; nil for none.
	cache *blockCache
}

func newTxn(tx *bolt.Tx, opts txnOptions) *txn {
	return &txn{Tx: tx, pages: map[uint32]*pageRec{}, made: map[uint32]bool{}, blocks: map[string]*urlBlock{}, txnOptions: opts}
}

// bucket is what the archive's code uses of a bbolt bucket.
type bucket interface {
	Get(k []byte) []byte
	Put(k, v []byte) error
	Delete(k []byte) error
	Cursor() cursor
	// Within is a cursor for keys that begin with prefix only: it may give nil, or any key,
	// past them, so callers stop at the first key without the prefix. For a prefix under one
	// page's number it never reads past that page's record, where Cursor would look on through
	// the next pages' records for the next key.
	Within(prefix []byte) cursor
	ForEach(fn func(k, v []byte) error) error
}

// cursor is what the archive's code uses of a bbolt cursor. Keys and values stay valid for the
// transaction, as bbolt's do, unless the transaction writes the same key. As with bbolt's, a
// walk must not write to the bucket it walks: collect first, then write (a merged cursor keeps
// the next key of each side and would return a key deleted meanwhile).
type cursor interface {
	First() ([]byte, []byte)
	Last() ([]byte, []byte)
	Seek(k []byte) ([]byte, []byte)
	Next() ([]byte, []byte)
	Prev() ([]byte, []byte)
}

// Bucket returns the bucket name, or nil when the file has none.
func (t *txn) Bucket(name []byte) bucket {
	b := t.Tx.Bucket(name)
	if b == nil {
		return nil
	}
	if kind, ok := recordKind(name); ok {
		return &recBucket{t: t, kind: kind, real: b}
	}
	if bytes.Equal(name, bucketPages) {
		return &pageBucket{t: t, real: b}
	}
	return boltBucket{b}
}

// boltBucket is a bucket of the file as it is.
type boltBucket struct{ *bolt.Bucket }

func (b boltBucket) Cursor() cursor { return b.Bucket.Cursor() }

func (b boltBucket) Within([]byte) cursor { return b.Bucket.Cursor() }

// recordKind is the kind of record a page record holds for a bucket name, if it holds that
// bucket's records.
func recordKind(name []byte) (byte, bool) {
	switch {
	case bytes.Equal(name, bucketVersions):
		return kindVersion, true
	case bytes.Equal(name, bucketCaptures):
		return kindCapture, true
	case bytes.Equal(name, bucketContents):
		return kindContent, true
	}
	return 0, false
}

// splitKey parts a key of a page's records into its page number and the rest, for keys under a
// number prefix (keys.go).
func splitKey(k []byte) (uint32, []byte, bool) {
	if len(k) < 5 || k[0] != 0 {
		return 0, nil, false
	}
	return binary.BigEndian.Uint32(k[1:5]), k[5:], true
}

// recBucket is the versions, captures or contents bucket seen through page records.
type recBucket struct {
	t    *txn
	kind byte
	real *bolt.Bucket
}

func (b *recBucket) Get(k []byte) []byte {
	id, rest, ok := splitKey(k)
	if !ok {
		return b.real.Get(k)
	}
	p, err := b.t.page(id)
	if err != nil {
		panic(err) // guard turns it into ErrCorrupt, as a damaged bbolt page would be
	}
	if p == nil {
		return b.real.Get(k)
	}
	v, err := p.get(b.kind, rest)
	if err != nil {
		panic(err)
	}
	return v
}

func (b *recBucket) Put(k, v []byte) error {
	if !b.t.Writable() {
		return berrors.ErrTxNotWritable
	}
	id, rest, ok := splitKey(k)
	if !ok {
		return putPacked(b.real, k, v)
	}
	p, err := b.t.pageToWrite(id)
	switch {
	case err != nil:
		return err
	case p == nil: // a test's archive of schema 6
		return putPacked(b.real, k, v)
	}
	return p.put(b.kind, rest, v)
}

// pageToWrite is the page record a write to page id goes to: its own, or a new one its records
// move into; nil for a legacy transaction writing a page that has none (it writes the buckets).
func (t *txn) pageToWrite(id uint32) (*pageRec, error) {
	p, err := t.page(id)
	if err == nil && p == nil && !t.legacy {
		p, err = t.pageForWrite(id)
	}
	return p, err
}

// putPacked stores a plain record in a bucket itself, compressed alone (packRecord).
func putPacked(b *bolt.Bucket, k, v []byte) error {
	packed, err := packRecord(v)
	if err != nil {
		return err
	}
	return b.Put(k, packed)
}

func (b *recBucket) Delete(k []byte) error {
	if !b.t.Writable() {
		return berrors.ErrTxNotWritable
	}
	id, rest, ok := splitKey(k)
	if !ok {
		return b.real.Delete(k)
	}
	p, err := b.t.page(id)
	if err != nil {
		return err
	}
	if p == nil {
		return b.real.Delete(k)
	}
	return p.remove(b.kind, rest)
}

func (b *recBucket) Cursor() cursor {
	return &mergeCursor{a: b.real.Cursor(), b: &recCursor{t: b.t, kind: b.kind}}
}

func (b *recBucket) Within(prefix []byte) cursor {
	id, _, ok := splitKey(prefix)
	if !ok {
		return b.Cursor()
	}
	return &mergeCursor{a: b.real.Cursor(), b: &recCursor{t: b.t, kind: b.kind, only: id}}
}

func (b *recBucket) ForEach(fn func(k, v []byte) error) error {
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// pageBucket is the pages bucket seen through page records: the pages of the URL index read as
// their page records, headed by their numbers, as schema 6 stored them in the bucket, where
// pages not yet moved (and pages without a number) still are.
type pageBucket struct {
	t    *txn
	real *bolt.Bucket
}

func (b *pageBucket) Get(k []byte) []byte {
	id, ok, err := b.t.indexedID(string(k))
	if err != nil {
		panic(err)
	}
	if ok {
		return b.t.pageRecord(id)
	}
	return b.real.Get(k)
}

// Put stores a page record: in its page record, with its URL in the index, when the page has a
// number (a new page's record made, an old one's moved there); in the bucket when it has none.
func (b *pageBucket) Put(k, v []byte) error {
	if !b.t.Writable() {
		return berrors.ErrTxNotWritable
	}
	id, rec, err := splitNumber(v)
	if err != nil || id == 0 {
		return putPacked(b.real, k, v)
	}
	p, err := b.t.pageToWrite(id)
	switch {
	case err != nil:
		return err
	case p == nil: // a test's archive of schema 6
		return putPacked(b.real, k, v)
	}
	if err := p.put(kindPage, nil, rec); err != nil {
		return err
	}
	if err := b.t.index(string(k), id); err != nil {
		return err
	}
	if b.real.Get(k) != nil {
		return b.real.Delete(k)
	}
	return nil
}

func (b *pageBucket) Delete(k []byte) error {
	if !b.t.Writable() {
		return berrors.ErrTxNotWritable
	}
	id, ok, err := b.t.indexedID(string(k))
	if err != nil {
		return err
	}
	if !ok {
		return b.real.Delete(k)
	}
	if p, err := b.t.page(id); err != nil {
		return err
	} else if p != nil {
		if err := p.remove(kindPage, nil); err != nil {
			return err
		}
	}
	return b.t.unindex(string(k))
}

func (b *pageBucket) Cursor() cursor {
	return &mergeCursor{a: b.real.Cursor(), b: &urlCursor{t: b.t}}
}

func (b *pageBucket) Within([]byte) cursor { return b.Cursor() }

func (b *pageBucket) ForEach(fn func(k, v []byte) error) error {
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// pageRecord is page id's own record as schema 6 stored it in the pages bucket: headed by its
// number. A page of the URL index without one is damage.
func (t *txn) pageRecord(id uint32) []byte {
	p, err := t.page(id)
	if err == nil && p == nil {
		err = fmt.Errorf("%w: page %d has no page record", ErrCorrupt, id)
	}
	if err != nil {
		panic(err)
	}
	rec, err := p.get(kindPage, nil)
	if err == nil && rec == nil {
		err = fmt.Errorf("%w: page record %d has no page", ErrCorrupt, id)
	}
	if err != nil {
		panic(err)
	}
	return numbered(id, rec)
}

// pageID is the number of url's page, read from the URL index or the pages bucket without
// decoding its record: 0 for a page without one or that the archive does not have.
func (t *txn) pageID(url string) (uint32, error) {
	id, ok, err := t.indexedID(url)
	if err != nil || ok {
		return id, err
	}
	return pageNumber(t.Tx.Bucket(bucketPages).Get([]byte(url)))
}
