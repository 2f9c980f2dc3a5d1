package blobstore

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Buckets, all inside the top-level bucket "blobstore" of the archive's bbolt file.
var (
	bucketRoot  = []byte("blobstore")
	bucketIndex = []byte("index") // ID → entry
	bucketSegs  = []byte("segs")  // big-endian uint32 segment → big-endian uint64 committed length
	bucketSites = []byte("sites") // site name → siteState (JSON)
	// bucketLegacy is the archive's old blob bucket: ID → format byte (0 raw, 1 zstd) + bytes.
	bucketLegacy = []byte("blobs")
)

// indexFill is the FillPercent of the index: keys are sha256s, inserted in random order, so a
// page split at 90 % would soon split again; bbolt's default suits random keys.
const indexFill = bolt.DefaultFillPercent

// buckets are the store's buckets in one transaction; nil when the store has none yet (a
// read-only transaction on an archive never written by this package).
type buckets struct {
	index, segs, sites *bolt.Bucket
	legacy             *bolt.Bucket
}

func openBuckets(tx *bolt.Tx) (buckets, error) {
	b := buckets{legacy: tx.Bucket(bucketLegacy)}
	root := tx.Bucket(bucketRoot)
	if root == nil {
		if !tx.Writable() {
			return b, nil
		}
		var err error
		if root, err = tx.CreateBucket(bucketRoot); err != nil {
			return b, fmt.Errorf("blobstore: create bucket: %w", err)
		}
	}
	for _, x := range []struct {
		name []byte
		dst  **bolt.Bucket
	}{{bucketIndex, &b.index}, {bucketSegs, &b.segs}, {bucketSites, &b.sites}} {
		*x.dst = root.Bucket(x.name)
		if *x.dst == nil && tx.Writable() {
			var err error
			if *x.dst, err = root.CreateBucket(x.name); err != nil {
				return b, fmt.Errorf("blobstore: create bucket %s: %w", x.name, err)
			}
		}
	}
	if b.index != nil && tx.Writable() {
		b.index.FillPercent = indexFill
	}
	return b, nil
}

// lookup returns a blob's index entry.
func (b buckets) lookup(id ID) (entry, bool, error) {
	if b.index == nil {
		return entry{}, false, nil
	}
	v := b.index.Get(id[:])
	if v == nil {
		return entry{}, false, nil
	}
	e, err := unmarshalEntry(v)
	if err != nil {
		return e, true, fmt.Errorf("blob %s: %w", id, err)
	}
	return e, true, nil
}

// committed returns the committed length of every segment.
func (b buckets) committed() map[uint32]int64 {
	out := map[uint32]int64{}
	if b.segs == nil {
		return out
	}
	_ = b.segs.ForEach(func(k, v []byte) error {
		if len(k) == 4 && len(v) == 8 {
			out[binary.BigEndian.Uint32(k)] = int64(binary.BigEndian.Uint64(v))
		}
		return nil
	})
	return out
}

func segKey(seg uint32) []byte { return binary.BigEndian.AppendUint32(nil, seg) }

// candidates returns the ids stored (in the index or the legacy bucket) that start with r:
// normally exactly one.
func (b buckets) candidates(r ref) []ID {
	var out []ID
	for _, bk := range []*bolt.Bucket{b.index, b.legacy} {
		if bk == nil {
			continue
		}
		c := bk.Cursor()
		for k, _ := c.Seek(r[:]); k != nil && bytes.HasPrefix(k, r[:]); k, _ = c.Next() {
			if len(k) == len(ID{}) {
				out = append(out, ID(k))
			}
		}
	}
	return out
}
