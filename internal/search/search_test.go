package search

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// testArchive is an archive written through PutBatch, with an Opener for CatchUp.
type testArchive struct {
	t    *testing.T
	path string
}

func newTestArchive(t *testing.T) *testArchive {
	return &testArchive{t: t, path: filepath.Join(t.TempDir(), "a.db")}
}

func (a *testArchive) open(ctx context.Context) (*archive.Store, error) {
	return archive.Open(ctx, a.path, archive.Options{ReadOnly: true, LockTimeout: 5 * time.Second})
}

// put stores one fetch per article, as a crawl of them at time at would.
func (a *testArchive) put(at time.Time, arts ...testArticle) {
	a.t.Helper()
	s, err := archive.Open(context.Background(), a.path, archive.Options{})
	if err != nil {
		a.t.Fatal(err)
	}
	defer s.Close()
	var fs []archive.Fetch
	for _, x := range arts {
		fs = append(fs, archive.Fetch{
			URL: x.url, Site: x.site, Time: at, Status: 200,
			Body:    []byte("<html><title>" + x.title + "</title><p>" + x.text + "</p></html>"),
			Content: &archive.Content{Title: x.title, Published: x.published, Text: x.text},
		})
	}
	if _, err := s.PutBatch(context.Background(), fs); err != nil {
		a.t.Fatal(err)
	}
}

type testArticle struct{ url, site, title, published, text string }

var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

// texts reads texts from the archive for Search, through a reader open for the test.
func (a *testArchive) texts(t *testing.T) TextFunc {
	st, err := a.open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return func(id string) (string, error) {
		b, err := st.Blob(t.Context(), id)
		return string(b), err
	}
}

func fixture(t *testing.T) (*testArchive, *Index) {
	t.Helper()
	a := newTestArchive(t)
	a.put(t0,
		testArticle{"https://bdk.vn/dua-a1.html", "baodongkhoi", "Dừa Bến Tre vào mùa thu hoạch", "2026-11-18T08:00:00+07:00",
			"Nông dân huyện Giồng Trôm thu hoạch dừa.\n\nGiá dừa khô tăng 20%."},
		testArticle{"https://bdk.vn/dk-a2.html", "baodongkhoi", "Kỷ niệm ngày Đồng Khởi", "2026-11-19T09:30:00+07:00",
			"ĐỒNG KHỞI năm 1960 bắt đầu tại Mỏ Cày.\n\nBến Tre là quê hương Đồng Khởi."},
		testArticle{"https://sct.bentre.gov.vn/tin/1", "sct-bentre", "Hội chợ hàng Việt tại Bến Tre", "2026-10-01",
			"Hội chợ trưng bày sản phẩm dừa và kẹo dừa của tỉnh."},
	)
	ix, err := Open(Dir(a.path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.CatchUp(context.Background(), a.open, nil); err != nil {
		t.Fatal(err)
	}
	return a, ix
}

func urls(r Results) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.URL)
	}
	return out
}

func TestSearch_Queries(t *testing.T) {
	a, ix := fixture(t)
	texts := a.texts(t)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"no diacritics", Query{Text: "ben tre dua"}, []string{"https://bdk.vn/dua-a1.html", "https://sct.bentre.gov.vn/tin/1"}},
		{"đ folds to d", Query{Text: "dong khoi"}, []string{"https://bdk.vn/dk-a2.html"}},
		{"upper case with marks", Query{Text: "ĐỒNG KHỞI"}, []string{"https://bdk.vn/dk-a2.html"}},
		{"title first", Query{Text: "dua"}, []string{"https://bdk.vn/dua-a1.html", "https://sct.bentre.gov.vn/tin/1"}},
		{"phrase in order", Query{Text: `"dua ben tre"`}, []string{"https://bdk.vn/dua-a1.html"}},
		{"phrase out of order", Query{Text: `"tre ben"`}, nil},
		{"phrase in the text", Query{Text: `"que huong dong khoi"`}, []string{"https://bdk.vn/dk-a2.html"}},
		{"phrase across sentences", Query{Text: `"thu hoach dua gia"`}, []string{"https://bdk.vn/dua-a1.html"}},
		{"phrase and word", Query{Text: `"ben tre" hoi cho`}, []string{"https://sct.bentre.gov.vn/tin/1"}},
		{"site", Query{Text: "ben tre", Site: "sct-bentre"}, []string{"https://sct.bentre.gov.vn/tin/1"}},
		{"date range", Query{Text: "ben tre", From: day("2026-11-19"), To: day("2026-11-20")}, []string{"https://bdk.vn/dk-a2.html"}},
		{"by date", Query{Text: "ben tre", Order: OrderDate}, []string{"https://bdk.vn/dk-a2.html", "https://bdk.vn/dua-a1.html", "https://sct.bentre.gov.vn/tin/1"}},
		{"no words: all by date", Query{}, []string{"https://bdk.vn/dk-a2.html", "https://bdk.vn/dua-a1.html", "https://sct.bentre.gov.vn/tin/1"}},
		{"no match", Query{Text: "hanoi"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ix.Search(context.Background(), tt.q, texts)
			if err != nil {
				t.Fatal(err)
			}
			if got := urls(r); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if r.Total != uint64(len(tt.want)) {
				t.Errorf("total %d, want %d", r.Total, len(tt.want))
			}
		})
	}
}

func TestSearch_SnippetMarksHits(t *testing.T) {
	a, ix := fixture(t)
	r, err := ix.Search(context.Background(), Query{Text: "que huong dong khoi"}, a.texts(t))
	if err != nil || len(r.Hits) != 1 {
		t.Fatalf("%v %+v", err, r)
	}
	var marked []string
	for _, sp := range r.Hits[0].Snippet {
		if sp.Hit {
			marked = append(marked, sp.Text)
		}
	}
	want := []string{"ĐỒNG", "KHỞI", "quê", "hương", "Đồng", "Khởi"}
	if !reflect.DeepEqual(marked, want) {
		t.Errorf("marked %q, want %q", marked, want)
	}
	if s := r.Hits[0].Snippet.String(); !strings.Contains(s, "Bến Tre là quê hương Đồng Khởi.") {
		t.Errorf("snippet %q lost the original text", s)
	}
}

func TestCatchUp_Incremental(t *testing.T) {
	a, ix := fixture(t)
	ctx := context.Background()
	// A correction: version 2 drops a sentence.
	a.put(t0.Add(24*time.Hour), testArticle{"https://bdk.vn/dua-a1.html", "baodongkhoi", "Dừa Bến Tre vào mùa thu hoạch",
		"2026-11-18T08:00:00+07:00", "Nông dân huyện Giồng Trôm thu hoạch dừa."})
	pr, err := ix.CatchUp(ctx, a.open, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pr.Pages != 3 || pr.Changed != 1 || pr.Indexed != 2 {
		t.Errorf("catch-up %+v, want 3 pages, 1 changed, 2 versions indexed", pr)
	}
	if pr, _ := ix.CatchUp(ctx, a.open, nil); pr.Changed != 0 || pr.Indexed != 0 {
		t.Errorf("second catch-up did %+v, want nothing", pr)
	}
	texts := a.texts(t)
	latest, _ := ix.Search(ctx, Query{Text: "gia dua kho"}, texts)
	all, _ := ix.Search(ctx, Query{Text: "gia dua kho", AllVersions: true}, texts)
	if len(latest.Hits) != 0 {
		t.Errorf("removed text found in the latest version: %+v", latest.Hits)
	}
	if len(all.Hits) != 1 || all.Hits[0].Version != 1 || all.Hits[0].Latest {
		t.Errorf("all versions: %+v, want version 1, not latest", all.Hits)
	}
	if n, _ := ix.DocCount(); n != 4 {
		t.Errorf("%d documents, want 4 versions", n)
	}
}

func TestOpen_BusyAndRebuild(t *testing.T) {
	t.Parallel() // the busy open waits out bbolt's 1 s lock timeout; an archive and index of its own
	a, ix := fixture(t)
	if _, err := Open(Dir(a.path)); err == nil {
		t.Fatal("a second open of an index in use succeeded")
	}
	ix.Close()
	ix2, err := Rebuild(Dir(a.path))
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	if n, _ := ix2.DocCount(); n != 0 {
		t.Errorf("rebuilt index holds %d documents", n)
	}
	pr, err := ix2.CatchUp(context.Background(), a.open, nil)
	if err != nil || pr.Indexed != 3 {
		t.Errorf("catch-up after rebuild: %+v %v", pr, err)
	}
	// Reopened, it holds what it held and has nothing to catch up.
	ix2.Close()
	ix3, err := Open(Dir(a.path))
	if err != nil {
		t.Fatal(err)
	}
	defer ix3.Close()
	if n, _ := ix3.DocCount(); n != 3 {
		t.Errorf("reopened index holds %d documents, want 3", n)
	}
	if pr, _ := ix3.CatchUp(context.Background(), a.open, nil); pr.Indexed != 0 {
		t.Errorf("catch-up of the reopened index did %+v", pr)
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Dừa Bến Tre":            "dua ben tre",
		"ĐỒNG KHỞI":              "dong khoi",
		"Nguyễn Thị Định":        "nguyen thi dinh",
		"Dư\u0300a":              "dua", // decomposed input
		"TP. Hồ Chí Minh, 2026!": "tp. ho chi minh, 2026!",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseTerms(t *testing.T) {
	got := parseTerms(`Bến Tre "Đồng Khởi 1960" "dừa" x`)
	want := Terms{Words: []string{"ben", "tre", "dua", "x"}, Phrases: [][]string{{"dong", "khoi", "1960"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestIsHub(t *testing.T) {
	if IsHub(archive.Page{}) {
		t.Error("a page without a kind is a hub")
	}
}

// Results by relevance come in two tiers (every word in the title first); pages cut across
// them without losing or repeating a hit, and every page gives the same total.
func TestSearch_TiersPage(t *testing.T) {
	a, ix := fixture(t)
	texts := a.texts(t)
	var got []string
	for off := range 4 {
		r, err := ix.Search(context.Background(), Query{Text: "ben tre", Limit: 1, Offset: off}, texts)
		if err != nil {
			t.Fatal(err)
		}
		if r.Total != 3 {
			t.Errorf("offset %d: total %d, want 3", off, r.Total)
		}
		got = append(got, urls(r)...)
	}
	if len(got) != 3 || got[2] != "https://bdk.vn/dk-a2.html" || got[0] == got[1] {
		t.Errorf("pages of one: %q, want the two titles with Bến Tre, then the text that has it", got)
	}
	r, err := ix.Search(context.Background(), Query{Text: "ben tre", Limit: 2, Offset: 1}, texts)
	if err != nil {
		t.Fatal(err)
	}
	if u := urls(r); len(u) != 2 || u[0] != got[1] || u[1] != got[2] {
		t.Errorf("a page across the tiers: %q, want %q", u, got[1:])
	}
}

// A phrase in titles fills the first tier without reading texts; the rest are checked, and the
// total counts both.
func TestSearch_PhraseTiers(t *testing.T) {
	a, ix := fixture(t)
	texts := a.texts(t)
	for _, tt := range []struct {
		off  int
		want string
	}{{0, ""}, {2, "https://bdk.vn/dk-a2.html"}} {
		r, err := ix.Search(context.Background(), Query{Text: `"ben tre"`, Limit: 1, Offset: tt.off}, texts)
		if err != nil {
			t.Fatal(err)
		}
		if r.Total != 3 || r.Estimated || len(r.Hits) != 1 {
			t.Fatalf("offset %d: total %d (estimated %v), %d hits; want 3, exact, 1", tt.off, r.Total, r.Estimated, len(r.Hits))
		}
		if tt.want != "" && r.Hits[0].URL != tt.want {
			t.Errorf("offset %d: %s, want %s", tt.off, r.Hits[0].URL, tt.want)
		}
		if len(r.Hits[0].Snippet) == 0 {
			t.Errorf("offset %d: no snippet", tt.off)
		}
	}
}
