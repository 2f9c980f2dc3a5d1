package search

import (
	"encoding/binary"
	"fmt"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The index records how many versions of each page it holds in its own small bbolt file,
// versions.db, not in bleve's internal values: scorch rewrites all of those with every segment
// it persists, which made each batch cost as much as the whole index so far.
//
// The counts are written after bleve's batch of the documents has reached the disk, so a crash
// between the two leaves counts behind the documents, never ahead: the next catch-up indexes
// those versions again under the same document IDs.

const countsFile = "versions.db"

var bucketCounts = []byte("versions")

// counts is the per-page version count file of an index.
type counts struct{ db *bolt.DB }

func openCounts(dir string) (*counts, error) {
	db, err := bolt.Open(filepath.Join(dir, countsFile), 0o644, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("search: open %s: %w", countsFile, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketCounts)
		return err
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("search: %s: %w", countsFile, err)
	}
	return &counts{db: db}, nil
}

func (c *counts) close() error { return c.db.Close() }

// each calls fn with a lookup of the recorded counts, in one read transaction.
func (c *counts) view(fn func(get func(url string) int) error) error {
	return c.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCounts)
		return fn(func(url string) int {
			v := b.Get([]byte(url))
			n, _ := binary.Uvarint(v)
			return int(n)
		})
	})
}

// set records the counts of some pages.
func (c *counts) set(m map[string]int) error {
	return c.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCounts)
		for url, n := range m {
			if err := b.Put([]byte(url), binary.AppendUvarint(nil, uint64(n))); err != nil {
				return err
			}
		}
		return nil
	})
}
