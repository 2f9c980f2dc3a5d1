package archive

import (
	"errors"
	"io"
	"os"

	"golang.org/x/sys/windows"
)

// rangeOverlapped names the byte range locked: one byte at lockRange, past any real size and
// apart from bbolt's own lock on the last byte of the 64-bit range.
func rangeOverlapped() *windows.Overlapped {
	return &windows.Overlapped{Offset: uint32(lockRange & 0xffffffff), OffsetHigh: uint32(lockRange >> 32)}
}

// lockFile takes an exclusive LockFileEx lock on f's far byte range without waiting; held is
// false when another handle holds it (in this process or another). The range is past the
// process id recorded at the start of the lock file, which a waiting run must still read:
// Windows range locks are mandatory.
func lockFile(f *os.File) (held bool, err error) {
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, rangeOverlapped())
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return false, nil
	}
	return err == nil, err
}

// unlockFile drops the lock lockFile took.
func unlockFile(f *os.File) error {
	return windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, rangeOverlapped())
}

// lockInode takes the same range lock on the database file itself. Windows locks belong to the
// file (every name of it, hard links included) and the handle that took them, so they survive
// bbolt closing its own handle between commits. The returned handle holds the lock; closing
// it unlocks first, as Windows asks.
func lockInode(db string) (io.Closer, bool, error) {
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil {
		return nil, false, err
	}
	if held, err := lockOpened(f); !held || err != nil {
		return nil, false, err
	}
	return lockedFile{f}, true, nil
}

// lockedFile is a database handle holding the range lock.
type lockedFile struct{ f *os.File }

// Close unlocks, then closes the handle.
func (l lockedFile) Close() error {
	return errors.Join(unlockFile(l.f), l.f.Close())
}
