package crawler

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/newsarchive/newsarchive/archive"
)

func TestDiskFull(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		want bool
	}{
		{"no space, wrapped twice", fmt.Errorf("archive: put batch: %w", &fs.PathError{Op: "write", Path: "a.db", Err: syscall.ENOSPC}), true},
		{"quota", &fs.PathError{Op: "write", Path: "seg", Err: syscall.EDQUOT}, true},
		{"joined", errors.Join(errors.New("other"), syscall.ENOSPC), true},
		{"input/output error", &fs.PathError{Op: "write", Path: "a.db", Err: syscall.EIO}, false},
		{"no errno", errors.New("no space left on device"), false},
		{"nil", nil, false},
	} {
		if got := diskFull(tt.err); got != tt.want {
			t.Errorf("%s: diskFull(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

// fullDisk is an archive whose batches fail as writes to a full disk do, after the first ok.
// The crawler's own tests run as any user; TestCrawl_StopsOnAFullDisk (cmd/newsarchive) fills a
// real tmpfs where it may mount one.
type fullDisk struct {
	*archive.Store
	ok atomic.Int32
}

func (f *fullDisk) PutBatch(ctx context.Context, fetches []archive.Fetch) ([]archive.Result, error) {
	if f.ok.Add(-1) < 0 {
		return nil, fmt.Errorf("archive: put batch: %w", &fs.PathError{Op: "write", Path: "a.db", Err: syscall.ENOSPC})
	}
	return f.Store.PutBatch(ctx, fetches)
}

// TestRun_DiskFullStops: a batch that fails for want of space makes Run return ErrDiskFull, counts
// the pages not stored, says why the site stopped, and records a failed run, not an interrupted
// one: a crawl onto a full disk counts towards alert_after.
func TestRun_DiskFullStops(t *testing.T) {
	t.Parallel()
	m := newMiniSite(t)
	cfg := m.config(t, "")
	s := tempArchive(t)
	sums, err := New(cfg, &fullDisk{Store: s}, Options{}).Run(context.Background(), cfg.Sites)
	if !errors.Is(err, ErrDiskFull) || !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("Run = %v, want ErrDiskFull wrapping ENOSPC", err)
	}
	sum := sums[0]
	if sum.Errors[FailStore] == 0 || !strings.Contains(sum.Abandoned, "disk is full") {
		t.Errorf("summary: %d pages not stored, abandoned %q", sum.Errors[FailStore], sum.Abandoned)
	}
	n, err := FailedInARow(context.Background(), s, "mini")
	if err != nil || n != 1 {
		t.Errorf("FailedInARow = %d, %v; want 1 (the run failed, it was not interrupted)", n, err)
	}
}
