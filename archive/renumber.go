package archive

import (
	"bytes"
	"context"
	"fmt"
)

// movePage gives a page archived before page numbers its number and moves its versions and
// captures to keys under it, in tx: all of a page's records move in one transaction, so a page
// is always wholly in one layout. It reports whether it moved anything; a page that has a number
// already, or that the archive does not have, is left alone.
func movePage(tx *txn, url string) (bool, error) {
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
func moveRecords(b bucket, from, to []byte) error {
	return rekey(b, from, func(k []byte) []byte { return append(bytes.Clone(to), k[len(from):]...) })
}

// rekey moves every record of b whose key begins with prefix to the key newKey gives it.
func rekey(b bucket, prefix []byte, newKey func(k []byte) []byte) error {
	type kv struct{ k, v []byte }
	var moved []kv
	c := b.Within(prefix)
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
// after each batch's commit.
func (s *Store) upgradeRecords(ctx context.Context, size int, committed func(RenumberStats)) (RenumberStats, error) {
	var st RenumberStats
	n := 0 // pages the batch being written moved
	unnumbered := func(k, v []byte) (bool, error) {
		id, err := pageNumber(v)
		if err != nil {
			return false, fmt.Errorf("page %s: %w", k, err)
		}
		if id != 0 {
			st.Already++
		}
		return id == 0, nil
	}
	move := func(tx *txn, urls []string) error {
		n = 0
		for _, url := range urls {
			moved, err := movePage(tx, url)
			if err != nil {
				return err
			}
			if moved {
				n++
			}
		}
		return nil
	}
	err := s.pageBatches(ctx, size, unnumbered, move, func() {
		st.Moved += n
		if committed != nil {
			committed(st)
		}
	})
	return st, err
}

// pageBatches lists the pages that want picks (by key and stored record) in short read
// transactions (see keyed), and hands them to apply size pages per write transaction between
// them, calling done after each commit: a kill loses at most one batch's work. apply may run
// again for a batch whose transaction is retried, so it must start its counts afresh.
func (s *Store) pageBatches(ctx context.Context, size int, want func(k, v []byte) (bool, error),
	apply func(tx *txn, urls []string) error, done func()) error {
	if s.opts.ReadOnly {
		return ErrReadOnly
	}
	var batch []string
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.update(ctx, func(tx *txn) error { return apply(tx, batch) })
		batch = batch[:0]
		if err != nil {
			return err
		}
		done()
		return nil
	}
	pages := keyed(ctx, s, bucketPages, nil, false, iterChunk, func(k, v []byte) (string, bool, error) {
		ok, err := want(k, v)
		return string(k), ok, err
	})
	for url, err := range pages {
		if err != nil {
			return err
		}
		if batch = append(batch, url); len(batch) == size {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
