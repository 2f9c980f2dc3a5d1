package archive

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsarchive/newsarchive/archive/internal/blobstore"
)

// An archive whose blobs are in the old layout (inside the database, one zstd or raw value each)
// reads as before, and UpgradeBlobs moves them to the segments, run twice without harm.
func TestUpgradeBlobs(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range timelineCaptures() {
		if _, err := s.PutBatch(context.Background(), []Fetch{f}); err != nil {
			t.Fatal(err)
		}
	}
	want := dump(t, s)
	texts := map[string][]byte{}
	for _, e := range collect(t, s.Entries(context.Background(), "")) {
		for _, v := range e.Versions {
			text, err := s.Blob(t.Context(), v.TextBlob)
			texts[v.TextBlob] = text
			if err != nil {
				t.Error(err)
			}
		}
	}
	// Move every blob back into the database, as an older newsarchive kept them.
	var ids []string
	for _, pc := range collect(t, s.AllCaptures(context.Background(), "")) {
		if pc.Capture.HTMLBlob != "" {
			ids = append(ids, pc.Capture.HTMLBlob)
		}
	}
	for id := range texts {
		ids = append(ids, id)
	}
	legacy := map[string][]byte{}
	for _, id := range ids {
		b, err := s.Blob(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		legacy[id] = append([]byte{0}, b...)
	}
	s.Close()
	if err := os.RemoveAll(path + ".blobs"); err != nil {
		t.Fatal(err)
	}
	rewriteDB(t, path, func(tx *txn) error {
		if err := tx.DeleteBucket([]byte("blobstore")); err != nil {
			return err
		}
		for id, v := range legacy {
			if err := tx.Bucket(bucketBlobs).Put(mustID(t, id), v); err != nil {
				return err
			}
		}
		return nil
	})

	for run := range 2 {
		s, err = Open(context.Background(), path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for id, text := range texts {
			if got, err := s.Blob(t.Context(), id); err != nil || string(got) != string(text) {
				t.Fatalf("run %d: text blob %s = %q, %v", run, id, got, err)
			}
		}
		st, err := s.UpgradeBlobs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if run == 0 && st.Moved != len(legacy) || run == 1 && st.Moved != 0 {
			t.Errorf("run %d: moved %d of %d", run, st.Moved, len(legacy))
		}
		stats, _ := s.Stats(t.Context())
		if stats.LegacyBlobs != 0 || stats.SegmentBytes == 0 {
			t.Errorf("run %d: stats %+v", run, stats)
		}
		if err := s.Verify(context.Background()); err != nil {
			t.Errorf("run %d: verify: %v", run, err)
		}
		if got := dump(t, s); got != want {
			t.Errorf("run %d: the records changed", run)
		}
		s.Close()
	}
}

func mustID(t *testing.T, id string) []byte {
	t.Helper()
	b, err := blobstore.ParseID(id)
	if err != nil {
		t.Fatal(err)
	}
	return b[:]
}
