package archive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// runLock is the writer's lock, held for a whole run so that overlapping cron runs wait or
// fail, while the database itself stays free for readers between commits. It is two locks,
// both keyed by the file's identity rather than the path it was named by:
//
//   - an flock on a file beside the database's real path (symlinks resolved), which also
//     records the holder's process id for the message a waiting run prints;
//   - an open-file-description lock on a byte range of the database file itself far past its
//     end, which a hard link (another name of the same inode) cannot escape. fcntl locks and
//     bbolt's own flock on the file do not interact on Linux.
//
// The kernel drops both when the process dies.
type runLock struct {
	f    *os.File
	db   *os.File // nil until the database exists (see attach)
	path string
}

// lockRange is the byte range of the database file locked: far past any real size.
const lockRange = 1 << 62

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
	// A database that does not exist yet has no hard link either: its range lock is taken by
	// attach once bbolt has created it. Creating the file here would leave an empty file, which
	// no reader can open, if the run were killed before bbolt initialised it.
	dbf, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		f.Close()
		return nil, fmt.Errorf("archive: open %s: %w", db, err)
	}
	l := &runLock{f: f, db: dbf, path: path}
	deadline := time.Now().Add(timeout)
	for {
		held, err := l.try()
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

// try takes both locks or neither; held is false when another run holds one.
func (l *runLock) try() (held bool, err error) {
	err = syscall.Flock(int(l.f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	if err != nil || l.db == nil {
		return err == nil, err
	}
	held, err = rangeLock(l.db)
	if !held {
		_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	}
	return held, err
}

// rangeLock takes the write lock on the database file's far byte range, without waiting.
func rangeLock(f *os.File) (held bool, err error) {
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: io.SeekStart, Start: lockRange, Len: 1}
	err = unix.FcntlFlock(f.Fd(), unix.F_OFD_SETLK, &lk)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, unix.EAGAIN), errors.Is(err, unix.EACCES):
		return false, nil
	}
	return false, err
}

// attach takes the range lock on a database created after the run lock was taken; the writer
// calls it after each open of the database (it does nothing once attached). A writer that
// reached the same file through a hard link meanwhile makes it fail with ErrLocked.
func (l *runLock) attach(db string) error {
	if l == nil || l.db != nil {
		return nil
	}
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("archive: open %s: %w", db, err)
	}
	held, err := rangeLock(f)
	if err != nil || !held {
		f.Close()
		if err == nil {
			err = fmt.Errorf("%w: %s is being written through another name", ErrLocked, db)
		}
		return err
	}
	l.db = f
	return nil
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
	if l.db != nil {
		l.db.Close()
	}
	l.f.Close()
}

func (l *runLock) release() error {
	if l == nil {
		return nil
	}
	_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	var err error
	if l.db != nil {
		err = l.db.Close() // drops the range lock
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
