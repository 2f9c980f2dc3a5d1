package archive

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/newsarchive/newsarchive/archive/blobstore"
	"github.com/newsarchive/newsarchive/internal/workers"
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

// prepared is a fetch with its blobs hashed, ready to be put in a transaction.
type prepared struct {
	f        Fetch
	hash     string
	textID   string
	htmlID   string
	textSize int
}

// PutBatch stores fetches in one transaction and reports what each did. The bodies are
// compressed and written to the blob store's segments (and synced) before the transaction,
// which only records where they are: a crash in between leaves an uncommitted tail the next
// writer cuts off, never a record naming a blob that is not there.
func (s *Store) PutBatch(ctx context.Context, fetches []Fetch) ([]Result, error) {
	if len(fetches) == 0 {
		return nil, nil
	}
	for i := range fetches {
		if fetches[i].URL == "" || fetches[i].Time.IsZero() {
			return nil, fmt.Errorf("archive: put: fetch %d lacks a URL or time", i)
		}
	}
	if s.opts.ReadOnly {
		return nil, ErrReadOnly
	}
	preps, batch, err := s.prepare(ctx, fetches)
	if err != nil {
		return nil, err
	}
	var results []Result
	err = s.update(ctx, func(tx *bolt.Tx) error {
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
		return batch.Commit(tx)
	})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("archive: put %d pages: %w", len(fetches), err), batch.Abort())
	}
	s.log.Debug("committed", "pages", len(fetches), "blobs", batch.Blobs, "bytes", batch.Bytes)
	return results, nil
}

// prepare hashes the fetches' bodies and texts on every core, then hands them to the blob store,
// which compresses each page against its site's dictionary or its URL's previous HTML and writes
// the frames out: one page's HTML and text in one frame.
func (s *Store) prepare(ctx context.Context, fetches []Fetch) ([]prepared, *blobstore.Batch, error) {
	preps := make([]prepared, len(fetches))
	workers.Each(len(fetches), func(i int) {
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
	var batch *blobstore.Batch
	err := s.view(func(tx *bolt.Tx) error {
		puts := make([]blobstore.Put, 0, len(preps))
		for _, p := range preps {
			put := blobstore.Put{Site: p.f.Site}
			if p.htmlID != "" {
				put.Blobs = append(put.Blobs, p.f.Body)
				if prev := latestBody(tx, p.f.URL); prev != "" && prev != p.htmlID {
					put.Prev, _ = blobstore.ParseID(prev)
				}
			}
			if p.textID != "" {
				put.Blobs = append(put.Blobs, []byte(p.f.Content.Text))
			}
			if len(put.Blobs) > 0 {
				puts = append(puts, put)
			}
		}
		var err error
		batch, err = s.blobs.Append(ctx, tx, puts)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("archive: store blobs: %w", err)
	}
	return preps, batch, nil
}

// latestBody returns the body blob of a page's newest capture that kept one, or "": a
// recapture is stored as a delta against it.
func latestBody(tx *bolt.Tx, url string) string {
	prefix := pagePrefix(tx, url)
	c := tx.Bucket(bucketCaptures).Cursor()
	var k, v []byte
	if end := prefixEnd(prefix); end == nil {
		k, v = c.Last()
	} else if k, _ = c.Seek(end); k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	for n := 0; k != nil && bytes.HasPrefix(k, prefix) && n < 16; k, v = c.Prev() {
		var rec Capture
		if decodeRecord(v, &rec) == nil && rec.HTMLBlob != "" && rec.Role == RolePrimary {
			return rec.HTMLBlob
		}
		n++
	}
	return ""
}

func getPage(tx *bolt.Tx, url string) (Page, bool, error) {
	b := tx.Bucket(bucketPages).Get([]byte(url))
	if b == nil {
		return Page{}, false, nil
	}
	p, err := decodePage([]byte(url), b)
	if err != nil {
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
