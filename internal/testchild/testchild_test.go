package testchild

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestDir_PrunesStale: Dir keeps the directory of the working directory and other recent ones,
// and removes the directories of its name unused for over a week.
func TestDir_PrunesStale(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	old := time.Now().Add(-staleAfter - time.Hour)
	mk := func(name string, at time.Time) string {
		d := filepath.Join(tmp, name)
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "x.test"), []byte("binary"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(d, at, at); err != nil {
			t.Fatal(err)
		}
		return d
	}
	stale := mk("web-child-0123456789abcdef", old)
	recent := mk("web-child-fedcba9876543210", time.Now().Add(-time.Hour))
	otherName := mk("blobstore-child-0123456789abcdef", old)
	notOurs := mk("web-child-notahash", old)

	dir, err := Dir("web-child")
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() || time.Since(fi.ModTime()) > time.Minute {
		t.Errorf("Dir's own directory %s: %v, %v", dir, fi, err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale directory is still there: %v", err)
	}
	for _, d := range []string{recent, otherName, notOurs} {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s removed: %v", filepath.Base(d), err)
		}
	}
	// Used again, a directory is not stale: its time is now.
	if err := os.Chtimes(dir, old, old); err != nil {
		t.Fatal(err)
	}
	if again, err := Dir("web-child"); err != nil || again != dir {
		t.Fatalf("Dir again: %s, %v", again, err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Errorf("Dir removed its own directory: %v", err)
	}
}
