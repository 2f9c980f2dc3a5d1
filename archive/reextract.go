package archive

import (
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

// LatestHTML returns the newest capture of url that kept HTML.
func (s *Store) LatestHTML(url string) (Capture, error) {
	cs, err := s.Captures(url)
	if err != nil {
		return Capture{}, err
	}
	for i := len(cs) - 1; i >= 0; i-- {
		if cs[i].HTMLBlob != "" {
			return cs[i], nil
		}
	}
	return Capture{}, fmt.Errorf("%w: no stored HTML for %s", ErrNotFound, url)
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
