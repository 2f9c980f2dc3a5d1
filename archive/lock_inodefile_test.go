//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package archive

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLockInodeFile: the identity lock the BSDs and macOS use, run here too. Every name of a
// file (a hard link included) shares it, another file does not, and closing releases it.
func TestLockInodeFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db, other, hard := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db"), filepath.Join(t.TempDir(), "hard.db")
	for _, p := range []string{db, other} {
		if err := os.WriteFile(p, []byte(p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Link(db, hard); err != nil {
		t.Fatal(err)
	}
	first, held, err := lockInodeFile(db)
	if err != nil || !held {
		t.Fatalf("first lock: held %v, %v", held, err)
	}
	if c, held, err := lockInodeFile(hard); err != nil || held {
		if c != nil {
			c.Close()
		}
		t.Errorf("through a hard link while held: held %v, %v; want not held", held, err)
	}
	o, held, err := lockInodeFile(other)
	if err != nil || !held {
		t.Errorf("another file: held %v, %v; want held", held, err)
	} else {
		o.Close()
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, held, err := lockInodeFile(hard)
	if err != nil || !held {
		t.Fatalf("after release, through the hard link: held %v, %v", held, err)
	}
	again.Close()
}
