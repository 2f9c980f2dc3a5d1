package archive

import (
	"bytes"
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Reextraction is a page's article extracted anew from HTML the archive already holds.
type Reextraction struct {
	URL     string
	Content *Content
	// HTMLBlob is the stored HTML it was extracted from; Capture the time of the capture that
	// fetched it.
	HTMLBlob string
	HTMLSize int
	Capture  time.Time
	// Time is when the re-extraction ran: the new version's time.
	Time time.Time
}

// LatestHTML calls fn, in one read transaction, with every page of a site ("" for all) and the
// newest of its captures that kept HTML, with that HTML. Pages without stored HTML are passed
// over. fn must not write to the store: the transaction holds the file until it returns.
func (s *Store) LatestHTML(ctx context.Context, site string, fn func(Page, Capture, []byte) error) error {
	return s.view(func(tx *bolt.Tx) error {
		return eachPage(ctx, tx, site, func(p Page) error {
			c, ok, err := latestHTMLCapture(tx, p.URL)
			if err != nil || !ok {
				return err
			}
			stored := getBlob(tx, c.HTMLBlob)
			if stored == nil {
				return fmt.Errorf("%w: blob %s of %s", ErrNotFound, c.HTMLBlob, p.URL)
			}
			html, err := s.codec.decode(c.HTMLBlob, stored)
			if err != nil {
				return err
			}
			return fn(p, c, html)
		})
	})
}

// latestHTMLCapture walks a page's captures newest first to the first that kept HTML.
func latestHTMLCapture(tx *bolt.Tx, url string) (Capture, bool, error) {
	prefix := append([]byte(url), 0)
	c := tx.Bucket(bucketCaptures).Cursor()
	// Keys are URL 0x00 time: the page's last capture sorts just before URL 0x01.
	k, v := c.Seek(append([]byte(url), 1))
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Prev() {
		var rec Capture
		if err := decodeRecord(v, &rec); err != nil {
			return Capture{}, false, err
		}
		if rec.HTMLBlob != "" {
			return rec, true, nil
		}
	}
	return Capture{}, false, nil
}

// PutReextractions adds a version to each page whose re-extracted article differs from its
// latest version, and reports how many did. Nothing is fetched and no capture is added: the new
// version points at the HTML it came from.
func (s *Store) PutReextractions(ctx context.Context, rs []Reextraction) (int, error) {
	if len(rs) == 0 {
		return 0, nil
	}
	type prep struct {
		r      Reextraction
		hash   string
		textID string
		stored []byte
		size   int
	}
	preps := make([]prep, len(rs))
	parallel(len(rs), func(i int) {
		text := []byte(rs[i].Content.Text)
		preps[i] = prep{r: rs[i], hash: rs[i].Content.Hash(), textID: BlobID(text), stored: s.codec.encode(text), size: len(text)}
	})
	changed := 0
	err := s.update(ctx, func(tx *bolt.Tx) error {
		fillBuckets(tx)
		changed = 0
		for _, p := range preps {
			page, found, err := getPage(tx, p.r.URL)
			if err != nil {
				return err
			}
			if !found || latestHash(tx, p.r.URL, page.Versions) == p.hash {
				continue
			}
			key := mustHex(p.textID)
			if tx.Bucket(bucketBlobs).Get(key) == nil {
				if err := tx.Bucket(bucketBlobs).Put(key, p.stored); err != nil {
					return err
				}
			}
			err = addVersion(tx, &page, p.r.Content, Version{
				URL: p.r.URL, Fetched: p.r.Time, ContentHash: p.hash, TextBlob: p.textID, TextSize: p.size,
				HTMLBlob: p.r.HTMLBlob, HTMLSize: p.r.HTMLSize, Capture: p.r.Capture,
			})
			if err != nil {
				return err
			}
			if err := putRecord(tx, bucketPages, []byte(p.r.URL), &page); err != nil {
				return err
			}
			changed++
		}
		return nil
	})
	return changed, err
}
