package archive

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"
)

// A page's versions and captures are keyed by a prefix naming the page, so that all of them are
// one cursor scan, in order. Since schema 5 the prefix is 0x00 and the page's number, four bytes
// big-endian, given when the page is first stored: 5 bytes instead of the URL (about 100 in a
// news site), in each of a page's records. Numbers grow with every new page, so a crawl's new
// records land at the end of their buckets, where bbolt fills leaves almost full (see
// appendFill), instead of all over the tree. Pages archived before keep their URL and a 0x00
// as prefix until a write to them or `newsarchive upgrade` moves their records (movePage);
// canonical URLs never begin with a NUL, so the two kinds of key cannot meet.

// keyNextPage is the meta key of the next page number to give, big-endian.
var keyNextPage = []byte("nextpage")

// appendFill is the FillPercent of the buckets keyed by page number: their new keys come in
// rising order, where bbolt's default of one half would leave every leaf half empty.
const appendFill = 0.9

// pageNumberedRecord is the format byte of a page record that carries its page number: the
// number as an unsigned varint follows, then the record as encodeRecord makes it.
const pageNumberedRecord byte = 3

// numberPrefix is the key prefix of the records of page number id.
func numberPrefix(id uint32) []byte {
	k := make([]byte, 5)
	binary.BigEndian.PutUint32(k[1:], id)
	return k
}

// urlPrefix is the key prefix of the records of a page archived before page numbers.
func urlPrefix(url string) []byte {
	return append([]byte(url), 0)
}

// pageNumber reads the page number at the head of a stored page record; 0 for a record without
// one (archived before schema 5).
func pageNumber(raw []byte) (uint32, error) {
	id, _, err := splitNumber(raw)
	return id, err
}

// splitNumber parts a stored record into its page number (0 when it has none) and the record
// as encodeRecord made it. A number heads a record once.
func splitNumber(raw []byte) (uint32, []byte, error) {
	if len(raw) == 0 || raw[0] != pageNumberedRecord {
		return 0, raw, nil
	}
	id, n := binary.Uvarint(raw[1:])
	if n <= 0 || id == 0 || id > math.MaxUint32 || len(raw) <= 1+n || raw[1+n] == pageNumberedRecord {
		return 0, nil, fmt.Errorf("%w: bad page number", ErrCorrupt)
	}
	return uint32(id), raw[1+n:], nil
}

// pagePrefix is the key prefix of url's versions and captures: its number's, or its URL's for
// a page archived before numbers and for a page the archive does not have. Where the URL index
// cannot say (a damaged block), the transaction fails (txn.fail): a read would find nothing and
// a write would put the page's records under a key no reader looks at.
func pagePrefix(tx *txn, url string) []byte {
	id, err := tx.pageID(url)
	if err != nil {
		tx.fail(fmt.Errorf("page %s: %w", url, err))
	}
	if err != nil || id == 0 {
		return urlPrefix(url)
	}
	return numberPrefix(id)
}

// nextPageNumber takes the next page number from the meta bucket.
func nextPageNumber(tx *txn) (uint32, error) {
	meta := tx.Bucket(bucketMeta)
	id := uint64(1)
	if v := meta.Get(keyNextPage); len(v) == 8 {
		id = binary.BigEndian.Uint64(v)
	}
	if id > math.MaxUint32 {
		return 0, fmt.Errorf("archive: no page numbers left (%d pages)", id-1)
	}
	next := make([]byte, 8)
	binary.BigEndian.PutUint64(next, id+1)
	if err := meta.Put(keyNextPage, next); err != nil {
		return 0, fmt.Errorf("archive: page number: %w", err)
	}
	return uint32(id), nil
}

// versionKey is the page's prefix, then the version number big-endian.
func versionKey(prefix []byte, n int) []byte {
	k := make([]byte, len(prefix)+4)
	copy(k, prefix)
	binary.BigEndian.PutUint32(k[len(prefix):], uint32(n))
	return k
}

// timeKey is the page's prefix, then big-endian unix nanoseconds.
func timeKey(prefix []byte, t time.Time) []byte {
	k := make([]byte, len(prefix)+8)
	copy(k, prefix)
	binary.BigEndian.PutUint64(k[len(prefix):], uint64(t.UnixNano()))
	return k
}

// tuneFill sets the fill of the buckets whose keys arrive in rising order, for one write
// transaction (bbolt keeps FillPercent per bucket handle, not in the file).
func tuneFill(tx *txn) {
	for _, name := range [][]byte{bucketVersions, bucketCaptures, bucketContents} {
		if b := tx.Tx.Bucket(name); b != nil {
			b.FillPercent = appendFill
		}
	}
}
