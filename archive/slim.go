package archive

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"time"
)

// Records are stored without what their key or another record already holds, and filled in again
// when read. Each page's records once carried its URL three times over and every version the
// title, date, author, lead and text of its content record: a third of the database of a freshly
// crawled site (docs/STORAGE.md). Records written before keep their fields and read the same;
// a field is filled only where the stored record left it empty.

// putPage stores a page record under its URL, without the URL, headed by the page's number: a
// new page is given the next one; a page archived before numbers keeps none until movePage.
func putPage(tx *txn, p *Page) error {
	stored := *p
	stored.URL = ""
	pages := tx.Bucket(bucketPages)
	key := []byte(p.URL)
	id, err := tx.pageID(p.URL)
	if err != nil {
		return fmt.Errorf("page %s: %w", p.URL, err)
	}
	if id == 0 && tx.Tx.Bucket(bucketPages).Get(key) == nil {
		if id, err = nextPageNumber(tx); err != nil {
			return err
		}
	}
	b, err := encodePlain(&stored) // compressed by the pages bucket (txn.go)
	if err != nil {
		return err
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

// madeVersion is a version stored without what the capture that made it holds: since schema 6
// a version names that capture by its time and identity (see Capture.identity) instead of
// repeating its content hash, HTML blob, size and time, two sha256s in hex that were most of
// a version record (docs/STORAGE.md, "Versions by capture").
type madeVersion struct {
	N       int       `json:"n"`
	Capture time.Time `json:"capture"`
	// Last is left out when it is Capture: a version seen once.
	Last     time.Time `json:"last,omitzero"`
	Captures int       `json:"captures,omitempty"`
	// Made is the identity of the capture at Capture that made the version, in hex.
	Made string `json:"made"`
}

// storedVersion reads any stored version: a whole one, one without its article fields, or a
// madeVersion.
type storedVersion struct {
	Version
	Made string `json:"made,omitempty"`
}

// putVersion stores a version under its page's URL and number, without the URL and, when its
// content record is there to give them back, without the article's fields; and when it knows the
// capture that made it, as a madeVersion.
func putVersion(tx *txn, v *Version) error {
	key := versionKey(pagePrefix(tx, v.URL), v.N)
	hasContent := v.ContentHash != "" && findContent(tx, v.URL, v.ContentHash) != nil
	if hasContent && v.made != "" && v.Fetched.Equal(v.Capture) {
		mv := madeVersion{N: v.N, Capture: v.Capture, Last: v.Last, Captures: v.Captures, Made: hex.EncodeToString([]byte(v.made))}
		if mv.Last.Equal(mv.Capture) {
			mv.Last = time.Time{}
		}
		return putRecord(tx, bucketVersions, key, &mv)
	}
	stored := *v
	stored.URL = ""
	if hasContent {
		stored.Title, stored.Published, stored.Author, stored.Lead = "", "", "", ""
		stored.TextBlob, stored.TextSize = "", 0
	}
	return putRecord(tx, bucketVersions, key, &stored)
}

// decodeVersion reads a stored version of url, its article fields from its content record and,
// for a madeVersion, the rest from the capture that made it.
func decodeVersion(tx *txn, url string, raw []byte) (Version, error) {
	var sv storedVersion
	if err := decodeRecord(raw, &sv); err != nil {
		return Version{}, err
	}
	return completeVersion(tx, url, sv)
}

// completeVersion fills a stored version in from the records that hold what it left out.
func completeVersion(tx *txn, url string, sv storedVersion) (Version, error) {
	v := sv.Version
	if v.URL == "" {
		v.URL = url
	}
	if sv.Made != "" {
		if err := fillMade(tx, &v, sv.Made); err != nil {
			return Version{}, fmt.Errorf("version %d of %s: %w", v.N, url, err)
		}
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

// fillMade gives a version the fields of the capture that made it.
func fillMade(tx *txn, v *Version, made string) error {
	id, err := hex.DecodeString(made)
	if err != nil || len(id) != identityLen {
		return fmt.Errorf("%w: capture identity %q", ErrCorrupt, made)
	}
	c, err := madeBy(tx, v.URL, v.Capture, id)
	if err != nil {
		return err
	}
	v.ContentHash, v.HTMLBlob, v.HTMLSize, v.Fetched, v.made = c.Content, c.HTMLBlob, c.Size, c.Time, string(id)
	if v.Last.IsZero() {
		v.Last = v.Capture
	}
	return nil
}

// madeBy finds url's capture at t with identity id: under its key, or, for a capture stored
// before keys held identities, among the captures keyed by t alone. It decodes only the fields
// a version takes from it (and those of its identity), not its headers: reading a version is
// on the path of every listing.
func madeBy(tx *txn, url string, t time.Time, id []byte) (Capture, error) {
	at := timeKey(pagePrefix(tx, url), t)
	captures := tx.Bucket(bucketCaptures)
	if raw := captures.Get(append(bytes.Clone(at), id...)); raw != nil {
		return decodeMaker(raw)
	}
	if raw := captures.Get(at); raw != nil {
		c, err := decodeMaker(raw)
		if err != nil {
			return c, err
		}
		if ident := c.identity(); bytes.Equal(ident[:], id) {
			return c, nil
		}
	}
	return Capture{}, fmt.Errorf("%w: the capture of %s that made the version (%s, %x) is missing", ErrCorrupt, url, t.Format(time.RFC3339Nano), id)
}

// captureCore is what madeBy reads of a capture.
type captureCore struct {
	Time     time.Time `json:"time"`
	FetchURL string    `json:"fetch_url,omitempty"`
	FinalURL string    `json:"final_url,omitempty"`
	Status   int       `json:"status"`
	HTMLBlob string    `json:"html_blob,omitempty"`
	Size     int       `json:"size,omitempty"`
	Role     Role      `json:"role,omitempty"`
	Content  string    `json:"content,omitempty"`
}

func decodeMaker(raw []byte) (Capture, error) {
	var c captureCore
	if err := decodeRecord(raw, &c); err != nil {
		return Capture{}, err
	}
	return Capture{Time: c.Time, FetchURL: c.FetchURL, FinalURL: c.FinalURL, Status: c.Status, HTMLBlob: c.HTMLBlob, Size: c.Size, Role: c.Role, Content: c.Content}, nil
}

// putCapture stores a capture under key, without its URL (the key's) and validators that repeat
// its response headers.
func putCapture(tx *txn, key []byte, c *Capture) error {
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
