package archive

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// createEmpty makes a new database at path with its schema, all or nothing: it is written
// beside path and linked into place, so a run killed while creating the archive leaves either
// no database or a complete empty one, never a bbolt file without its buckets ("no meta
// bucket"), which readers and verify would call corrupt. An existing path is left alone. The
// caller holds the run lock.
func createEmpty(path string) error {
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		return nil // there already, or an error Open reports itself
	}
	tmp := path + ".new"
	os.Remove(tmp) // left by a run killed here
	db, err := bolt.Open(tmp, 0o644, nil)
	if err != nil {
		return fmt.Errorf("archive: create %s: %w", path, err)
	}
	err = db.Update(guard(txnOptions{}, initSchema))
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		// Link, not rename: a database that appeared meanwhile is never replaced.
		if err = os.Link(tmp, path); errors.Is(err, os.ErrExist) {
			err = nil
		}
	}
	os.Remove(tmp)
	if err != nil {
		return fmt.Errorf("archive: create %s: %w", path, err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync() // the new name survives a crash
		d.Close()
	}
	return nil
}
