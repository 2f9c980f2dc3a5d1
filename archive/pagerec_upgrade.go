package archive

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
)

// PageRecordStats count what UpgradePageRecords did.
type PageRecordStats struct {
	// Moved is how many pages had their versions, captures and contents moved from the buckets
	// into a page record.
	Moved int
	// Indexed is how many pages had their own record moved from the pages bucket into their
	// page record, and their URL into the URL index.
	Indexed int
	// Already is how many pages had a page record before.
	Already int
}

// UpgradePageRecords moves the versions, captures and content records of every numbered page
// still in the buckets (archives of schema 5 and 6) into the page's record (schema 7), a batch
// of pages per transaction, in page-number order, so that the page records are written in key
// order as a crawl writes them; then each such page's own record, in URL order, with its URL
// into the URL index. Readers read every page the same before, during and after, and
// may read while it runs; it is safe to kill and run again. A write to such a page (a recrawl)
// moves it too. Run it after UpgradeRecords, which numbers the pages that have no number.
func (s *Store) UpgradePageRecords(ctx context.Context) (PageRecordStats, error) {
	return s.upgradePageRecords(ctx, renumberBatch, nil)
}

// upgradePageRecords is UpgradePageRecords with batches of size pages, calling committed (when
// set) after each batch's commit.
func (s *Store) upgradePageRecords(ctx context.Context, size int, committed func(PageRecordStats)) (st PageRecordStats, err error) {
	if s.opts.ReadOnly {
		return st, ErrReadOnly
	}
	err = s.viewContext(ctx, func(tx *txn) error {
		if b := tx.Tx.Bucket(bucketPageRecs); b != nil {
			return b.ForEach(func(k, _ []byte) error {
				if len(k) == 4 {
					st.Already++
				}
				return nil
			})
		}
		return nil
	})
	if err != nil {
		return st, err
	}
	after := uint32(0)
	defer func() {
		if err == nil {
			err = s.indexPages(ctx, size, &st, committed)
		}
	}()
	for {
		var ids []uint32
		err = s.viewContext(ctx, func(tx *txn) error {
			ids = bucketPageNumbers(tx, after, size)
			return nil
		})
		if err != nil || len(ids) == 0 {
			return st, err
		}
		n := 0
		err = s.update(ctx, func(tx *txn) error {
			n = 0
			for _, id := range ids {
				if !hasBucketRecords(tx, id) {
					continue // a crawl's write moved it since the list was read
				}
				if p, err := tx.page(id); err != nil {
					return err
				} else if p != nil {
					return fmt.Errorf("%w: page %d has records both in its page record and in the buckets", ErrCorrupt, id)
				}
				if _, err := tx.pageForWrite(id); err != nil {
					return fmt.Errorf("archive: page record %d: %w", id, err)
				}
				n++
			}
			return nil
		})
		if err != nil {
			return st, err
		}
		st.Moved += n
		if committed != nil {
			committed(st)
		}
		if after = ids[len(ids)-1]; after == math.MaxUint32 {
			return st, nil
		}
	}
}

// bucketPageNumbers returns up to size of the lowest page numbers above after that have records
// in the versions, captures or contents buckets, in order: each bucket's keys are in number
// order, so a seek past each number finds the next.
func bucketPageNumbers(tx *txn, after uint32, size int) []uint32 {
	seen := map[uint32]bool{}
	for _, name := range [][]byte{bucketVersions, bucketCaptures, bucketContents} {
		b := tx.Tx.Bucket(name)
		if b == nil {
			continue
		}
		c := b.Cursor()
		next, found := uint64(after)+1, 0
		for found < size && next <= math.MaxUint32 {
			k, _ := c.Seek(numberPrefix(uint32(next)))
			if len(k) < 5 || k[0] != 0 {
				break
			}
			id := binary.BigEndian.Uint32(k[1:5])
			seen[id] = true
			found++
			next = uint64(id) + 1
		}
	}
	ids := make([]uint32, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids[:min(len(ids), size)]
}

// hasBucketRecords reports whether page id has records left in the buckets.
func hasBucketRecords(tx *txn, id uint32) bool {
	prefix := numberPrefix(id)
	for _, name := range [][]byte{bucketVersions, bucketCaptures, bucketContents} {
		if b := tx.Tx.Bucket(name); b != nil {
			if k, _ := b.Cursor().Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) {
				return true
			}
		}
	}
	return false
}

// indexPages moves the numbered pages whose record is still in the pages bucket into their page
// records and the URL index, size pages a transaction, in URL order.
func (s *Store) indexPages(ctx context.Context, size int, st *PageRecordStats, committed func(PageRecordStats)) error {
	after := []byte(nil)
	for {
		var urls [][]byte
		err := s.viewContext(ctx, func(tx *txn) error {
			c := tx.Tx.Bucket(bucketPages).Cursor()
			k, v := c.First()
			if after != nil {
				k, v = c.Seek(keyAfter(after))
			}
			for ; k != nil && len(urls) < size; k, v = c.Next() {
				if id, err := pageNumber(v); err != nil {
					return fmt.Errorf("page %s: %w", k, err)
				} else if id != 0 {
					urls = append(urls, bytes.Clone(k))
				}
				after = bytes.Clone(k)
			}
			if k == nil {
				after = nil
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(urls) > 0 {
			n := 0
			err = s.update(ctx, func(tx *txn) error {
				n = 0
				pages := tx.Bucket(bucketPages)
				for _, url := range urls {
					v := pages.Get(url)
					if v == nil {
						continue
					}
					if err := pages.Put(url, bytes.Clone(v)); err != nil {
						return fmt.Errorf("archive: page record of %s: %w", url, err)
					}
					n++
				}
				return nil
			})
			if err != nil {
				return err
			}
			st.Indexed += n
			if committed != nil {
				committed(*st)
			}
		}
		if after == nil {
			return nil
		}
	}
}
