package blobstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// Snapshot is the committed length of every segment as one transaction saw it. Segments only
// grow past committed lengths, and nothing ever changes a committed byte, so the first Lengths
// bytes of each segment, copied at any later time, are exactly what that transaction's index
// refers to.
type Snapshot struct {
	dir     string
	Lengths map[uint32]int64
}

// Snapshot records the committed segment lengths in tx. Take it in the read transaction that
// copies the database (bbolt's tx.WriteTo); the segments can then be copied after that
// transaction ends, so a long copy does not hold the writer back.
func (s *Store) Snapshot(tx *bolt.Tx) (Snapshot, error) {
	b, err := openBuckets(tx)
	if err != nil {
		return Snapshot{}, err
	}
	return Snapshot{dir: s.dir, Lengths: b.committed()}, nil
}

// Bytes is the total the snapshot covers.
func (sn Snapshot) Bytes() int64 {
	var n int64
	for _, l := range sn.Lengths {
		n += l
	}
	return n
}

// CopyTo copies the snapshot's segments into dst, the segment directory of the backup (for a
// backup of archive.db at copy.db: DirFor("copy.db")), creating it if needed. Each segment is
// written to a temporary file, synced and renamed over the one in dst, so a database copy
// already in dst's place stays readable at every moment: segments only grow, and each file in
// dst always holds at least the bytes the older copy refers to. The caller renames its new
// database copy into place after CopyTo returns. It returns the bytes copied.
func (sn Snapshot) CopyTo(ctx context.Context, dst string) (int64, error) {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return 0, fmt.Errorf("blobstore: backup: %w", err)
	}
	segs := make([]uint32, 0, len(sn.Lengths))
	for seg := range sn.Lengths {
		segs = append(segs, seg)
	}
	sort.Slice(segs, func(i, j int) bool { return segs[i] < segs[j] })
	var total int64
	for _, seg := range segs {
		final := filepath.Join(dst, segName(seg))
		tmp := final + ".tmp"
		os.Remove(tmp) // left by an interrupted copy
		n, err := copyPrefix(ctx, filepath.Join(sn.dir, segName(seg)), tmp, sn.Lengths[seg])
		total += n
		if err == nil {
			err = os.Rename(tmp, final)
		}
		if err != nil {
			os.Remove(tmp)
			return total, fmt.Errorf("blobstore: backup %s: %w", segName(seg), err)
		}
	}
	if err := syncDir(dst); err != nil {
		return total, fmt.Errorf("blobstore: backup to %s: %w", dst, err)
	}
	return total, nil
}

// copyPrefix copies the first n bytes of src to a new file dst and syncs it.
func copyPrefix(ctx context.Context, src, dst string, n int64) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, err
	}
	w, err := io.Copy(out, &ctxReader{ctx: ctx, r: io.LimitReader(in, n)})
	if err == nil && w < n {
		err = fmt.Errorf("%w: %d bytes, %d committed", ErrCorrupt, w, n)
	}
	err = errors.Join(err, out.Sync(), out.Close())
	return w, err
}

// ctxReader stops a copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
