package archive

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/testmain"
	bolt "go.etcd.io/bbolt"
)

// The versions, captures and contents buckets seen through page records (txn) behave as plain
// bbolt buckets would: random puts, deletes, gets, seeks and walks in both directions, on pages
// in page records, pages still in the buckets (schema 6, moved on their first write) and keys
// of pages without numbers, give what a bbolt bucket given the same operations gives, within a
// transaction and after its page records are written and read again.
func TestRecBucket_MatchesBolt(t *testing.T) {
	t.Parallel()
	// Each seed is a random sequence of operations in one goroutine: under the race detector,
	// which has nothing more to find in more of them, two.
	for seed := range uint64(testmain.Scaled(4, 2)) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { recBucketMatchesBolt(t, seed) })
	}
}

func recBucketMatchesBolt(t *testing.T, seed uint64) {
	db := tempBolt(t)
	names := [][]byte{bucketVersions, bucketCaptures, bucketContents}
	rng := rand.New(rand.NewPCG(7, seed))
	start := time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)
	key := func(name []byte) []byte {
		if rng.IntN(10) == 0 {
			return append(urlPrefix(fmt.Sprintf("https://a.vn/%d", rng.IntN(3))), byte(rng.IntN(4)))
		}
		k := numberPrefix(uint32(1 + rng.IntN(12)))
		switch {
		case bytes.Equal(name, bucketCaptures):
			at := start.Add(time.Duration(rng.IntN(150*24)) * time.Hour) // five months
			k = binary.BigEndian.AppendUint64(k, uint64(at.UnixNano()))
			return binary.BigEndian.AppendUint64(k, uint64(rng.IntN(4)))
		case bytes.Equal(name, bucketVersions):
			return binary.BigEndian.AppendUint32(k, uint32(1+rng.IntN(6)))
		default:
			return append(k, byte(rng.IntN(8)), byte(rng.IntN(8)))
		}
	}
	err := db.Update(func(btx *bolt.Tx) error {
		model := map[string]*bolt.Bucket{}
		for _, name := range names {
			b, err := btx.CreateBucket(name)
			if err != nil {
				return err
			}
			if model[string(name)], err = btx.CreateBucket(append([]byte("model-"), name...)); err != nil {
				return err
			}
			// Pages 9 to 12 in the buckets, as schema 6 kept them.
			for range 20 {
				k := key(name)
				if id, _, ok := splitKey(k); ok && id >= 9 {
					v := []byte(fmt.Sprintf("\x01{\"old\":%d}", rng.IntN(1000)))
					b.Put(k, v)
					model[string(name)].Put(k, v)
				}
			}
		}
		tx := newTxn(btx, txnOptions{})
		for op := range 2500 {
			name := names[rng.IntN(len(names))]
			b, m := tx.Bucket(name), model[string(name)]
			switch r := rng.IntN(100); {
			case r < 40:
				k, v := key(name), []byte(fmt.Sprintf("\x01{\"op\":%d}", op))
				if err := b.Put(k, v); err != nil {
					return err
				}
				m.Put(k, v)
			case r < 55:
				k := key(name)
				if err := b.Delete(k); err != nil {
					return err
				}
				m.Delete(k)
			case r < 75:
				k := key(name)
				if got, want := b.Get(k), m.Get(k); !bytes.Equal(got, want) {
					t.Fatalf("op %d: get %x: %q, want %q", op, k, got, want)
				}
			case r < 97:
				k := key(name)
				c, mc := b.Cursor(), m.Cursor()
				var within []byte // a cursor kept to one page's keys, compared while the model's stay there
				if _, _, ok := splitKey(k); ok && rng.IntN(2) == 0 {
					within = k[:5]
					c = b.Within(within)
				}
				gk, gv := c.Seek(k)
				wk, wv := mc.Seek(k)
				for step := range 6 {
					if within != nil && !bytes.HasPrefix(wk, within) {
						if bytes.HasPrefix(gk, within) {
							t.Fatalf("op %d step %d: within %x gave %x where the model has left the page", op, step, within, gk)
						}
						break
					}
					if !bytes.Equal(gk, wk) || !bytes.Equal(gv, wv) {
						t.Fatalf("op %d step %d after seek %x in %s: %x %q, want %x %q", op, step, k, name, gk, gv, wk, wv)
					}
					if wk == nil {
						break // off either end the archive's code seeks again; bbolt's Prev would give the last key
					}
					if rng.IntN(2) == 0 {
						gk, gv = c.Next()
						wk, wv = mc.Next()
					} else {
						gk, gv = c.Prev()
						wk, wv = mc.Prev()
					}
				}
			default:
				// Write the page records and read them again from the file.
				if err := tx.flush(); err != nil {
					return err
				}
				tx = newTxn(btx, txnOptions{})
			}
			if op%500 == 499 {
				for _, name := range names {
					walks(t, op, name, tx.Bucket(name), model[string(name)])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// walks compares whole walks of a bucket, forward and backward, with the model's.
func walks(t *testing.T, op int, name []byte, b bucket, m *bolt.Bucket) {
	t.Helper()
	var got, want bytes.Buffer
	c, mc := b.Cursor(), m.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		fmt.Fprintf(&got, "%x=%s\n", k, v)
	}
	for k, v := mc.First(); k != nil; k, v = mc.Next() {
		fmt.Fprintf(&want, "%x=%s\n", k, v)
	}
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		fmt.Fprintf(&got, "%x=%s\n", k, v)
	}
	for k, v := mc.Last(); k != nil; k, v = mc.Prev() {
		fmt.Fprintf(&want, "%x=%s\n", k, v)
	}
	if got.String() != want.String() {
		t.Fatalf("op %d: walk of %s:\n got %s\nwant %s", op, name, got.String(), want.String())
	}
}

// The pages bucket seen through the URL index and page records behaves as a plain bbolt bucket
// would: random puts of numbered and unnumbered pages, deletes, gets, seeks and walks, on pages
// in the index and pages still in the bucket (moved on their first write), through enough URLs
// that blocks split, within a transaction and after it is written and read again through the
// cache of decoded blocks the transactions share.
func TestPageBucket_MatchesBolt(t *testing.T) {
	t.Parallel()
	for seed := range uint64(testmain.Scaled(3, 1)) { // see TestRecBucket_MatchesBolt
		t.Run(fmt.Sprint(seed), func(t *testing.T) { pageBucketMatchesBolt(t, seed) })
	}
}

func pageBucketMatchesBolt(t *testing.T, seed uint64) {
	db := tempBolt(t)
	rng := rand.New(rand.NewPCG(9, seed))
	opts := txnOptions{cache: newBlockCache()} // shared by the transactions, as a Store's is
	const urls = 700
	url := func(i int) []byte {
		return []byte(fmt.Sprintf("https://baodongkhoi.vn/tin-tuc/bai-%03d-%d.html", i*7919%1000, i))
	}
	value := func(i, op int) []byte {
		rec := []byte(fmt.Sprintf("\x01{\"title\":\"Bài %d\",\"op\":%d}", i, op))
		if i%10 == 0 { // a page without a number, as before schema 5
			return rec
		}
		return numbered(uint32(i+1), rec)
	}
	err := db.Update(func(btx *bolt.Tx) error {
		for _, name := range [][]byte{bucketPages, bucketVersions, bucketCaptures, bucketContents} {
			if _, err := btx.CreateBucket(name); err != nil {
				return err
			}
		}
		model, err := btx.CreateBucket([]byte("model"))
		if err != nil {
			return err
		}
		for i := 1; i < urls; i += 3 { // a third of the pages as schema 6 stored them
			btx.Bucket(bucketPages).Put(url(i), value(i, -1))
			model.Put(url(i), value(i, -1))
		}
		tx := newTxn(btx, opts)
		for op := range 3000 {
			i := rng.IntN(urls)
			b := tx.Bucket(bucketPages)
			switch r := rng.IntN(100); {
			case r < 45:
				if err := b.Put(url(i), value(i, op)); err != nil {
					return err
				}
				model.Put(url(i), value(i, op))
			case r < 52:
				if err := b.Delete(url(i)); err != nil {
					return err
				}
				model.Delete(url(i))
			case r < 75:
				if got, want := b.Get(url(i)), model.Get(url(i)); !bytes.Equal(got, want) {
					t.Fatalf("op %d: get %s: %q, want %q", op, url(i), got, want)
				}
			case r < 98:
				k := url(i)[:20+rng.IntN(25)]
				c, mc := b.Cursor(), model.Cursor()
				gk, gv := c.Seek(k)
				wk, wv := mc.Seek(k)
				for step := range 8 {
					if !bytes.Equal(gk, wk) || !bytes.Equal(gv, wv) {
						t.Fatalf("op %d step %d after seek %s: %s %q, want %s %q", op, step, k, gk, gv, wk, wv)
					}
					if wk == nil {
						break
					}
					if rng.IntN(3) > 0 {
						gk, gv = c.Next()
						wk, wv = mc.Next()
					} else {
						gk, gv = c.Prev()
						wk, wv = mc.Prev()
					}
				}
			default:
				if err := tx.flush(); err != nil {
					return err
				}
				tx = newTxn(btx, opts)
			}
			if op%1000 == 999 {
				walks(t, op, bucketPages, tx.Bucket(bucketPages), model)
			}
		}
		if err := tx.flush(); err != nil {
			return err
		}
		tx = newTxn(btx, opts)
		walks(t, -1, bucketPages, tx.Bucket(bucketPages), model)
		n := 0
		btx.Bucket(bucketURLs).ForEach(func(_, _ []byte) error { n++; return nil })
		if n < 3 {
			t.Errorf("the index has %d blocks: too few to test their splits", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// tempBolt is a bbolt file of the test's own, closed when it ends.
func tempBolt(t *testing.T) *bolt.DB {
	t.Helper()
	db, err := bolt.Open(filepath.Join(t.TempDir(), "t.db"), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
