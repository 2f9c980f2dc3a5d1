package blobstore

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/newsarchive/newsarchive/internal/sitegen"
	bolt "go.etcd.io/bbolt"
)

// testStore is a store on a real bbolt file in a temporary directory.
type testStore struct {
	t    testing.TB
	path string
	db   *bolt.DB
	s    *Store
}

func newTestStore(t testing.TB, opts Options) *testStore {
	t.Helper()
	path := filepath.Join(t.TempDir(), "archive.db")
	ts := &testStore{t: t, path: path}
	ts.open(opts)
	return ts
}

func (ts *testStore) open(opts Options) {
	ts.t.Helper()
	if opts.Level == 0 {
		// The default level rather than the store's (the better one): the same code, its
		// frames and dictionaries, at three quarters of the CPU under the race detector. What a
		// level makes of the pages is the size benchmark's (archive, BenchmarkArchiveSize).
		opts.Level = zstd.SpeedDefault
	}
	db, err := bolt.Open(ts.path, 0o644, nil)
	if err != nil {
		ts.t.Fatal(err)
	}
	s, err := Open(context.Background(), DirFor(ts.path), opts)
	if err != nil {
		ts.t.Fatal(err)
	}
	if !opts.ReadOnly {
		if err := db.Update(s.Recover); err != nil {
			ts.t.Fatal(err)
		}
	}
	ts.db, ts.s = db, s
	ts.t.Cleanup(ts.close)
}

func (ts *testStore) close() {
	if ts.s != nil {
		ts.s.Close()
		ts.db.Close()
		ts.s, ts.db = nil, nil
	}
}

// put appends and commits puts as the archive's writer does: Append in a read transaction,
// Commit in a write transaction.
func (ts *testStore) put(puts ...Put) *Batch {
	ts.t.Helper()
	bt, err := put(ts.db, ts.s, puts)
	if err != nil {
		ts.t.Fatal(err)
	}
	return bt
}

func put(db *bolt.DB, s *Store, puts []Put) (*Batch, error) {
	var bt *Batch
	err := db.View(func(tx *bolt.Tx) error {
		var err error
		bt, err = s.Append(context.Background(), tx, puts)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := db.Update(bt.Commit); err != nil {
		return nil, err
	}
	return bt, nil
}

func (ts *testStore) get(id ID) ([]byte, error) {
	var out []byte
	err := ts.db.View(func(tx *bolt.Tx) error {
		var err error
		out, err = ts.s.Get(context.Background(), tx, id)
		return err
	})
	return out, err
}

// readsBack reads every blob of puts back, failing the test on any that does not read back the
// same, and returns what it read, in order.
func (ts *testStore) readsBack(puts []Put) [][]byte {
	ts.t.Helper()
	var read [][]byte
	for _, p := range puts {
		for _, blob := range p.Blobs {
			got, err := ts.get(Sum(blob))
			if err != nil {
				ts.t.Fatal(err)
			}
			if !bytes.Equal(got, blob) {
				ts.t.Fatalf("blob %s read back differs", Sum(blob))
			}
			read = append(read, got)
		}
	}
	return read
}

func (ts *testStore) verify() error {
	return ts.db.View(func(tx *bolt.Tx) error { return ts.s.Verify(context.Background(), tx) })
}

// pagePuts is pages 0 to n-1 of site, as pagePut makes them.
func pagePuts(site *sitegen.Site, name string, n int) []Put {
	var puts []Put
	for i := range n {
		puts = append(puts, pagePut(site, name, i))
	}
	return puts
}

// pagePut is page i of site as the archive stores a first capture: HTML then text.
func pagePut(site *sitegen.Site, name string, i int) Put {
	p := site.Page(i)
	return Put{Site: name, Blobs: [][]byte{p.HTML, []byte(p.Text)}}
}
