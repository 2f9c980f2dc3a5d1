//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package archive

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// lockInodeFile takes an flock, without waiting, on a file in the temporary directory named by
// db's device and inode numbers, which every name of the file (hard links included) shares.
// The returned file holds the lock until closed. The lock file is left behind: it is empty,
// and removing it while another run waits on it would let two runs hold "the" lock.
//
// Its limit: the temporary directory must be the same for both runs, which on macOS means the
// same user ($TMPDIR is per user); runs of one user, such as cron jobs, are covered.
func lockInodeFile(db string) (io.Closer, bool, error) {
	fi, err := os.Stat(db)
	if err != nil {
		return nil, false, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil, false, fmt.Errorf("no inode number for %s", db)
	}
	name := filepath.Join(os.TempDir(), fmt.Sprintf("newsarchive-inode-%d-%d.lock", st.Dev, st.Ino))
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, false, err
	}
	if held, err := lockOpened(f); !held || err != nil {
		return nil, false, err
	}
	return f, true, nil
}
