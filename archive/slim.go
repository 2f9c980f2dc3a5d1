package archive

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Records are stored without what their key or another record already holds, and filled in again
// when read. Each page's records once carried its URL three times over and every version the
// title, date, author, lead and text of its content record: a third of the database of a freshly
// crawled site (docs/STORAGE.md). Records written before keep their fields and read the same;
// a field is filled only where the stored record left it empty.

// putPage stores a page record under its URL, without the URL, headed by the page's number: a
// new page is given the next one; a page archived before numbers keeps none until movePage.
func putPage(tx *bolt.Tx, p *Page) error {
	stored := *p
	stored.URL = ""
	b, err := encodeRecord(&stored)
	if err != nil {
		return err
	}
	pages := tx.Bucket(bucketPages)
	key := []byte(p.URL)
	old := pages.Get(key)
	id, err := pageNumber(old)
	if err != nil {
		return fmt.Errorf("page %s: %w", p.URL, err)
	}
	if old == nil {
		if id, err = nextPageNumber(tx); err != nil {
			return err
		}
	}
	if id != 0 {
		b = numbered(id, b)
	}
	if err := pages.Put(key, b); err != nil {
		return fmt.Errorf("put pages: %w", err)
	}
	return nil
}

// numbered heads a stored page record with its page number.
func numbered(id uint32, rec []byte) []byte {
	out := binary.AppendUvarint([]byte{pageNumberedRecord}, uint64(id))
	return append(out, rec...)
}

// decodePage reads the page record stored under key.
func decodePage(key, raw []byte) (Page, error) {
	var p Page
	if err := decodeRecord(raw, &p); err != nil {
		return Page{}, err
	}
	if p.URL == "" {
		p.URL = string(key)
	}
	return p, nil
}

// putVersion stores a version under its page's URL and number, without the URL and, when its
// content record is there to give them back, without the article's fields.
func putVersion(tx *bolt.Tx, v *Version) error {
	stored := *v
	stored.URL = ""
	if v.ContentHash != "" && findContent(tx, v.URL, v.ContentHash) != nil {
		stored.Title, stored.Published, stored.Author, stored.Lead = "", "", "", ""
		stored.TextBlob, stored.TextSize = "", 0
	}
	return putRecord(tx, bucketVersions, versionKey(pagePrefix(tx, v.URL), v.N), &stored)
}

// decodeVersion reads a stored version of url, its article fields from its content record.
func decodeVersion(tx *bolt.Tx, url string, raw []byte) (Version, error) {
	var v Version
	if err := decodeRecord(raw, &v); err != nil {
		return Version{}, err
	}
	if v.URL == "" {
		v.URL = url
	}
	if v.TextBlob == "" && v.ContentHash != "" {
		rec, err := getContent(tx, url, v.ContentHash)
		if err != nil {
			return Version{}, fmt.Errorf("version %d of %s: %w", v.N, url, err)
		}
		v.Title, v.Published, v.Author, v.Lead = rec.Title, rec.Published, rec.Author, rec.Lead
		v.TextBlob, v.TextSize = rec.TextBlob, rec.TextSize
	}
	return v, nil
}

// putCapture stores a capture under key, without its URL (the key's) and validators that repeat
// its response headers.
func putCapture(tx *bolt.Tx, key []byte, c *Capture) error {
	stored := *c
	stored.URL = ""
	if stored.ETag == header(c.Response, "ETag") {
		stored.ETag = ""
	}
	if stored.LastModified == header(c.Response, "Last-Modified") {
		stored.LastModified = ""
	}
	return putRecord(tx, bucketCaptures, key, &stored)
}

// decodeCapture reads a stored capture of url.
func decodeCapture(url string, raw []byte) (Capture, error) {
	var c Capture
	if err := decodeRecord(raw, &c); err != nil {
		return Capture{}, err
	}
	if c.URL == "" {
		c.URL = url
	}
	if c.ETag == "" {
		c.ETag = header(c.Response, "ETag")
	}
	if c.LastModified == "" {
		c.LastModified = header(c.Response, "Last-Modified")
	}
	return c, nil
}
