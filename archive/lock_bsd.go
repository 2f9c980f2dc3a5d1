//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package archive

import "io"

// lockInode locks the database file's identity. These systems have no open-file-description
// range locks (fcntl locks belong to the process and are dropped when bbolt closes its own
// descriptor), and an flock on the database would conflict with bbolt's, so the lock is an
// flock on a file named by the device and inode (see lockInodeFile).
func lockInode(db string) (io.Closer, bool, error) { return lockInodeFile(db) }
