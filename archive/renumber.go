package archive

import (
	"bytes"
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// movePage gives a page archived before page numbers its number and moves its versions and
// captures to keys under it, in tx: all of a page's records move in one transaction, so a page
// is always wholly in one layout. It reports whether it moved anything; a page that has a number
// already, or that the archive does not have, is left alone.
func movePage(tx *bolt.Tx, url string) (bool, error) {
	pages := tx.Bucket(bucketPages)
	raw := pages.Get([]byte(url))
	if raw == nil {
		return false, nil
	}
	if id, err := pageNumber(raw); err != nil || id != 0 {
		return false, err
	}
	rec := bytes.Clone(raw)
	id, err := nextPageNumber(tx)
	if err != nil {
		return false, err
	}
	from, to := urlPrefix(url), numberPrefix(id)
	for _, name := range [][]byte{bucketVersions, bucketCaptures} {
		if err := moveRecords(tx.Bucket(name), from, to); err != nil {
			return false, fmt.Errorf("archive: number %s: %s: %w", url, name, err)
		}
	}
	if err := pages.Put([]byte(url), numbered(id, rec)); err != nil {
		return false, fmt.Errorf("archive: number %s: %w", url, err)
	}
	return true, nil
}

// moveRecords moves every record of b under prefix from to the same key under prefix to.
func moveRecords(b *bolt.Bucket, from, to []byte) error {
	type kv struct{ k, v []byte }
	var moved []kv
	c := b.Cursor()
	for k, v := c.Seek(from); k != nil && bytes.HasPrefix(k, from); k, v = c.Next() {
		moved = append(moved, kv{bytes.Clone(k), bytes.Clone(v)})
	}
	for _, r := range moved {
		if err := b.Delete(r.k); err != nil {
			return err
		}
		if err := b.Put(append(bytes.Clone(to), r.k[len(from):]...), r.v); err != nil {
			return err
		}
	}
	return nil
}

// RenumberStats count what UpgradeRecords did.
type RenumberStats struct {
	// Moved is how many pages got a number and had their records moved under it.
	Moved int
	// Already is how many pages had a number before.
	Already int
}

// renumberBatch is how many pages UpgradeRecords moves per transaction: a kill loses at most
// one batch's work, never a page's records half moved.
const renumberBatch = 256

// UpgradeRecords gives every page archived before page numbers (schema 5) its number and moves
// its versions and captures under it, a batch of pages per transaction, in URL order. Readers
// read every page the same before, during and after, and may read while it runs; it is safe to
// kill and run again, and an archive whose pages all have numbers is left as it is. A write to
// such a page (a recrawl) moves it too, so a crawl never has to wait for this.
func (s *Store) UpgradeRecords(ctx context.Context) (RenumberStats, error) {
	return s.upgradeRecords(ctx, renumberBatch, nil)
}

// upgradeRecords is UpgradeRecords with batches of size pages, calling committed (when set)
// after each batch's commit.
func (s *Store) upgradeRecords(ctx context.Context, size int, committed func(RenumberStats)) (RenumberStats, error) {
	var st RenumberStats
	if s.opts.ReadOnly {
		return st, ErrReadOnly
	}
	var after []byte
	for {
		done := false
		err := s.update(ctx, func(tx *bolt.Tx) error {
			var urls []string
			var err error
			urls, after, done, err = legacyPages(tx, after, size, &st)
			if err != nil {
				return err
			}
			for _, url := range urls {
				if err := ctx.Err(); err != nil {
					return err
				}
				if _, err := movePage(tx, url); err != nil {
					return err
				}
			}
			st.Moved += len(urls)
			return nil
		})
		if err != nil {
			return st, err
		}
		if committed != nil {
			committed(st)
		}
		if done {
			return st, nil
		}
	}
}

// legacyPages lists up to size pages without a number after key after, counting those with one
// in st; it returns the last key looked at and whether it reached the end.
func legacyPages(tx *bolt.Tx, after []byte, size int, st *RenumberStats) ([]string, []byte, bool, error) {
	c := tx.Bucket(bucketPages).Cursor()
	k, v := c.First()
	if after != nil {
		if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
			k, v = c.Next()
		}
	}
	var urls []string
	for ; k != nil; k, v = c.Next() {
		if len(urls) == size {
			return urls, after, false, nil
		}
		after = bytes.Clone(k)
		id, err := pageNumber(v)
		if err != nil {
			return nil, nil, false, fmt.Errorf("page %s: %w", k, err)
		}
		if id != 0 {
			st.Already++
			continue
		}
		urls = append(urls, string(k))
	}
	return urls, after, true, nil
}
