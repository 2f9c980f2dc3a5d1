package archive

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// openWriter opens a new archive that the test closes itself.
func openWriter(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// TestRunLock_FileIdentity: a second writer naming the database by a symlink, a hard link, a
// symlinked directory or a relative path waits for the same lock as one naming it directly.
func TestRunLock_FileIdentity(t *testing.T) {
	t.Parallel()
	s, path := openWriter(t)
	put(t, s, fetch(time.Now(), page("x", 1), "x"))
	dir := filepath.Dir(path)
	link, hard, dirLink := filepath.Join(dir, "link.db"), filepath.Join(dir, "hard.db"), filepath.Join(t.TempDir(), "d")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(path, hard); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, dirLink); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{"symlink": link, "hard link": hard, "symlinked directory": filepath.Join(dirLink, filepath.Base(path))}
	for what, name := range names {
		w, err := Open(context.Background(), name, Options{})
		if !errors.Is(err, ErrLocked) {
			if err == nil {
				w.Close()
			}
			t.Errorf("a second writer through a %s: %v, want ErrLocked", what, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Released, any name opens.
	w, err := Open(context.Background(), hard, Options{})
	if err != nil {
		t.Fatalf("after the first writer closed: %v", err)
	}
	w.Close()
}

// TestBackup_RefusesItself: a backup or compaction onto the database or its lock file, by any
// name, is refused and leaves the database as it was.
func TestBackup_RefusesItself(t *testing.T) {
	t.Parallel()
	s, path := openWriter(t)
	put(t, s, fetch(time.Now(), page("x", 1), "x"))
	dir := filepath.Dir(path)
	link, hard, lockLink := filepath.Join(dir, "link.db"), filepath.Join(dir, "hard.db"), filepath.Join(dir, "lock-link")
	os.Symlink(path, link)
	os.Link(path, hard)
	os.Symlink(path+".lock", lockLink)
	before, _ := os.Stat(path)
	targets := []string{path, link, hard, path + ".lock", lockLink, dir + "/./" + filepath.Base(path), dir + "/../" + filepath.Base(dir) + "/" + filepath.Base(path)}
	for _, target := range targets {
		if _, err := s.Backup(t.Context(), target); !errors.Is(err, ErrBackupOntoSelf) {
			t.Errorf("Backup(%s) = %v, want ErrBackupOntoSelf", target, err)
		}
	}
	after, err := os.Stat(path)
	if err != nil || !os.SameFile(before, after) || after.Size() != before.Size() {
		t.Fatalf("the database changed: %v", err)
	}
	if err := s.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Backup(t.Context(), filepath.Join(dir, "copy.db")); err != nil || n == 0 {
		t.Fatalf("a real backup: %d, %v", n, err)
	}
	s.Close()
	r, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Compact(t.Context(), link); !errors.Is(err, ErrBackupOntoSelf) {
		t.Errorf("Compact onto a symlink of the database: %v", err)
	}
}

// TestBackup_TempFileIsDatabase: "backup a" would write a.tmp first; when a.tmp is the database
// that is refused too.
func TestBackup_TempFileIsDatabase(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "a.tmp")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Backup(t.Context(), path[:len(path)-len(".tmp")]); !errors.Is(err, ErrBackupOntoSelf) {
		t.Errorf("Backup whose temporary file is the database: %v", err)
	}
}

// TestCreate_AllOrNothing: a new archive appears complete or not at all; a half-made file left
// by a run killed while creating it is replaced, never read.
func TestCreate_AllOrNothing(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "new.db")
	if err := os.WriteFile(path+".new", []byte("half made"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(path + ".new"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary file is left: %v", err)
	}
	r, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("a reader of the new archive: %v", err)
	}
	defer r.Close()
	if err := r.Verify(context.Background()); err != nil {
		t.Error(err)
	}
}
