package archive

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

var bucketFailures = []byte("failures")

// Failure records a URL that could not be archived: a broken link, a page over the size cap, a
// document that is not HTML, a redirect loop. The crawler reads them back so it does not ask a
// server for the same dead URL on every run.
type Failure struct {
	URL   string    `json:"url"`
	Site  string    `json:"site,omitempty"`
	Kind  string    `json:"kind"`
	Error string    `json:"error,omitempty"`
	Count int       `json:"count"`
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
}

// PutFailures records failures, counting repeats of a URL.
func (s *Store) PutFailures(ctx context.Context, fs []Failure) error {
	if len(fs) == 0 {
		return nil
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketFailures)
		if err != nil {
			return err
		}
		for _, f := range fs {
			f.Count = max(f.Count, 1)
			var old Failure
			if v := b.Get([]byte(f.URL)); v != nil && decodeRecord(v, &old) == nil {
				f.Count += old.Count
				f.First = old.First
			}
			if f.First.IsZero() {
				f.First = f.Last
			}
			if err := putRecordIn(b, []byte(f.URL), &f); err != nil {
				return err
			}
		}
		return nil
	})
}

// Failures calls fn for every recorded failure of a site ("" for all).
func (s *Store) Failures(ctx context.Context, site string, fn func(Failure) error) error {
	return s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketFailures)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var f Failure
			if err := decodeRecord(v, &f); err != nil {
				return fmt.Errorf("failure %s: %w", k, err)
			}
			if site == "" || f.Site == site {
				return fn(f)
			}
			return nil
		})
	})
}

func putRecordIn(b *bolt.Bucket, key []byte, v any) error {
	enc, err := encodeRecord(v)
	if err != nil {
		return err
	}
	return b.Put(key, enc)
}

// ClearFailures forgets the failures of URLs that have since been fetched.
func (s *Store) ClearFailures(ctx context.Context, urls []string) error {
	if len(urls) == 0 {
		return nil
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketFailures)
		if b == nil {
			return nil
		}
		for _, u := range urls {
			if err := b.Delete([]byte(u)); err != nil {
				return err
			}
		}
		return nil
	})
}
