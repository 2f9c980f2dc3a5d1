//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd || windows)

package archive

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
)

// errNoRunLock is why a store cannot be opened for writing here: the run lock that keeps a
// second writer (another crawl, another machine's mount) off the database is built for Linux,
// the BSDs, macOS and Windows only, and writing without it could corrupt the archive.
var errNoRunLock = fmt.Errorf("archive: no run lock on %s: %w", runtime.GOOS, errors.ErrUnsupported)

func lockFile(*os.File) (held bool, err error) { return false, errNoRunLock }

func unlockFile(*os.File) error { return nil }

func lockInode(string) (io.Closer, bool, error) { return nil, false, errNoRunLock }
