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
	return rekey(b, from, func(k []byte) []byte { return append(bytes.Clone(to), k[len(from):]...) })
}

// rekey moves every record of b whose key begins with prefix to the key newKey gives it.
func rekey(b *bolt.Bucket, prefix []byte, newKey func(k []byte) []byte) error {
	type kv struct{ k, v []byte }
	var moved []kv
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		moved = append(moved, kv{bytes.Clone(k), bytes.Clone(v)})
	}
	for _, r := range moved {
		if err := b.Delete(r.k); err != nil {
			return err
		}
		if err := b.Put(newKey(r.k), r.v); err != nil {
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
// after each batch's commit. The pages without a number are listed in short read transactions
// (see keyed) and moved between them.
func (s *Store) upgradeRecords(ctx context.Context, size int, committed func(RenumberStats)) (RenumberStats, error) {
	var st RenumberStats
	if s.opts.ReadOnly {
		return st, ErrReadOnly
	}
	var batch []string
	move := func() error {
		if len(batch) == 0 {
			return nil
		}
		n := 0
		err := s.update(ctx, func(tx *bolt.Tx) error {
			for _, url := range batch {
				moved, err := movePage(tx, url)
				if err != nil {
					return err
				}
				if moved {
					n++
				}
			}
			return nil
		})
		batch = batch[:0]
		if err != nil {
			return err
		}
		st.Moved += n
		if committed != nil {
			committed(st)
		}
		return nil
	}
	unnumbered := keyed(ctx, s, bucketPages, nil, false, iterChunk, func(k, v []byte) (string, bool, error) {
		id, err := pageNumber(v)
		if err != nil {
			return "", false, fmt.Errorf("page %s: %w", k, err)
		}
		if id != 0 {
			st.Already++
		}
		return string(k), id == 0, nil
	})
	for url, err := range unnumbered {
		if err != nil {
			return st, err
		}
		if batch = append(batch, url); len(batch) == size {
			if err := move(); err != nil {
				return st, err
			}
		}
	}
	return st, move()
}
