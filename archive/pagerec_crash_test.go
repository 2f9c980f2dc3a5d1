package archive

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/testmain"
)

// schema6Archive writes n pages of two versions each, and the timeline's captures, with every
// numbered page's records in the buckets, as schema 6 kept them; it returns the archive's dump.
func schema6Archive(t *testing.T, path string, n int) string {
	t.Helper()
	s, err := Open(context.Background(), path, Options{LockTimeout: 10 * time.Second, legacyRecords: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fetches := timelineCaptures()
	for i := range n {
		for v := range 2 {
			text := fmt.Sprintf("Bài %d, bản %d.", i, v)
			// The second version a month and a half later: its capture goes to a month chunk.
			f := fetch(t0.Add(time.Duration(v*45*24)*time.Hour+time.Duration(i)*time.Second), page(text, v), text)
			f.URL = fmt.Sprintf("https://baodongkhoi.vn/bai-%05d.html", i)
			fetches = append(fetches, f)
		}
	}
	for chunk := range slices.Chunk(fetches, 64) {
		if _, err := s.PutBatch(context.Background(), chunk); err != nil {
			t.Fatal(err)
		}
	}
	if got := pageRecordCount(t, s); got != 0 {
		t.Fatalf("the schema-6 archive has %d page records", got)
	}
	if c, err := s.Counts(t.Context()); err != nil || c.LegacyPages != c.Pages || c.Pages < n {
		t.Fatalf("stats of the schema-6 archive: %d of %d pages in the old layout (%v)", c.LegacyPages, c.Pages, err)
	}
	return dump(t, s)
}

// pageRecordCount is how many pages have a page record.
func pageRecordCount(t *testing.T, s *Store) int {
	t.Helper()
	n := 0
	err := s.view(func(tx *txn) error {
		return tx.Tx.Bucket(bucketPageRecs).ForEach(func(k, _ []byte) error {
			if len(k) == 4 {
				n++
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Killing UpgradePageRecords with SIGKILL 20 times, each after a random number of its commits
// and a random pause, leaves an archive whose records read exactly as before and that verifies
// after every kill; a last run finishes, and no page has records left in the buckets.
//
// Not parallel, for the reason TestCrashUpgradeRecords gives.
func TestCrashUpgradePageRecords(t *testing.T) {
	testmain.WithoutRace(t, "kills a child process 20 times")
	const kills = 20
	path := filepath.Join(t.TempDir(), "old.db")
	want := schema6Archive(t, path, 100)
	rng := rand.New(rand.NewPCG(5, 6))
	points := map[int]bool{}
	for kill := range kills {
		if runKilledChild(t, "pagerecs", path, 1+rng.IntN(3), time.Duration(rng.IntN(1500))*time.Microsecond) {
			t.Fatalf("kill %d: the child finished before its kill", kill)
		}
		s, err := Open(context.Background(), path, Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("kill %d: %v", kill, err)
		}
		n := pageRecordCount(t, s)
		s.Close()
		points[n] = true
		if problem := checkedInChild(t, path, "dump", want); problem != "" {
			t.Errorf("kill %d (%d page records): %s", kill, n, problem)
		}
	}
	if len(points) < kills/2 {
		t.Errorf("the kills left only %d distinct numbers of page records: %v", len(points), points)
	}
	if !runKilledChild(t, "pagerecs", path, -1, 0) {
		t.Fatal("the run after the last kill did not finish")
	}
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pages := 0
	for _, err := range s.Pages(t.Context(), "") {
		if err != nil {
			t.Fatal(err)
		}
		pages++
	}
	if c, err := s.Counts(t.Context()); err != nil || c.LegacyPages != 0 {
		t.Errorf("after the last run stats count %d pages in the old layout (%v)", c.LegacyPages, err)
	}
	st, err := s.UpgradePageRecords(t.Context())
	if err != nil || st.Moved != 0 || st.Indexed != 0 || st.Already != pages {
		t.Errorf("after the last run: %+v %v, want every page in a page record", st, err)
	}
	err = s.view(func(tx *txn) error {
		if ids := bucketPageNumbers(tx, 0, 1); len(ids) > 0 {
			t.Errorf("page %d has records left in the buckets", ids[0])
		}
		return tx.Tx.Bucket(bucketPages).ForEach(func(k, _ []byte) error {
			t.Errorf("page %s is left in the pages bucket", k)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s); got != want {
		t.Error("the records read differently after the last run")
	}
	if err := s.Verify(t.Context()); err != nil {
		t.Error(err)
	}
}
