package archive

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/newsarchive/newsarchive/archive/internal/blobstore"
	bolt "go.etcd.io/bbolt"
)

// ErrBackupOntoSelf means a backup or compaction was asked to write over the database itself
// or its lock file (the same path, a symlink or a hard link to them): the copy would replace
// the live file and lose the commits made meanwhile.
var ErrBackupOntoSelf = errors.New("archive: refusing to write the backup over the database itself")

// checkTarget refuses a backup target that is the database, its lock file, or their temporary
// files under another name.
func (s *Store) checkTarget(path string) error {
	own := []string{s.path, lockPath(s.path), s.path + ".tmp"}
	for _, p := range []string{path, path + ".tmp"} {
		for _, o := range own {
			if sameFile(p, o) || realPath(p) == realPath(o) {
				return fmt.Errorf("%w: %s is %s", ErrBackupOntoSelf, p, o)
			}
		}
	}
	return nil
}

// Backup writes a consistent copy of the archive to path from one read transaction (bbolt's
// hot copy), through a temporary file renamed into place, and the blob segments beside it up to
// the lengths that transaction had committed. It returns the bytes written. A path naming the
// database or its lock file, by any name, is refused with ErrBackupOntoSelf.
func (s *Store) Backup(ctx context.Context, path string) (int64, error) {
	if err := s.enter(); err != nil { // the segments are copied after the read transaction
		return 0, err
	}
	defer s.calls.Done()
	if err := s.checkTarget(path); err != nil {
		return 0, err
	}
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, fmt.Errorf("archive: backup: %w", err)
	}
	var n int64
	var sn blobstore.Snapshot
	err = s.view(func(tx *txn) error {
		var err error
		if n, err = tx.WriteTo(f); err != nil {
			return err
		}
		sn, err = s.blobs.Snapshot(tx.Tx)
		return err
	})
	err = errors.Join(err, f.Sync(), f.Close())
	if err == nil {
		// The segments first, the database last: a copy whose database is in place has every
		// byte its index names.
		var m int64
		m, err = sn.CopyTo(ctx, blobstore.DirFor(path))
		n += m
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return 0, fmt.Errorf("archive: backup to %s: %w", path, err)
	}
	return n, nil
}

// Compact writes a compacted copy of the database to path: live data only, pages packed full.
// The archive must be open read-only; swap the copy in while nothing writes.
func (s *Store) Compact(ctx context.Context, path string) (int64, error) {
	if err := s.enter(); err != nil {
		return 0, err
	}
	defer s.calls.Done()
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if s.db == nil {
		return 0, fmt.Errorf("archive: compact: %w", ErrNeedsReader)
	}
	if err := s.checkTarget(path); err != nil {
		return 0, err
	}
	tmp := path + ".tmp"
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o644, nil)
	if err != nil {
		return 0, fmt.Errorf("archive: compact: %w", err)
	}
	err = compactGuarded(dst, s.db)
	err = errors.Join(err, dst.Close())
	if err == nil {
		// The reader's shared lock keeps writers out: the segments match what was compacted.
		var sn blobstore.Snapshot
		if err = s.db.View(func(tx *bolt.Tx) error { sn, err = s.blobs.Snapshot(tx); return err }); err == nil {
			_, err = sn.CopyTo(ctx, blobstore.DirFor(path))
		}
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return 0, fmt.Errorf("archive: compact to %s: %w", path, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// compactGuarded is bolt.Compact with a damaged source's panic turned into ErrCorrupt, as
// guard does for transactions.
func compactGuarded(dst, src *bolt.DB) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrCorrupt, r)
		}
	}()
	return bolt.Compact(dst, src, 64<<20)
}
