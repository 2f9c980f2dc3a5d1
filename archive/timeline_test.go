package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// timelineCaptures is one page's life as a crawler sees it: the article, a view-counter change,
// a print view (alternate), a redirect hop from the old host, a correction, a 304, a silent
// revert to the first text, a deletion, the article back; and a second page with a hub beside
// them.
func timelineCaptures() []Fetch {
	const u = "https://dongkhoi.example.vn/bai-a1.html"
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	article := func(h int, text string, views int) Fetch {
		f := fetch(at(h), page(text, views), text)
		f.URL = u
		return f
	}
	alt := func(h int, text string) Fetch {
		return Fetch{URL: u, FetchURL: "https://dongkhoi.example.vn/print/1", Role: RoleAlternate, Site: "baodongkhoi",
			Time: at(h), Status: 200, Body: []byte("<html>print " + text + "</html>")}
	}
	hop := Fetch{URL: u, FetchURL: "https://baodongkhoi.example.vn/bai-a1.html", Role: RoleRedirect, Site: "baodongkhoi",
		Time: at(0).Add(-time.Millisecond), Status: 301, Response: map[string][]string{"Location": {u}}}
	hub := Fetch{URL: "https://dongkhoi.example.vn/", Kind: KindHub, Site: "baodongkhoi", Time: at(0), Status: 200, Body: []byte("<html>home</html>")}
	hub2 := hub
	hub2.Time, hub2.Body = at(5), []byte("<html>home, later</html>")
	other := fetch(at(1), page("Khác", 1), "Khác")
	other.URL = "https://dongkhoi.example.vn/bai-a2.html"
	return []Fetch{
		hop, article(0, "Một", 1), hub, article(1, "Một", 2), alt(1, "Một"), other,
		article(2, "Một sửa", 3), {URL: u, Time: at(3), Status: 304}, article(4, "Một", 4), hub2,
		{URL: u, Time: at(5), Status: 404}, {URL: u, Time: at(6), Status: 200, Gone: "soft 404: redirected to the home page", Body: []byte("<html>home</html>")},
		article(7, "Một", 5), alt(7, "Một"),
	}
}

// dump is every record of the archive's pages, versions, captures and contents, as bytes, with
// page numbers written as the pages' URLs (see logicalRecord): two archives that hold the same
// history dump alike whatever order their pages were numbered in.
func dump(t *testing.T, s *Store) string {
	t.Helper()
	var b bytes.Buffer
	err := s.view(func(tx *txn) error {
		urls := pageURLs(tx)
		var lines []string
		for _, name := range [][]byte{bucketPages, bucketVersions, bucketCaptures, bucketContents} {
			err := tx.Bucket(name).ForEach(func(k, v []byte) error {
				k, v = logicalRecord(urls, name, k, v)
				v, err := plainRecord(v) // compressed alone in a bucket, plain in a page record
				if err != nil {
					return err
				}
				lines = append(lines, fmt.Sprintf("%s %q %s\n", name, k, v))
				return nil
			})
			if err != nil {
				return err
			}
		}
		slices.Sort(lines) // URL order, whatever the page numbers
		for _, l := range lines {
			b.WriteString(l)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The same captures fed in any order, in any batches, any number of times, make the same
// history, to the byte.
func TestTimeline_OrderIndependent(t *testing.T) {
	t.Parallel()
	base := timelineCaptures()
	feed := func(t *testing.T, batches ...[]Fetch) string {
		s, err := Open(context.Background(), filepath.Join(t.TempDir(), "a.db"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for _, b := range batches {
			if _, err := s.PutBatch(context.Background(), b); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Verify(context.Background()); err != nil {
			t.Fatalf("verify: %v", err)
		}
		return dump(t, s)
	}
	one := func(fs []Fetch) [][]Fetch {
		out := make([][]Fetch, len(fs))
		for i := range fs {
			out[i] = fs[i : i+1]
		}
		return out
	}
	reversed := make([]Fetch, len(base))
	for i, f := range base {
		reversed[len(base)-1-i] = f
	}
	want := feed(t, one(base)...)
	orders := map[string][][]Fetch{
		"one batch":      {base},
		"reversed":       one(reversed),
		"reversed batch": {reversed},
		"twice":          append(one(base), base),
		"split imports":  {base[7:], base[:7]},
		"split twice":    {base[7:], base[:7], base[3:], base},
	}
	for seed := range uint64(4) { // with the fixed orders above, 14 histories to compare
		shuffled := append([]Fetch(nil), base...)
		r := rand.New(rand.NewPCG(seed, 1))
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		orders[fmt.Sprintf("shuffled %d", seed)] = one(shuffled)
		orders[fmt.Sprintf("shuffled %d in 3 batches", seed)] = [][]Fetch{shuffled[:4], shuffled[4:9], shuffled[9:]}
	}
	for name, batches := range orders {
		t.Run(name, func(t *testing.T) {
			t.Parallel() // an archive each: their commits' syncs overlap
			if got := feed(t, batches...); got != want {
				t.Errorf("history differs from crawl order:\n got %s\nwant %s", got, want)
			}
		})
	}
	t.Run("history", func(t *testing.T) {
		s, _ := openTest(t)
		for _, f := range base {
			put(t, s, f)
		}
		const u = "https://dongkhoi.example.vn/bai-a1.html"
		p, err := s.Page(t.Context(), u)
		if err != nil {
			t.Fatal(err)
		}
		// Versions: Một (h0–1), Một sửa (h2–3), Một (h4–7): the alternates, the hop, the 304
		// and the absences make none.
		vs, _ := s.Versions(t.Context(), u)
		if len(vs) != 3 || p.Versions != 3 || p.Captures != 11 || p.Status != StatusLive {
			t.Fatalf("page %+v, %d versions", p, len(vs))
		}
		if !vs[1].Capture.Equal(t0.Add(2*time.Hour)) || vs[1].Captures != 2 || vs[2].Captures != 2 {
			t.Errorf("versions %+v", vs)
		}
		if hub, _ := s.Page(t.Context(), "https://dongkhoi.example.vn/"); hub.Kind != KindHub || hub.Versions != 0 || hub.Captures != 2 {
			t.Errorf("hub %+v", hub)
		}
	})
}

// An older capture arriving after newer ones takes its place in the past: the latest version
// stays the newest capture's content.
func TestTimeline_ImportOlderKeepsLatest(t *testing.T) {
	t.Parallel()
	s, _ := openTest(t)
	put(t, s, fetch(t0.Add(48*time.Hour), page("Đã sửa", 1), "Đã sửa"))
	r := put(t, s, fetch(t0, page("Bản đầu", 1), "Bản đầu"))
	if r.Outcome != OutcomeEarlier {
		t.Errorf("older capture: %v", r.Outcome)
	}
	vs, err := s.Versions(t.Context(), pageURL)
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions %v %v", vs, err)
	}
	text, _ := s.Blob(t.Context(), vs[1].TextBlob)
	if string(text) != "Đã sửa" || !vs[0].Capture.Equal(t0) {
		t.Errorf("latest version %q, first from %v", text, vs[0].Capture)
	}
	// The same older capture again, with its date cut to the second as some WARC writers do.
	again := fetch(t0.Add(300*time.Millisecond), page("Bản đầu", 1), "Bản đầu")
	if r := put(t, s, again); r.Outcome != OutcomeDuplicate {
		t.Errorf("re-import: %v", r.Outcome)
	}
}

// A schema-1 archive (captures without content hashes, no contents bucket) is upgraded in place
// on the first write open to the same history the timeline makes.
func TestTimeline_MigratesSchema1(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(context.Background(), path, Options{legacyRecords: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range timelineCaptures() {
		if f.Role != RolePrimary || f.Gone != "" || !f.Kind.IsArticle() {
			continue // schema 1 kept none of these
		}
		if _, err := s.PutBatch(context.Background(), []Fetch{f}); err != nil {
			t.Fatal(err)
		}
	}
	want := dump(t, s)
	s.Close()
	rewriteDB(t, path, func(tx *txn) error {
		// Schema 1 keyed a page's records by its URL.
		if err := unnumber(tx); err != nil {
			return err
		}
		// Schema 1 had no content records: its versions held the article's fields themselves.
		vb := tx.Bucket(bucketVersions)
		var vkeys, vvals [][]byte
		vb.ForEach(func(k, v []byte) error {
			ver, err := decodeVersion(tx, keyURL(k), v)
			if err != nil {
				return err
			}
			enc, _ := encodeRecord(&ver)
			vkeys, vvals = append(vkeys, bytes.Clone(k)), append(vvals, enc)
			return nil
		})
		for i := range vkeys {
			if err := vb.Put(vkeys[i], vvals[i]); err != nil {
				return err
			}
		}
		if err := tx.DeleteBucket(bucketContents); err != nil {
			return err
		}
		b := tx.Bucket(bucketCaptures)
		var keys, vals [][]byte
		b.ForEach(func(k, v []byte) error {
			var c Capture
			if err := decodeRecord(v, &c); err != nil {
				return err
			}
			c.Content, c.Gone = "", ""
			enc, _ := encodeRecord(&c)
			keys, vals = append(keys, bytes.Clone(k)), append(vals, enc)
			return nil
		})
		for i := range keys {
			if err := b.Put(keys[i], vals[i]); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte{1})
	})
	s, err = Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := dump(t, s); got != want {
		t.Errorf("upgraded archive differs:\n got %s\nwant %s", got, want)
	}
	if err := s.Verify(context.Background()); err != nil {
		t.Error(err)
	}
}

// Failure records and clears apply in the order given: a URL that failed and then answered ends
// with no failure record, one that answered and then failed keeps it.
func TestRecords_InOrder(t *testing.T) {
	t.Parallel()
	s, _ := openTest(t)
	fail := func(u string) Record {
		return Record{Failure: &Failure{URL: u, Site: "x", Kind: "http-5xx", Last: t0}}
	}
	err := s.PutRecords(context.Background(), []Record{
		fail("https://x.vn/a"), {Cleared: "https://x.vn/a"},
		{Cleared: "https://x.vn/b"}, fail("https://x.vn/b"),
		{Note: &Note{Site: "x", Kind: NoteTrap, Key: "x.vn/lich?ngay", Time: t0}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, f := range collect(t, s.Failures(context.Background(), "x")) {
		failed = append(failed, f.URL)
	}
	if len(failed) != 1 || failed[0] != "https://x.vn/b" {
		t.Errorf("failures after put+clear and clear+put: %v", failed)
	}
	var traps []string
	for _, n := range collect(t, s.Notes(context.Background(), "x", NoteTrap)) {
		traps = append(traps, n.Key)
	}
	if len(traps) != 1 {
		t.Errorf("notes: %v", traps)
	}
}

// verify replays each page's timeline: a version that no run of captures makes, or a page count
// that disagrees, is reported.
func TestVerify_TimelineInvariants(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "v.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range timelineCaptures() {
		if _, err := s.PutBatch(context.Background(), []Fetch{f}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Verify(context.Background()); err != nil {
		t.Fatalf("a sound archive: %v", err)
	}
	s.Close()
	const u = "https://dongkhoi.example.vn/bai-a1.html"
	for name, tamper := range map[string]func(tx *txn) error{
		"a version made from an alternate": func(tx *txn) error {
			var v Version
			if err := decodeRecord(tx.Bucket(bucketVersions).Get(versionKey(pagePrefix(tx, u), 2)), &v); err != nil {
				return err
			}
			v.Capture = t0.Add(time.Hour)
			return putRecord(tx, bucketVersions, versionKey(pagePrefix(tx, u), 2), &v)
		},
		"a page counting a capture it lacks": func(tx *txn) error {
			p, _, err := getPage(tx, u)
			if err != nil {
				return err
			}
			p.Captures++
			return putRecord(tx, bucketPages, []byte(u), &p)
		},
	} {
		t.Run(name, func(t *testing.T) {
			copyPath := tamperedCopy(t, path, guard(txnOptions{}, tamper))
			c, err := Open(context.Background(), copyPath, Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if err := c.Verify(context.Background()); !errors.Is(err, ErrCorrupt) {
				t.Errorf("verify = %v, want ErrCorrupt", err)
			}
		})
	}
}
