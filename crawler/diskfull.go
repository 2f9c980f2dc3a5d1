package crawler

import (
	"errors"
	"runtime"
	"syscall"
)

// ErrDiskFull is the cause a crawl stops with when the archive could not store a batch because
// its disk, or the user's quota on it, is full: every page fetched after that would be fetched
// only to be dropped, at the sites' expense. What the crawl fetched before is stored; the
// summary counts what could not be, and the next crawl fetches it again.
var ErrDiskFull = errors.New("crawler: the archive's disk is full")

// diskFull reports whether err says a write failed for want of space.
func diskFull(err error) bool {
	var en syscall.Errno
	if !errors.As(err, &en) {
		return false
	}
	switch {
	case en == syscall.ENOSPC || en == syscall.EDQUOT:
		return true
	case runtime.GOOS == "windows":
		return en == 39 || en == 112 || en == 1295 // ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL, ERROR_DISK_QUOTA_EXCEEDED
	}
	return false
}
