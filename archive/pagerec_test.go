package archive

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
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
	// Each tamper edits the file's buckets as bbolt has them, as a damaged disk would.
	for name, c := range map[string]struct {
		tamper func(tx *bolt.Tx) error
		want   string
	}{
		"a capture in the wrong month's chunk": {func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketPageRecs)
			c := b.Cursor()
			c.Seek(headKey(id))
			k, v := c.Next() // the first month chunk
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
			copyPath := tamperedCopy(t, path, c.tamper)
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

// A capture dated before 1970 (a WARC-Date an import accepts) sorts after every later one as a
// key; its month chunk must come last too, or the page's other captures fall out of its walks
// and rederive drops their versions. Both layouts give the same history.
func TestPageRecords_CaptureBefore1970(t *testing.T) {
	t.Parallel()
	history := func(legacy bool) string {
		s, err := Open(context.Background(), filepath.Join(t.TempDir(), "a.db"), Options{legacyRecords: legacy})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for i, text := range []string{"Bài một.", "Bài hai, đã sửa."} {
			if _, err := s.PutBatch(t.Context(), []Fetch{fetch(t0.Add(time.Duration(i)*24*time.Hour), page(text, i), text)}); err != nil {
				t.Fatal(err)
			}
		}
		old := fetch(time.Date(1969, 6, 1, 0, 0, 0, 0, time.UTC), page("Bài cũ.", 9), "Bài cũ.")
		if _, err := s.PutBatch(t.Context(), []Fetch{old}); err != nil {
			t.Fatal(err)
		}
		vs, err := s.Versions(t.Context(), pageURL)
		if err != nil {
			t.Fatal(err)
		}
		cs, err := s.Captures(t.Context(), pageURL)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 3 {
			t.Errorf("legacy %v: %d captures of 3", legacy, len(cs))
		}
		if err := s.Verify(t.Context()); err != nil {
			t.Errorf("legacy %v: %v", legacy, err)
		}
		return fmt.Sprintf("%d versions, %d captures", len(vs), len(cs))
	}
	if got, want := history(false), history(true); got != want {
		t.Errorf("page records: %s; the buckets of schema 6: %s", got, want)
	}
}

// A verify cut short reports the cancellation, not the page records it had no time to match
// with their pages.
func TestVerify_CancelledReportsNoOrphans(t *testing.T) {
	t.Parallel()
	s, _ := openTest(t)
	var fs []Fetch
	for i := range 5 {
		text := fmt.Sprintf("Bài %d.", i)
		f := fetch(t0, page(text, i), text)
		f.URL = fmt.Sprintf("https://baodongkhoi.vn/%d.html", i)
		fs = append(fs, f)
	}
	if _, err := s.PutBatch(t.Context(), fs); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := s.Verify(ctx)
	if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "belongs to no page") {
		t.Errorf("cancelled verify: %v", err)
	}
}

// Looking up one page's records reads that page's record only: a hub's versions (it has none)
// do not send the lookup through the following pages' records, and a recapture of a page
// captured every day for years decodes the months it needs, not its whole history.
func TestPageRecords_LookupsStayInTheirPage(t *testing.T) {
	t.Parallel()
	s, _ := openTest(t)
	var fs []Fetch
	for i := range 300 {
		fs = append(fs, Fetch{URL: fmt.Sprintf("https://baodongkhoi.vn/chuyen-muc/%05d", i), Site: "baodongkhoi", Time: t0,
			Status: 200, Kind: KindHub, Body: []byte(fmt.Sprintf("<html>hub %d</html>", i))})
	}
	if _, err := s.PutBatch(t.Context(), fs); err != nil {
		t.Fatal(err)
	}
	const daily = "https://baodongkhoi.vn/trang-chu"
	for day := 0; day < 400; day += 7 { // thirteen months and more, every week
		f := Fetch{URL: daily, Site: "baodongkhoi", Time: t0.Add(time.Duration(day) * 24 * time.Hour), Status: 200,
			Kind: KindHub, Body: []byte(fmt.Sprintf("<html>ngày %d</html>", day))}
		if _, err := s.PutBatch(t.Context(), []Fetch{f}); err != nil {
			t.Fatal(err)
		}
	}
	err := s.view(func(tx *txn) error {
		if err := scanPrefix(tx, bucketVersions, "https://baodongkhoi.vn/chuyen-muc/00000", func([]byte) error { return nil }); err != nil {
			return err
		}
		if n := len(tx.pages); n != 1 {
			t.Errorf("a hub's versions read %d page records", n)
		}
		if latestBody(tx, daily) == "" {
			t.Error("no latest body")
		}
		id, _ := tx.pageID(daily)
		p, _ := tx.page(id)
		if n := len(p.loaded); n > 1 || len(p.months) < 12 {
			t.Errorf("the latest body of a page captured over %d months decoded %d of them", len(p.months)+1, n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// tamperedCopy copies the database at path (not its segments) and changes the copy with tamper in
// one bbolt transaction, as a damaged disk would; it returns the copy's path.
func tamperedCopy(t *testing.T, path string, tamper func(*bolt.Tx) error) string {
	t.Helper()
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
	defer db.Close()
	if err := db.Update(tamper); err != nil {
		t.Fatal(err)
	}
	return copyPath
}

// A URL index block that does not decode fails the reads and writes of its pages with
// ErrCorrupt: before, a page's key fell back to its URL's, so its versions read as none and a
// recapture's records went under a key no reader looks at.
func TestURLIndexDamage_FailsReadsAndWrites(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "a.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutBatch(t.Context(), []Fetch{fetch(t0, page("Bài một.", 0), "Bài một.")}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	copyPath := tamperedCopy(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketURLs)
		k, _ := b.Cursor().First()
		return b.Put(k, []byte{recordZstd, 1, 2, 3})
	})
	if err := os.CopyFS(SegmentDir(copyPath), os.DirFS(SegmentDir(path))); err != nil {
		t.Fatal(err)
	}
	c, err := Open(context.Background(), copyPath, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if vs, err := c.Versions(t.Context(), pageURL); !errors.Is(err, ErrCorrupt) {
		t.Errorf("versions of a page whose index block is damaged: %d, %v; want ErrCorrupt", len(vs), err)
	}
	if cs, err := c.Captures(t.Context(), pageURL); !errors.Is(err, ErrCorrupt) {
		t.Errorf("captures of a page whose index block is damaged: %d, %v; want ErrCorrupt", len(cs), err)
	}
	again := fetch(t0.Add(24*time.Hour), page("Bài một, đã sửa.", 1), "Bài một, đã sửa.")
	if _, err := c.PutBatch(t.Context(), []Fetch{again}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("a recapture of a page whose index block is damaged: %v, want ErrCorrupt", err)
	}
	err = c.view(func(tx *txn) error {
		for _, name := range [][]byte{bucketVersions, bucketCaptures} {
			if k, _ := tx.Tx.Bucket(name).Cursor().Seek(urlPrefix(pageURL)); k != nil && bytes.HasPrefix(k, urlPrefix(pageURL)) {
				t.Errorf("%s holds a record under the page's URL", name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
