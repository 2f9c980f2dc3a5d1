package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// rawRecords returns the JSON of the page, its first version and its first capture as stored.
func rawRecords(t *testing.T, path, url string) (page, version, capture map[string]any) {
	t.Helper()
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	get := func(raw []byte) map[string]any {
		if _, raw, err = splitNumber(raw); err != nil {
			t.Fatal(err)
		}
		js := raw[1:]
		if raw[0] == recordZstd {
			if js, err = uncompressRecord(js); err != nil {
				t.Fatal(err)
			}
		}
		m := map[string]any{}
		if err := json.Unmarshal(js, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	db.View(guard(txnOptions{}, func(tx *txn) error {
		page = get(tx.Bucket(bucketPages).Get([]byte(url)))
		version = get(tx.Bucket(bucketVersions).Get(versionKey(pagePrefix(tx, url), 1)))
		_, v := tx.Bucket(bucketCaptures).Cursor().Seek(pagePrefix(tx, url))
		capture = get(v)
		return nil
	}))
	return page, version, capture
}

// stores reports a field present with a value (fields without omitempty are stored empty).
func stores(rec map[string]any, field string) bool {
	v, ok := rec[field]
	return ok && v != "" && v != float64(0)
}

func TestSlimRecords_StoredWithoutRepeats(t *testing.T) {
	t.Parallel()
	s, path := openWriter(t)
	f := fetch(t0, page("Nội dung", 1), "Nội dung bài viết.")
	f.Content.Lead = "Sáng 19/4, hội nghị."
	f.Response["Last-Modified"] = []string{"Mon, 19 Apr 2021 07:00:00 GMT"}
	put(t, s, f)
	s.Close()

	p, v, c := rawRecords(t, path, pageURL)
	for name, rec := range map[string]map[string]any{"page": p, "version": v, "capture": c} {
		if stores(rec, "url") {
			t.Errorf("%s record stores its URL, which its key holds: %v", name, rec)
		}
	}
	for _, field := range []string{"title", "lead", "published", "text_blob"} {
		if stores(v, field) {
			t.Errorf("version stores %s, which its content record holds: %v", field, v)
		}
	}
	for _, field := range []string{"content_hash", "html_blob", "html_size", "fetched", "last"} {
		if stores(v, field) {
			t.Errorf("version stores %s, which the capture that made it holds: %v", field, v)
		}
	}
	if !stores(v, "made") {
		t.Errorf("version does not name the capture that made it: %v", v)
	}
	for _, field := range []string{"etag", "last_modified"} {
		if stores(c, field) {
			t.Errorf("capture stores %s, which its response headers hold: %v", field, c)
		}
	}

	r, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	vs, err := r.Versions(t.Context(), pageURL)
	if err != nil || len(vs) != 1 {
		t.Fatalf("versions: %v %v", vs, err)
	}
	if got := vs[0]; got.URL != pageURL || got.Title != "Hội nghị" || got.Lead != "Sáng 19/4, hội nghị." ||
		got.Published != "2021-04-19T14:06:00+07:00" || got.TextBlob == "" || got.TextSize == 0 {
		t.Errorf("version read back without its fields: %+v", got)
	}
	if got := vs[0]; got.ContentHash != f.Content.Hash() || got.HTMLBlob != BlobID(f.Body) || got.HTMLSize != len(f.Body) || !got.Fetched.Equal(t0) || !got.Last.Equal(t0) {
		t.Errorf("version read back without its capture's fields: %+v", got)
	}
	cs, err := r.Captures(t.Context(), pageURL)
	if err != nil || len(cs) != 1 {
		t.Fatalf("captures: %v %v", cs, err)
	}
	if got := cs[0]; got.URL != pageURL || got.ETag != `"v1"` || got.LastModified != "Mon, 19 Apr 2021 07:00:00 GMT" {
		t.Errorf("capture read back without URL or validators: %+v", got)
	}
	pg, err := r.Page(t.Context(), pageURL)
	if err != nil || pg.URL != pageURL || pg.Title != "Hội nghị" {
		t.Errorf("page read back: %+v %v", pg, err)
	}
}

// Records of schema 3, which carried every field, read as they are: a field is filled in only
// where the stored record left it empty.
func TestSlimRecords_FullRecordsReadAsStored(t *testing.T) {
	t.Parallel()
	s, path := openWriter(t)
	put(t, s, fetch(t0, page("Nội dung", 1), "Nội dung bài viết."))
	s.Close()

	rewriteDB(t, path, func(tx *txn) error {
		v, err := decodeVersion(tx, pageURL, tx.Bucket(bucketVersions).Get(versionKey(pagePrefix(tx, pageURL), 1)))
		if err != nil {
			return err
		}
		v.Title = "Tiêu đề lưu trong bản ghi cũ"
		return putRecord(tx, bucketVersions, versionKey(pagePrefix(tx, pageURL), 1), &v)
	})
	r, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	vs, err := r.Versions(t.Context(), pageURL)
	if err != nil || len(vs) != 1 || vs[0].Title != "Tiêu đề lưu trong bản ghi cũ" || vs[0].URL != pageURL {
		t.Errorf("full record not read as stored: %+v %v", vs, err)
	}
}

// A version names the capture that made it; archives written before capture keys held
// identities still give it, and a missing capture is damage that reads and verify report.
func TestSlimRecords_MadeVersionFindsItsCapture(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		rekey  func(k []byte) []byte // the capture's new key; nil deletes it
		broken bool
	}{
		{"key without identity", func(k []byte) []byte { return k[:len(k)-identityLen] }, false},
		{"capture missing", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, path := openWriter(t)
			f := fetch(t0, page("Nội dung", 1), "Nội dung bài viết.")
			put(t, s, f)
			s.Close()
			rewriteDB(t, path, func(tx *txn) error {
				b := tx.Bucket(bucketCaptures)
				k, v := b.Cursor().Seek(pagePrefix(tx, pageURL))
				k, v = bytes.Clone(k), bytes.Clone(v)
				if err := b.Delete(k); err != nil {
					return err
				}
				if tc.rekey == nil {
					return nil
				}
				return b.Put(tc.rekey(k), v)
			})
			r, err := Open(context.Background(), path, Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			vs, err := r.Versions(t.Context(), pageURL)
			if tc.broken {
				if !errors.Is(err, ErrCorrupt) {
					t.Errorf("versions without the capture that made them: %v, want ErrCorrupt", err)
				}
				if err := r.Verify(t.Context()); !errors.Is(err, ErrCorrupt) {
					t.Errorf("verify: %v, want ErrCorrupt", err)
				}
				return
			}
			if err != nil || len(vs) != 1 || vs[0].HTMLBlob != BlobID(f.Body) || vs[0].ContentHash != f.Content.Hash() {
				t.Fatalf("versions: %+v %v", vs, err)
			}
		})
	}
}

// SlimVersions turns versions stored whole (schema 5 and before) into versions that name their
// capture, reading the same, and leaves them so when run again.
func TestSlimVersions(t *testing.T) {
	t.Parallel()
	s, path := openWriter(t)
	for i, text := range []string{"Bản một.", "Bản hai."} {
		put(t, s, fetch(t0.Add(time.Duration(i)*time.Hour), page(text, i), text))
	}
	s.Close()
	rewriteDB(t, path, func(tx *txn) error { // as a build before schema 6 stored them
		for n := 1; n <= 2; n++ {
			key := versionKey(pagePrefix(tx, pageURL), n)
			v, err := decodeVersion(tx, pageURL, tx.Bucket(bucketVersions).Get(key))
			if err != nil {
				return err
			}
			v.URL = ""
			if err := putRecord(tx, bucketVersions, key, &v); err != nil {
				return err
			}
		}
		return nil
	})
	if _, v, _ := rawRecords(t, path, pageURL); !stores(v, "html_blob") {
		t.Fatalf("set-up: version not whole: %v", v)
	}
	versions := func(s *Store) string {
		vs, err := s.Versions(t.Context(), pageURL)
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(vs)
		return string(js)
	}
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := versions(s)
	st, err := s.SlimVersions(t.Context())
	if err != nil || st != (VersionStats{Named: 2}) {
		t.Fatalf("SlimVersions: %+v %v, want 2 named", st, err)
	}
	if after := versions(s); after != before {
		t.Errorf("versions read differently after SlimVersions:\n%s\n%s", before, after)
	}
	if st, err := s.SlimVersions(t.Context()); err != nil || st != (VersionStats{Already: 2}) {
		t.Errorf("SlimVersions again: %+v %v, want 2 already", st, err)
	}
	if err := s.Verify(t.Context()); err != nil {
		t.Error(err)
	}
	s.Close()
	if _, v, _ := rawRecords(t, path, pageURL); stores(v, "html_blob") || !stores(v, "made") {
		t.Errorf("version still whole: %v", v)
	}
}

// Versions compare with == and serve as map keys: what the archive keeps of the capture that
// made one (its identity) must not make them incomparable.
var _ = map[Version]bool{}
