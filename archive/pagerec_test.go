package archive

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A page captured in several months keeps one head and a chunk a later month; verify finds the
// damage a page record or the URL index can suffer, each by what it is.
func TestVerify_PageRecordDamage(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "v.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	const u = "https://baodongkhoi.vn/bai-thang.html"
	for m := range 3 { // the same page in three months
		text := "Bài theo tháng."
		f := fetch(t0.Add(time.Duration(m*31*24)*time.Hour), page(text, m), text)
		f.URL = u
		if _, err := s.PutBatch(context.Background(), []Fetch{f}); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range timelineCaptures() {
		if _, err := s.PutBatch(context.Background(), []Fetch{f}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Verify(context.Background()); err != nil {
		t.Fatalf("a sound archive: %v", err)
	}
	var id uint32
	err = s.view(func(tx *txn) error {
		var err error
		id, err = tx.pageID(u)
		keys := 0
		tx.Tx.Bucket(bucketPageRecs).ForEach(func(k, _ []byte) error {
			if binary.BigEndian.Uint32(k) == id {
				keys++
			}
			return nil
		})
		if keys != 3 {
			t.Errorf("a page captured in three months has %d chunks, want a head and two months", keys)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// raw edits the file's buckets as bbolt has them, as a damaged disk would.
	for name, c := range map[string]struct {
		tamper func(tx *bolt.Tx) error
		want   string
	}{
		"a capture in the wrong month's chunk": {func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketPageRecs)
			c := b.Cursor()
			k, v := c.Seek(headKey(id))
			k, v = c.Next() // the first month chunk
			return b.Put(binary.BigEndian.AppendUint16(headKey(id), binary.BigEndian.Uint16(k[4:])+5), v)
		}, "holds a capture of month"},
		"a page record of no page": {func(tx *bolt.Tx) error {
			return tx.Bucket(bucketPageRecs).Put(headKey(id+1000), tx.Bucket(bucketPageRecs).Get(headKey(id)))
		}, "belongs to no page"},
		"a URL both in the index and the bucket": {func(tx *bolt.Tx) error {
			return tx.Bucket(bucketPages).Put([]byte(u), numbered(id, []byte("\x01{}")))
		}, "both in the URL index and in the pages bucket"},
		"a URL block keyed by another URL": {func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketURLs)
			k, v := b.Cursor().First()
			if err := b.Delete(k); err != nil {
				return err
			}
			return b.Put([]byte("https://a"), v)
		}, "does not begin with its key"},
		"a page record that does not decode": {func(tx *bolt.Tx) error {
			return tx.Bucket(bucketPageRecs).Put(headKey(id), []byte{recordZstd, 1, 2, 3})
		}, "page record"},
	} {
		t.Run(name, func(t *testing.T) {
			copyPath := filepath.Join(t.TempDir(), "c.db")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(copyPath, data, 0o644); err != nil {
				t.Fatal(err)
			}
			db, err := bolt.Open(copyPath, 0o644, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Update(c.tamper); err != nil {
				t.Fatal(err)
			}
			db.Close()
			os.Symlink(SegmentDir(path), SegmentDir(copyPath))
			r, err := Open(context.Background(), copyPath, Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if err := r.Verify(context.Background()); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("verify = %v, want ErrCorrupt saying %q", err, c.want)
			}
		})
	}
}
