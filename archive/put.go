package archive

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Content is an extracted article as the archive compares and keeps it. Its fields are already
// normalised (NFC, folded spaces) by the extractor.
type Content struct {
	Title     string
	Published string // RFC 3339 with offset, YYYY-MM-DD, or ""
	Author    string
	Lead      string
	// Text is the body as the text export prints it after the title and date lines.
	Text string
}

// Hash identifies the content: two fetches of a page make one version when their hashes agree.
func (c *Content) Hash() string {
	h := sha256.New()
	for _, s := range []string{c.Title, c.Published, c.Author, c.Lead, c.Text} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Fetch is one capture of a page, handed to PutBatch: a crawled response, an imported WARC
// record, a redirect hop. The ingest package builds them; PutBatch is the archive's one write path
// for captures.
type Fetch struct {
	// URL is the page's key (see Canonicalize).
	URL string
	// FetchURL is the URL requested, when it differs from the key (redirects, tracking
	// parameters, rel=canonical, an alternate rendering).
	FetchURL string
	// FinalURL is the URL that answered, after redirects, when it differs from the key.
	FinalURL string
	// Site names the configured site the page belongs to. A page keeps the site it was first
	// archived under.
	Site string
	// Kind is what the page is; empty counts as an article.
	Kind Kind
	// Role is the capture's part in the page's history.
	Role Role
	// Time is when the response arrived.
	Time time.Time
	// Status is the HTTP status code.
	Status int
	// Request and Response are the headers as sent and received.
	Request, Response map[string][]string
	// Body is the raw response body; nil for 304, redirects and errors.
	Body []byte
	// Content is the extracted article; nil for anything that is not the article itself.
	Content *Content
	// Gone, when set, says why this capture shows the page no longer exists: a 404 or 410, or a
	// soft 404 (a deleted article redirected to the home page, a "không tồn tại" page).
	Gone string
}

// Outcome says what PutBatch did with a fetch.
type Outcome int

const (
	// New is the first version of a page the archive did not have.
	New Outcome = iota + 1
	// NewVersion is a changed article: a version was added.
	NewVersion
	// Unchanged is a capture of an article that did not change (the HTML may have).
	Unchanged
	// NotModified is a 304 answer to a conditional request.
	NotModified
	// Gone is a capture saying the page no longer exists; the page is marked gone.
	Gone
	// Skipped is a fetch with nothing to keep: an error status, an article page without an
	// article.
	Skipped
	// Duplicate is a capture the archive already holds (same page, second, status and payload):
	// nothing changed.
	Duplicate
	// Captured is a capture kept without touching the page's versions: a hub, a resource, an
	// alternate rendering, a redirect hop.
	Captured
	// Earlier is a capture older than the page's newest, fitted into its timeline: the page's
	// versions were derived again.
	Earlier
)

func (o Outcome) String() string {
	switch o {
	case New:
		return "new"
	case NewVersion:
		return "new version"
	case Unchanged:
		return "unchanged"
	case NotModified:
		return "not modified"
	case Gone:
		return "gone"
	case Skipped:
		return "skipped"
	case Duplicate:
		return "already archived"
	case Captured:
		return "captured"
	case Earlier:
		return "earlier capture"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Result is the outcome of one fetch.
type Result struct {
	URL     string
	Outcome Outcome
	// Version is the page's version the capture matched or made.
	Version int
}

// prepared is a fetch with its blobs hashed and compressed, ready to be put in a transaction.
type prepared struct {
	f        Fetch
	hash     string
	textID   string
	htmlID   string
	blobs    map[string][]byte // id → stored form, only those missing from the archive
	textSize int
}

// PutBatch stores fetches in one transaction and reports what each did. Hashing and compression
// happen before the transaction, which only puts bytes.
func (s *Store) PutBatch(ctx context.Context, fetches []Fetch) ([]Result, error) {
	if len(fetches) == 0 {
		return nil, nil
	}
	for i := range fetches {
		if fetches[i].URL == "" || fetches[i].Time.IsZero() {
			return nil, fmt.Errorf("archive: put: fetch %d lacks a URL or time", i)
		}
	}
	preps, err := s.prepare(fetches)
	if err != nil {
		return nil, err
	}
	var results []Result
	err = s.update(ctx, func(tx *bolt.Tx) error {
		fillBuckets(tx)
		results = results[:0]
		earlier := map[string]bool{}
		for i := range preps {
			r, err := putOne(tx, &preps[i], earlier)
			if err != nil {
				return err
			}
			results = append(results, r)
		}
		// Captures that arrived out of time order: the page's history is derived again from its
		// whole timeline, once per page and batch.
		for _, url := range sortedKeys(earlier) {
			if err := rederive(tx, url); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("archive: put %d pages: %w", len(fetches), err)
	}
	s.log.Debug("committed", "pages", len(fetches))
	return results, nil
}

// fillBuckets packs pages fuller than bbolt's default of half: the archive only ever adds keys,
// so the room left for inserts would stay empty.
func fillBuckets(tx *bolt.Tx) {
	for _, b := range [][]byte{bucketPages, bucketVersions, bucketCaptures, bucketBlobs, bucketContents} {
		tx.Bucket(b).FillPercent = 0.9
	}
}

// prepare hashes and compresses the bodies that the archive does not hold yet, spreading both
// over every core.
func (s *Store) prepare(fetches []Fetch) ([]prepared, error) {
	preps := make([]prepared, len(fetches))
	parallel(len(fetches), func(i int) {
		f := fetches[i]
		p := prepared{f: f}
		if len(f.Body) > 0 {
			p.htmlID = BlobID(f.Body)
		}
		if f.Content != nil {
			text := []byte(f.Content.Text)
			p.hash, p.textID, p.textSize = f.Content.Hash(), BlobID(text), len(text)
		}
		preps[i] = p
	})
	raw := map[string][]byte{}
	for _, p := range preps {
		if p.htmlID != "" {
			raw[p.htmlID] = p.f.Body
		}
		if p.textID != "" {
			raw[p.textID] = []byte(p.f.Content.Text)
		}
	}
	missing := map[string]bool{}
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketBlobs)
		for id := range raw {
			if b == nil || b.Get(mustHex(id)) == nil {
				missing[id] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	stored := s.compress(raw, missing)
	for i := range preps {
		preps[i].blobs = stored
	}
	return preps, nil
}

// compress encodes the missing blobs on every core: compression is most of what storing a page
// costs.
func (s *Store) compress(raw map[string][]byte, missing map[string]bool) map[string][]byte {
	ids := make([]string, 0, len(missing))
	for id := range missing {
		ids = append(ids, id)
	}
	out := make([][]byte, len(ids))
	parallel(len(ids), func(i int) { out[i] = s.codec.encode(raw[ids[i]]) })
	stored := make(map[string][]byte, len(ids))
	for i, id := range ids {
		stored[id] = out[i]
	}
	return stored
}

// parallel calls fn(0) … fn(n-1) on as many goroutines as there are cores.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

func mustHex(id string) []byte {
	b, err := hex.DecodeString(id)
	if err != nil {
		panic("archive: bad blob id " + id)
	}
	return b
}

func putBlob(tx *bolt.Tx, p *prepared, id string) error {
	if id == "" {
		return nil
	}
	stored, ok := p.blobs[id]
	if !ok {
		return nil // already in the archive when prepared
	}
	b := tx.Bucket(bucketBlobs)
	key := mustHex(id)
	if b.Get(key) != nil {
		return nil
	}
	if err := b.Put(key, stored); err != nil {
		return fmt.Errorf("put blob %s: %w", id, err)
	}
	return nil
}

func getPage(tx *bolt.Tx, url string) (Page, bool, error) {
	b := tx.Bucket(bucketPages).Get([]byte(url))
	if b == nil {
		return Page{}, false, nil
	}
	var p Page
	if err := decodeRecord(b, &p); err != nil {
		return Page{}, false, fmt.Errorf("page %s: %w", url, err)
	}
	return p, true, nil
}

func putRecord(tx *bolt.Tx, bucket, key []byte, v any) error {
	b, err := encodeRecord(v)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucket).Put(key, b); err != nil {
		return fmt.Errorf("put %s: %w", bucket, err)
	}
	return nil
}

// header returns the first value of a header, matching its name case-insensitively.
func header(h map[string][]string, name string) string {
	if v := http.Header(h).Get(name); v != "" {
		return v
	}
	for k, v := range h {
		if len(v) > 0 && bytes.EqualFold([]byte(k), []byte(name)) {
			return v[0]
		}
	}
	return ""
}

// versionKey is URL 0x00 big-endian version: a page's versions sort together, in order.
func versionKey(url string, n int) []byte {
	k := make([]byte, 0, len(url)+5)
	k = append(append([]byte(url), 0), 0, 0, 0, 0)
	binary.BigEndian.PutUint32(k[len(url)+1:], uint32(n))
	return k
}
