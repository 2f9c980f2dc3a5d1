package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"testing"
	"time"
)

// collect is every value of a walk; it fails the test at the walk's error.
func collect[T any](t testing.TB, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// described passes seq's values through f and its errors as they are, yield for yield: what the
// caller's yield returns reaches seq unchanged, so a walk that ignores a break, or goes on after
// an error, still shows it.
func described[T any](seq iter.Seq2[T, error], f func(T) string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		seq(func(v T, err error) bool {
			if err != nil {
				return yield("", err)
			}
			return yield(f(v), nil)
		})
	}
}

// walkChunk is the chunk size of the walks below: a few records make several chunks.
const walkChunk = 3

// fillRecords archives what fillPages does (14 pages), failures of sites "a" and "b", traps of sites "a"
// and "ab", and runs of sites "a", "ab" and "b" (the site "ab" shares a's first byte).
func fillRecords(t *testing.T, s *Store) {
	t.Helper()
	fillPages(t, s, 14)
	var rs []Record
	for i := range 16 {
		site := []string{"a", "b"}[i%2]
		rs = append(rs, Record{Failure: &Failure{URL: fmt.Sprintf("https://x.vn/hong-%02d", i), Site: site, Kind: "http-404", Last: t0}})
	}
	for i := range 8 {
		for _, site := range []string{"a", "ab"} {
			rs = append(rs, Record{Note: &Note{Site: site, Kind: NoteTrap, Key: fmt.Sprintf("x.vn/lich-%d", i), Time: t0}})
		}
	}
	rs = append(rs, Record{Note: &Note{Site: "a", Kind: NoteAlias, Key: "x.vn/in", Value: "x.vn/bai", Time: t0}})
	if err := s.PutRecords(context.Background(), rs); err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		for _, site := range []string{"a", "ab", "b"} {
			r := Run{Site: site, Start: t0.Add(time.Duration(i) * time.Hour), Outcome: RunOK, Found: i}
			if err := s.PutRun(context.Background(), r); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// walkCase is one of the store's walks, its values described as strings.
type walkCase struct {
	name string
	walk func(ctx context.Context) iter.Seq2[string, error]
	want []string
}

// walkCases are the store's walks over what fillRecords archived, with the values each must
// yield, in order, worked out from the single-record reads.
func walkCases(t *testing.T, s *Store) []walkCase {
	ctx := context.Background()
	urls := collect(t, described(s.pages(ctx, "", walkChunk), func(p Page) string { return p.URL }))
	var caps, blobs []string
	var ids []string
	for _, u := range urls {
		cs, err := s.Captures(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			caps = append(caps, u+" "+c.Time.Format(time.RFC3339))
			ids = append(ids, c.HTMLBlob)
			b, err := s.Blob(ctx, c.HTMLBlob)
			if err != nil {
				t.Fatal(err)
			}
			blobs = append(blobs, string(b))
		}
	}
	var failuresA, trapsA, runsAB []string
	for i := range 16 {
		if i%2 == 0 {
			failuresA = append(failuresA, fmt.Sprintf("https://x.vn/hong-%02d", i))
		}
	}
	for i := range 8 {
		trapsA = append(trapsA, fmt.Sprintf("x.vn/lich-%d", i))
		runsAB = append(runsAB, fmt.Sprintf("ab %d", 7-i))
	}
	slices.Sort(trapsA)
	return []walkCase{
		{"Pages", func(ctx context.Context) iter.Seq2[string, error] {
			return described(s.pages(ctx, "", walkChunk), func(p Page) string { return p.URL })
		}, urls},
		{"Pages of a site", func(ctx context.Context) iter.Seq2[string, error] {
			return described(s.pages(ctx, "b", walkChunk), func(p Page) string { return p.URL })
		}, slices.DeleteFunc(slices.Clone(urls), func(u string) bool { return bytes.ContainsAny([]byte(u[len(u)-6:len(u)-5]), "02468") })},
		{"Entries", func(ctx context.Context) iter.Seq2[string, error] {
			return described(s.entries(ctx, "", walkChunk), func(e PageVersions) string { return e.Page.URL })
		}, urls},
		{"ArticleCaptures", func(ctx context.Context) iter.Seq2[string, error] {
			return described(s.articleCaptures(ctx, "", walkChunk), func(r CaptureRef) string { return r.Page.URL + " " + r.Time.Format(time.RFC3339) })
		}, caps},
		{"AllCaptures", func(ctx context.Context) iter.Seq2[string, error] {
			return described(s.allCaptures(ctx, "", walkChunk, 1<<20), func(pc PageCapture) string { return pc.Page.URL + " " + pc.Capture.Time.Format(time.RFC3339) })
		}, caps},
		{"Blobs", func(ctx context.Context) iter.Seq2[string, error] {
			return described(s.blobsChunked(ctx, ids, walkChunk, 1<<20), func(b Blob) string { return string(b.Data) })
		}, blobs},
		{"Failures", func(ctx context.Context) iter.Seq2[string, error] {
			return described(s.failures(ctx, "a", walkChunk), func(f Failure) string { return f.URL })
		}, failuresA},
		{"Notes", func(ctx context.Context) iter.Seq2[string, error] {
			return described(s.notes(ctx, "a", NoteTrap, walkChunk), func(n Note) string { return n.Key })
		}, trapsA},
		{"Runs", func(ctx context.Context) iter.Seq2[string, error] {
			return described(s.runs(ctx, "ab", walkChunk), func(r Run) string { return fmt.Sprint(r.Site, " ", r.Found) })
		}, runsAB},
	}
}

// TestWalks_EveryValueOnceAcrossChunks: each walk, read in chunks smaller than what it yields,
// yields every value once, in its order.
func TestWalks_EveryValueOnceAcrossChunks(t *testing.T) {
	t.Parallel()
	s, _ := openTest(t)
	fillRecords(t, s)
	for _, c := range walkCases(t, s) {
		if len(c.want) <= 2*walkChunk {
			t.Fatalf("%s: %d values do not make three chunks", c.name, len(c.want))
		}
		if got := collect(t, c.walk(context.Background())); !slices.Equal(got, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestWalks_Break: a loop that breaks ends the walk: the walk calls the loop body no more, at a
// chunk's end as in its middle.
func TestWalks_Break(t *testing.T) {
	t.Parallel()
	s, _ := openTest(t)
	fillRecords(t, s)
	for _, c := range walkCases(t, s) {
		for _, at := range []int{1, walkChunk, walkChunk + 1} {
			calls := 0
			c.walk(context.Background())(func(string, error) bool {
				calls++
				return calls < at
			})
			if calls != at {
				t.Errorf("%s: broke at %d, the walk called the loop body %d times", c.name, at, calls)
			}
		}
	}
}

// TestWalks_CancelYieldsOneError: a context cancelled in the middle of a chunk ends the walk at
// the next value with the context's error, yielded once: a loop body that goes on after it is
// not called again.
func TestWalks_CancelYieldsOneError(t *testing.T) {
	t.Parallel()
	s, _ := openTest(t)
	fillRecords(t, s)
	for _, c := range walkCases(t, s) {
		ctx, cancel := context.WithCancel(context.Background())
		vals, errs, late := 0, 0, 0
		c.walk(ctx)(func(_ string, err error) bool {
			switch {
			case err != nil:
				errs++
				if !errors.Is(err, context.Canceled) {
					t.Errorf("%s: %v", c.name, err)
				}
			case errs > 0:
				late++
			default:
				if vals++; vals == walkChunk+1 {
					cancel()
				}
			}
			return errs < 2 // the walk must end by itself; a second error shows it would not
		})
		cancel()
		if vals != walkChunk+1 || errs != 1 || late != 0 {
			t.Errorf("%s: %d values, %d errors, %d values after the error; want %d, 1, 0", c.name, vals, errs, late, walkChunk+1)
		}
	}
}

// TestWalks_BadRecordYieldsOneError: a record that does not decode, in a later chunk, ends a
// walk over records with ErrCorrupt, yielded once, after the values before it; a blob missing
// ends Blobs with ErrNotFound.
func TestWalks_BadRecordYieldsOneError(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/bad.db"
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fillRecords(t, s)
	bad := map[string][]byte{ // a key that sorts after walkChunk+1 of its walk's values
		"failures": []byte("https://x.vn/hong-07z"),
		"notes":    []byte("trap\x00a\x00x.vn/lich-3z"),
		"runs":     runKey("ab", t0.Add(3*time.Hour+time.Minute)),
	}
	err = s.update(context.Background(), func(tx *txn) error {
		for b, k := range bad {
			if err := tx.Bucket([]byte(b)).Put(k, []byte{0xee}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{BlobID([]byte("không có")), BlobID([]byte("cũng không"))}
	for _, c := range walkCases(t, s) {
		want, before := ErrCorrupt, 0
		switch c.name {
		case "Failures", "Notes", "Runs":
			before = walkChunk + 1
		case "Blobs":
			want, before = ErrNotFound, len(c.want)
			c.walk = func(ctx context.Context) iter.Seq2[string, error] {
				all := slices.Concat(collectIDs(t, s), ids)
				return described(s.blobsChunked(ctx, all, walkChunk, 1<<20), func(b Blob) string { return b.ID })
			}
		default:
			continue
		}
		vals, errs, late := 0, 0, 0
		c.walk(context.Background())(func(_ string, err error) bool {
			switch {
			case err != nil:
				errs++
				if !errors.Is(err, want) {
					t.Errorf("%s: %v, want %v", c.name, err, want)
				}
			case errs > 0:
				late++
			default:
				vals++
			}
			return errs < 2
		})
		if vals != before || errs != 1 || late != 0 {
			t.Errorf("%s: %d values, %d errors, %d values after the error; want %d, 1, 0", c.name, vals, errs, late, before)
		}
	}
}

// collectIDs is the HTML blob ids of every capture, in walk order.
func collectIDs(t *testing.T, s *Store) []string {
	var ids []string
	for _, pc := range collect(t, s.AllCaptures(context.Background(), "")) {
		ids = append(ids, pc.Capture.HTMLBlob)
	}
	return ids
}

// TestAllCaptures_BodiesOverBudget: bodies the chunk's budget leaves out are read on demand, and
// each body is the capture's HTML whichever way it came.
func TestAllCaptures_BodiesOverBudget(t *testing.T) {
	t.Parallel()
	s, _ := openTest(t)
	fillPages(t, s, 8)
	for _, budget := range []int{0, 60, 1 << 20} {
		inChunk, n := 0, 0
		for pc, err := range s.allCaptures(context.Background(), "", walkChunk, budget) {
			if err != nil {
				t.Fatal(err)
			}
			n++
			if pc.body != nil {
				inChunk++
			}
			got, err := pc.Body(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.Blob(context.Background(), pc.Capture.HTMLBlob)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("budget %d: %s body %q, want %q (%v)", budget, pc.Page.URL, got, want, err)
			}
		}
		switch {
		case budget == 0 && inChunk != 0, budget == 60 && (inChunk == 0 || inChunk == n), budget == 1<<20 && inChunk != n:
			t.Errorf("budget %d: %d of %d bodies read with their chunk", budget, inChunk, n)
		}
	}
}
