package crawler

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"
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
