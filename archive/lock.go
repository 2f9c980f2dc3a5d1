package archive

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// runLock is the writer's lock: an flock on a file beside the database, held for a whole run so
// that overlapping cron runs wait or fail, while the database itself stays free for readers
// between commits.
type runLock struct {
	f    *os.File
	path string
}

// lockPath is where the writer's lock lives for a database.
func lockPath(db string) string { return db + ".lock" }

// acquireRunLock takes the lock, retrying until timeout; a zero timeout tries once.
func acquireRunLock(ctx context.Context, db string, timeout time.Duration) (*runLock, error) {
	path := lockPath(db)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("archive: open lock %s: %w", path, err)
	}
	deadline := time.Now().Add(timeout)
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("archive: lock %s: %w", path, err)
		}
		if !time.Now().Before(deadline) {
			holder := readHolder(f)
			f.Close()
			return nil, fmt.Errorf("%w: %s is being written%s", ErrLocked, db, holder)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("archive: lock %s: %w", path, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	// Record who holds it, for the message a waiting run prints.
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return &runLock{f: f, path: path}, nil
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

func (l *runLock) release() error {
	if l == nil {
		return nil
	}
	_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	return l.f.Close()
}
