package blobstore

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/newsarchive/newsarchive/internal/sitegen"
)

// TestEncoders_SharedAcrossStores writes the same pages to two stores of the process, the
// second going on after the first closed, and to a store with encoders of its own: the stores
// share their level's encoders, and sharing them changes no stored byte.
func TestEncoders_SharedAcrossStores(t *testing.T) {
	t.Parallel()
	site := sitegen.New(5, "https://x")
	puts := pagePuts(site, "x", 8)
	level := zstd.SpeedFastest
	a := newTestStore(t, Options{Level: level})
	b := newTestStore(t, Options{Level: level})
	if a.s.codecs.enc != b.s.codecs.enc {
		t.Fatal("two stores of one level have encoders of their own")
	}
	a.put(puts[:4]...)
	b.put(puts[:4]...)
	a.close() // leaves the encoders to b
	b.put(puts[4:]...)
	own := newTestStore(t, Options{Level: level})
	own.s.codecs.enc = newEncoders(level) // as a store in a process of its own
	own.put(puts[:4]...)
	own.put(puts[4:]...)
	if err := b.verify(); err != nil {
		t.Fatal(err)
	}
	b.readsBack(puts)
	shared, alone := segments(t, b.path), segments(t, own.path)
	if len(shared) == 0 || len(shared) != len(alone) {
		t.Fatalf("%d segments with shared encoders, %d alone", len(shared), len(alone))
	}
	for name, data := range shared {
		if !bytes.Equal(data, alone[name]) {
			t.Errorf("segment %s: %d bytes with shared encoders, %d alone, or other bytes", name, len(data), len(alone[name]))
		}
	}
}

// segments returns the contents of the segment files of the store beside the database path.
func segments(t *testing.T, path string) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(DirFor(path), "*"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = data
	}
	return out
}
