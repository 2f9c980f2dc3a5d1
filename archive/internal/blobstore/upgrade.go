package blobstore

import (
	"context"
	"errors"
	"fmt"
	"iter"

	bolt "go.etcd.io/bbolt"
)

// Group names legacy blobs to move together, the way Append would have stored them: one
// page's HTML, then the text extracted from it.
type Group struct {
	// Site is the page's site: its dictionary compresses the group.
	Site string
	// Prev is the id of the same URL's previous HTML, when there is one.
	Prev ID
	// IDs are the blobs, HTML first.
	IDs []ID
}

// UpgradeStats count what Upgrade did.
type UpgradeStats struct {
	// Moved blobs went from the legacy bucket to the new layout.
	Moved int
	// Already were in the new layout (moved by an earlier, interrupted run).
	Already int
	// Missing were in neither: a damaged archive; Verify of the archive reports them.
	Missing int
	// LegacyBytes is what the moved blobs took in the legacy bucket; SegmentBytes what they take
	// in segments.
	LegacyBytes, SegmentBytes int64
}

// Upgrade moves blobs from the legacy "blobs" bucket (format byte 0 raw or 1 zstd, then the
// bytes) into the new layout. It takes groups in the order given, which should be site by site
// and each URL's captures oldest first so that recaptures become deltas; then it moves every
// legacy blob no group named, with no site. Each batch is appended and synced to the segments,
// then one db.Update adds the batch's index entries and deletes its legacy values, so at every
// moment each blob is in exactly one committed place; a run killed at any point is resumed by
// running it again (Recover, which Upgrade calls first, drops a batch written but not
// committed). The db must be open for writing by the caller, who holds the run lock. Readers
// read moved and unmoved blobs alike through Get throughout.
func (s *Store) Upgrade(ctx context.Context, db *bolt.DB, groups iter.Seq2[Group, error]) (UpgradeStats, error) {
	var st UpgradeStats
	if err := db.View(s.Recover); err != nil {
		return st, err
	}
	var pending []Group
	n := 0
	flush := func() error {
		err := s.moveBatch(ctx, db, pending, &st)
		pending, n = pending[:0], 0
		return err
	}
	for g, err := range groups {
		if err != nil {
			return st, fmt.Errorf("blobstore: upgrade: %w", err)
		}
		pending = append(pending, g)
		if n += len(g.IDs); n >= s.opts.UpgradeBatch {
			if err := flush(); err != nil {
				return st, err
			}
		}
	}
	if err := flush(); err != nil {
		return st, err
	}
	// Whatever no group named.
	for {
		var rest []Group
		err := db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketLegacy)
			if b == nil {
				return nil
			}
			c := b.Cursor()
			for k, _ := c.First(); k != nil && len(rest) < s.opts.UpgradeBatch; k, _ = c.Next() {
				var id ID
				copy(id[:], k)
				rest = append(rest, Group{IDs: []ID{id}})
			}
			return nil
		})
		if err != nil || len(rest) == 0 {
			return st, err
		}
		before := st.Moved
		if err := s.moveBatch(ctx, db, rest, &st); err != nil {
			return st, err
		}
		if st.Moved == before {
			return st, fmt.Errorf("%w: legacy blobs that cannot be moved", ErrCorrupt)
		}
	}
}

// moveBatch moves one batch of groups.
func (s *Store) moveBatch(ctx context.Context, db *bolt.DB, groups []Group, st *UpgradeStats) error {
	if len(groups) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var batch *Batch
	var moved [][]byte
	var legacyBytes int64
	err := db.View(func(tx *bolt.Tx) error {
		b, err := openBuckets(tx)
		if err != nil {
			return err
		}
		puts := make([]Put, 0, len(groups))
		inIndex := func(id ID) bool { return b.index != nil && b.index.Get(id[:]) != nil }
		seen := map[ID]bool{}
		for _, g := range groups {
			p := Put{Site: g.Site, Prev: g.Prev}
			for _, id := range g.IDs {
				if seen[id] {
					continue
				}
				seen[id] = true
				v := legacyValue(b, id)
				switch {
				case v == nil && inIndex(id):
					st.Already++
					continue
				case v == nil:
					st.Missing++
					continue
				}
				data, err := s.legacy(b, id)
				if err != nil {
					return err
				}
				p.Blobs = append(p.Blobs, data)
				moved = append(moved, append([]byte(nil), id[:]...))
				legacyBytes += int64(len(v))
			}
			if len(p.Blobs) > 0 {
				puts = append(puts, p)
			}
		}
		if len(puts) == 0 {
			return nil
		}
		batch, err = s.appendWith(ctx, b, puts, inIndex)
		return err
	})
	if err != nil || batch == nil {
		return err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := batch.Commit(tx); err != nil {
			return err
		}
		legacy := tx.Bucket(bucketLegacy)
		for _, k := range moved {
			if err := legacy.Delete(k); err != nil {
				return fmt.Errorf("blobstore: delete legacy blob: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return errors.Join(fmt.Errorf("blobstore: upgrade: %w", err), batch.Abort())
	}
	st.Moved += len(moved)
	st.LegacyBytes += legacyBytes
	st.SegmentBytes += batch.Bytes
	return nil
}

func legacyValue(b buckets, id ID) []byte {
	if b.legacy == nil {
		return nil
	}
	return b.legacy.Get(id[:])
}
