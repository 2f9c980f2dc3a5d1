package blobstore

import (
	"context"

	bolt "go.etcd.io/bbolt"
)

// Stats describe what the store holds.
type Stats struct {
	// Blobs and RawBytes count the blobs in the new layout and their uncompressed size.
	Blobs    int
	RawBytes int64
	// Deltas are blobs stored against a previous version, Dicts the site dictionaries.
	Deltas, Dicts int
	// SegmentBytes is the committed size of the segments; IndexBytes the size of the index's
	// keys and values (without bbolt's page overhead).
	SegmentBytes, IndexBytes int64
	// Sites counts sites with dictionary bookkeeping.
	Sites int
	// LegacyBlobs and LegacyBytes count blobs still in the old "blobs" bucket.
	LegacyBlobs int
	LegacyBytes int64
}

// Stats walks the index in tx.
func (s *Store) Stats(ctx context.Context, tx *bolt.Tx) (Stats, error) {
	var st Stats
	b, err := openBuckets(tx)
	if err != nil {
		return st, err
	}
	if b.sites != nil {
		st.Sites = b.sites.Stats().KeyN
	}
	for _, n := range b.committed() {
		st.SegmentBytes += n
	}
	if b.index != nil {
		err = b.index.ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			e, err := unmarshalEntry(v)
			if err != nil {
				return err
			}
			st.Blobs++
			st.RawBytes += int64(e.Size)
			st.IndexBytes += int64(len(k) + len(v))
			if e.Dict {
				st.Dicts++
			}
			if e.Codec == codecBase {
				if ids := b.candidates(e.Base); len(ids) == 0 {
					st.Deltas++
				} else if base, ok, _ := b.lookup(ids[0]); !ok || !base.Dict {
					st.Deltas++
				}
			}
			return nil
		})
		if err != nil {
			return st, err
		}
	}
	if b.legacy != nil {
		err = b.legacy.ForEach(func(_, v []byte) error {
			st.LegacyBlobs++
			st.LegacyBytes += int64(len(v))
			return nil
		})
	}
	return st, err
}
