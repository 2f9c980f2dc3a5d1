package archive

import (
	"encoding/hex"
	"fmt"
)

// A content record holds an article's fields by content hash, so that a page's versions can be
// derived again from its captures alone. Since schema 5 a page's content records are keyed by
// the page's prefix and the hash's 32 bytes (37 bytes instead of 64 hex digits), so a crawl's
// new ones land at the end of the bucket like its versions and captures; records of older
// archives stay under the hex hash, shared by the whole archive, and are found there.

// contentKey is the key of url's content record for hash: the page's number and the hash's
// bytes, or the hash in hex for a page without a number (or a hash that is not hex sha256).
func contentKey(tx *txn, url, hash string) []byte {
	id, err := tx.pageID(url)
	if err != nil {
		tx.fail(fmt.Errorf("page %s: %w", url, err)) // as pagePrefix
	}
	raw, herr := hex.DecodeString(hash)
	if err != nil || id == 0 || herr != nil || len(raw) != 32 {
		return []byte(hash)
	}
	return append(numberPrefix(id), raw...)
}

// findContent returns the stored content record of url for hash: the page's own, or one stored
// under the hex hash by an older archive.
func findContent(tx *txn, url, hash string) []byte {
	v, _ := lookupContent(tx, url, hash)
	return v
}

// lookupContent is findContent, also returning the key a new record of url for hash takes.
func lookupContent(tx *txn, url, hash string) (v, key []byte) {
	b := tx.Bucket(bucketContents)
	key = contentKey(tx, url, hash)
	if v = b.Get(key); v == nil {
		v = b.Get([]byte(hash))
	}
	return v, key
}

// putContent stores an article's fields for url under its content hash, once.
func putContent(tx *txn, url, hash string, rec *contentRecord) error {
	v, key := lookupContent(tx, url, hash)
	if v != nil {
		return nil
	}
	return putRecord(tx, bucketContents, key, rec)
}

// putPrepared stores the content record of a prepared fetch.
func putPrepared(tx *txn, p *prepared) error {
	c := p.f.Content
	return putContent(tx, p.f.URL, p.hash, &contentRecord{
		Title: c.Title, Published: c.Published, Author: c.Author, Lead: c.Lead, TextBlob: p.textID, TextSize: p.textSize,
	})
}

// getContent reads url's content record for hash.
func getContent(tx *txn, url, hash string) (contentRecord, error) {
	var r contentRecord
	v := findContent(tx, url, hash)
	if v == nil {
		return r, fmt.Errorf("%w: content %s of %s missing", ErrCorrupt, hash, url)
	}
	return r, decodeRecord(v, &r)
}

// contentKeyHash is the content hash a content record's key names.
func contentKeyHash(k []byte) string {
	if len(k) == 37 && k[0] == 0 {
		return hex.EncodeToString(k[5:])
	}
	return string(k)
}
