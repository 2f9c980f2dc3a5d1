package archive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// runLock is the writer's lock, held for a whole run so that overlapping cron runs wait or
// fail, while the database itself stays free for readers between commits. It is two locks,
// both keyed by the file's identity rather than the path it was named by:
//
//   - a lock on a file beside the database's real path (symlinks resolved), which also
//     records the holder's process id for the message a waiting run prints;
//   - a lock on the database file's identity (its inode), which a hard link (another name of
//     the same file) cannot escape.
//
// How each is taken depends on the operating system (lock_linux.go, lock_bsd.go,
// lock_windows.go); on all of them the kernel drops both when the process dies.
type runLock struct {
	f     *os.File
	inode io.Closer // holds the identity lock; nil until the database exists (see attach)
	path  string
}

// realPath resolves symlinks in db, or in its directory when db does not exist yet.
func realPath(db string) string {
	if p, err := filepath.EvalSymlinks(db); err == nil {
		return p
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(db)); err == nil {
		return filepath.Join(dir, filepath.Base(db))
	}
	return db
}

// lockPath is where the writer's lock lives for a database: beside its real path.
func lockPath(db string) string { return realPath(db) + ".lock" }

// acquireRunLock takes the lock, retrying until timeout; a zero timeout tries once.
func acquireRunLock(ctx context.Context, db string, timeout time.Duration) (*runLock, error) {
	path := lockPath(db)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("archive: open lock %s: %w", path, err)
	}
	l := &runLock{f: f, path: path}
	deadline := time.Now().Add(timeout)
	for {
		held, err := l.try(db)
		if err != nil {
			l.close()
			return nil, fmt.Errorf("archive: lock %s: %w", path, err)
		}
		if held {
			break
		}
		if !time.Now().Before(deadline) {
			holder := readHolder(f)
			l.close()
			return nil, fmt.Errorf("%w: %s is being written%s", ErrLocked, db, holder)
		}
		select {
		case <-ctx.Done():
			l.close()
			return nil, fmt.Errorf("archive: lock %s: %w", path, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	// Record who holds it, for the message a waiting run prints.
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return l, nil
}

// try takes both locks or neither; held is false when another run holds one. A database that
// does not exist yet has no hard link either: its identity lock is taken by attach once bbolt
// has created it. Creating the file here would leave an empty file, which no reader can open,
// if the run were killed before bbolt initialised it.
func (l *runLock) try(db string) (held bool, err error) {
	if held, err = lockFile(l.f); !held || err != nil {
		return held, err
	}
	inode, held, err := lockInode(db)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if !held || err != nil {
		_ = unlockFile(l.f)
		return false, err
	}
	l.inode = inode
	return true, nil
}

// attach takes the identity lock on a database created after the run lock was taken; the
// writer calls it after each open of the database (it does nothing once attached). A writer
// that reached the same file through a hard link meanwhile makes it fail with ErrLocked.
func (l *runLock) attach(db string) error {
	if l == nil || l.inode != nil {
		return nil
	}
	inode, held, err := lockInode(db)
	if err != nil {
		return fmt.Errorf("archive: lock %s: %w", db, err)
	}
	if !held {
		return fmt.Errorf("%w: %s is being written through another name", ErrLocked, db)
	}
	l.inode = inode
	return nil
}

// lockOpened takes lockFile's lock on a file opened for it, closing the file unless it is held.
func lockOpened(f *os.File) (held bool, err error) {
	if held, err = lockFile(f); !held || err != nil {
		f.Close()
		return false, err
	}
	return true, nil
}

func readHolder(f *os.File) string {
	b := make([]byte, 32)
	n, _ := f.ReadAt(b, 0)
	pid := strings.TrimSpace(string(b[:n]))
	if pid == "" {
		return ""
	}
	return " by process " + pid
}

func (l *runLock) close() {
	if l.inode != nil {
		l.inode.Close()
	}
	l.f.Close()
}

func (l *runLock) release() error {
	if l == nil {
		return nil
	}
	err := unlockFile(l.f)
	if l.inode != nil {
		err = errors.Join(err, l.inode.Close()) // drops the identity lock
	}
	return errors.Join(err, l.f.Close())
}

// sameFile reports whether the paths a and b name one file (symlinks and hard links
// included); false when either does not exist.
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}
