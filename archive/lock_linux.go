package archive

import (
	"errors"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// lockInode takes an open-file-description lock on the database file's far byte range,
// without waiting. OFD locks belong to the open file, not the process, so they survive bbolt
// closing its own descriptor of the file between commits, and they do not interact with
// bbolt's flock on Linux. The returned file holds the lock until closed.
func lockInode(db string) (io.Closer, bool, error) {
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil {
		return nil, false, err
	}
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: io.SeekStart, Start: lockRange, Len: 1}
	err = unix.FcntlFlock(f.Fd(), unix.F_OFD_SETLK, &lk)
	switch {
	case err == nil:
		return f, true, nil
	case errors.Is(err, unix.EAGAIN), errors.Is(err, unix.EACCES):
		f.Close()
		return nil, false, nil
	}
	f.Close()
	return nil, false, err
}
