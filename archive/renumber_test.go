package archive

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/testmain"
	bolt "go.etcd.io/bbolt"
)

// unnumber turns an archive back into the layout before page numbers: every page's records
// under its URL, content records under their hex hash, page records without a number, no
// number counter.
func unnumber(tx *txn) error {
	pages := tx.Bucket(bucketPages)
	type rec struct{ k, v []byte }
	var numbered []rec
	err := pages.ForEach(func(k, v []byte) error {
		if id, _ := pageNumber(v); id != 0 {
			numbered = append(numbered, rec{bytes.Clone(k), bytes.Clone(v)})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range numbered {
		id, plain, err := splitNumber(r.v)
		if err != nil {
			return err
		}
		for _, name := range [][]byte{bucketVersions, bucketCaptures} {
			if err := moveRecords(tx.Bucket(name), numberPrefix(id), urlPrefix(string(r.k))); err != nil {
				return err
			}
		}
		hexKey := func(k []byte) []byte { return []byte(contentKeyHash(k)) }
		if err := rekey(tx.Bucket(bucketContents), numberPrefix(id), hexKey); err != nil {
			return err
		}
		if err := pages.Put(r.k, plain); err != nil {
			return err
		}
	}
	return tx.Bucket(bucketMeta).Delete(keyNextPage)
}

// rewriteDB changes the database of a closed archive in one transaction, as an older build or a
// damaged disk would have left it.
func rewriteDB(t *testing.T, path string, fn func(*txn) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(guard(txnOptions{legacy: true}, fn)) // as a build of schema 6 would write new pages
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}

// keyURL is the URL of a key of the layout before page numbers: URL, 0x00, more.
func keyURL(key []byte) string {
	if i := bytes.IndexByte(key, 0); i >= 0 {
		return string(key[:i])
	}
	return string(key)
}

// pageURLs maps each page number to its page's URL.
func pageURLs(tx *txn) map[uint32]string {
	urls := map[uint32]string{}
	tx.Bucket(bucketPages).ForEach(func(k, v []byte) error {
		if id, _ := pageNumber(v); id != 0 {
			urls[id] = string(k)
		}
		return nil
	})
	return urls
}

// logicalRecord is a stored record as the layout before page numbers had it: a version's or
// capture's key with its page's URL instead of its number, a page record without its number.
func logicalRecord(urls map[uint32]string, bucket, k, v []byte) ([]byte, []byte) {
	switch {
	case bytes.Equal(bucket, bucketPages):
		if _, plain, err := splitNumber(v); err == nil {
			return k, plain
		}
	case bytes.Equal(bucket, bucketContents):
		return []byte(contentKeyHash(k)), v
	case (bytes.Equal(bucket, bucketVersions) || bytes.Equal(bucket, bucketCaptures)) && len(k) >= 5 && k[0] == 0:
		url := urls[binary.BigEndian.Uint32(k[1:5])]
		return append(urlPrefix(url), k[5:]...), v
	}
	return k, v
}

// legacyArchive writes n article pages (two captures each, the second changed) and the timeline
// test's pages into a new archive at path, turns it into the layout before page numbers
// (schema 4), and returns its dump.
func legacyArchive(t *testing.T, path string, n int) string {
	t.Helper()
	s, err := Open(context.Background(), path, Options{LockTimeout: 10 * time.Second, legacyRecords: true})
	if err != nil {
		t.Fatal(err)
	}
	fetches := timelineCaptures()
	for i := range n {
		for v := range 2 {
			text := fmt.Sprintf("Bài %d, bản %d.", i, v)
			f := fetch(t0.Add(time.Duration(v*24)*time.Hour+time.Duration(i)*time.Second), page(text, v), text)
			f.URL = fmt.Sprintf("https://baodongkhoi.vn/bai-%05d.html", i)
			fetches = append(fetches, f)
		}
	}
	for chunk := range slices.Chunk(fetches, 64) {
		if _, err := s.PutBatch(context.Background(), chunk); err != nil {
			t.Fatal(err)
		}
	}
	want := dump(t, s)
	s.Close()
	rewriteDB(t, path, func(tx *txn) error {
		if err := unnumber(tx); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte{4})
	})
	return want
}

// numberedPages counts the pages that have a number and the versions and captures still keyed
// by a URL.
func numberedPages(t *testing.T, path string) (numbered, urlKeyed int) {
	t.Helper()
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(guard(txnOptions{}, func(tx *txn) error {
		tx.Bucket(bucketPages).ForEach(func(_, v []byte) error {
			if id, _ := pageNumber(v); id != 0 {
				numbered++
			}
			return nil
		})
		for _, name := range [][]byte{bucketVersions, bucketCaptures} {
			tx.Bucket(name).ForEach(func(k, _ []byte) error {
				if k[0] != 0 {
					urlKeyed++
				}
				return nil
			})
		}
		return nil
	}))
	return numbered, urlKeyed
}

// An archive of schema 4 (records keyed by URL) reads as before; a write to one of its pages
// moves that page's records under a page number; UpgradeRecords moves the rest, in batches,
// and a second run finds nothing to do. The records read the same at every step.
func TestUpgradeRecords(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "old.db")
	// Three batches of upgradeRecords: 140 pages in batches of 64, or under the race detector
	// 40 in batches of 16 (2.7 s of CPU otherwise).
	batch := testmain.Scaled(64, 16)
	want := legacyArchive(t, path, testmain.Scaled(140, 40))
	if n, keyed := numberedPages(t, path); n != 0 || keyed == 0 {
		t.Fatalf("legacy archive: %d numbered pages, %d URL keys", n, keyed)
	}
	r, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := dump(t, r); got != want {
		t.Errorf("the legacy archive reads differently")
	}
	if vs, err := r.Versions(t.Context(), "https://baodongkhoi.vn/bai-00007.html"); err != nil || len(vs) != 2 {
		t.Errorf("versions of a legacy page: %d, %v", len(vs), err)
	}
	r.Close()

	// A child the crash tests fork meanwhile holds copies of this process's descriptors, the run
	// lock's among them, until it execs: wait for it rather than fail.
	s, err := Open(context.Background(), path, Options{LockTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Verify(t.Context()); err != nil {
		t.Fatalf("verify legacy: %v", err)
	}
	// A recapture of one page moves it.
	const moved = "https://baodongkhoi.vn/bai-00003.html"
	f := fetch(t0.Add(72*time.Hour), page("Bài 3, bản 2.", 2), "Bài 3, bản 2.")
	f.URL = moved
	if rs, err := s.PutBatch(t.Context(), []Fetch{f}); err != nil || rs[0].Outcome != OutcomeNewVersion || rs[0].Version != 3 {
		t.Fatalf("recapture of a legacy page: %+v, %v", rs, err)
	}
	if n, _ := numberedPages(t, path); n != 1 {
		t.Errorf("%d pages numbered after one write, want 1", n)
	}
	if vs, err := s.Versions(t.Context(), moved); err != nil || len(vs) != 3 {
		t.Errorf("versions of the moved page: %d, %v", len(vs), err)
	}
	want = dump(t, s)
	total := strings.Count("\n"+want, "\npages ")
	for run := range 2 {
		st, err := s.upgradeRecords(t.Context(), batch, nil)
		if err != nil {
			t.Fatal(err)
		}
		if run == 0 && (st.Moved != total-1 || st.Already != 1) || run == 1 && (st.Moved != 0 || st.Already != total) {
			t.Errorf("run %d of %d pages: %+v", run, total, st)
		}
		if n, keyed := numberedPages(t, path); n != total || keyed != 0 {
			t.Errorf("run %d: %d of %d pages numbered, %d URL keys left", run, n, total, keyed)
		}
		if got := dump(t, s); got != want {
			t.Errorf("run %d: the records changed", run)
		}
		if err := s.Verify(t.Context()); err != nil {
			t.Errorf("run %d: verify: %v", run, err)
		}
	}
}
