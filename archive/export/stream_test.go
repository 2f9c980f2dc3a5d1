package export

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// TestSelection_OrderAsOneTransaction: the two-pass export (a selection of versions walked in
// chunks, then read back a few at a time) gives the items, in the order, that sorting everything
// read in one transaction gives: by publication date, undated pages by first sight, ties by URL
// and version.
func TestSelection_OrderAsOneTransaction(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	w, err := archive.Open(context.Background(), path, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	var fs []archive.Fetch
	for i := range 11 {
		published := day.AddDate(0, 0, -i%4).Format(time.RFC3339) // ties, and dates against URL order
		switch i % 5 {
		case 3:
			published = ""
		case 4:
			published = day.AddDate(0, 0, -i%4).Format(time.DateOnly)
		}
		f := archive.Fetch{URL: fmt.Sprintf("https://x.vn/%02d.html", i), Site: []string{"a", "b"}[i%2], Time: day.Add(time.Duration(i) * time.Hour), Status: 200,
			Content: &archive.Content{Title: fmt.Sprint("Bài ", i), Published: published, Text: fmt.Sprint("Thân ", i)}}
		fs = append(fs, f)
		if i%3 == 0 {
			f.Time = f.Time.Add(48 * time.Hour)
			f.Content = &archive.Content{Title: f.Content.Title, Published: published, Text: f.Content.Text + " (sửa)"}
			fs = append(fs, f)
		}
	}
	if _, err := w.PutBatch(context.Background(), fs); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r, err := archive.Open(context.Background(), path, archive.Options{ReadOnly: true, OpenPerRead: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, opts := range []Options{{}, {AllVersions: true}, {Site: "b", AllVersions: true}, {Since: day.Add(30 * time.Hour)}} {
		want := oneTransaction(t, r, opts)
		// The selection in memory, and spilled to sorted runs of 1, 2 and 5 refs merged back.
		for _, limit := range []int{runRefs, 1, 2, 5} {
			opts.TempDir = t.TempDir()
			sel := newSelection(opts.TempDir)
			sel.limit = limit
			got := walkSelection(t, r, opts, sel)
			if len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("%+v, runs of %d:\n got %q\nwant %q", opts, limit, got, want)
			}
			if left, _ := os.ReadDir(opts.TempDir); len(left) != 0 {
				t.Errorf("runs of %d: the selection left %d files behind", limit, len(left))
			}
		}
	}
}

// walkSelection selects into sel and walks it three versions a read, checking the numbering.
func walkSelection(t *testing.T, r *archive.Store, opts Options, sel *selection) []string {
	t.Helper()
	sel, err := selectInto(context.Background(), r, opts, sel)
	if err != nil {
		t.Fatal(err)
	}
	if sel.n > sel.limit && len(sel.runs) < sel.n/sel.limit {
		t.Errorf("%d refs in runs of %d: %d run files", sel.n, sel.limit, len(sel.runs))
	}
	defer func() {
		if err := sel.close(); err != nil {
			t.Error(err)
		}
	}()
	var got []string
	err = sel.eachChunked(context.Background(), r, 3, func(i int, it Item) error {
		if i != len(got) {
			t.Errorf("%+v: item %d numbered %d", opts, len(got), i)
		}
		got = append(got, describe(it))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func describe(it Item) string {
	return fmt.Sprintf("%s v%d %s %s", it.Page.URL, it.Version.N, it.Version.Published, it.Text)
}

// oneTransaction is how exports selected and ordered items before they streamed: everything read
// in one walk, then sorted.
func oneTransaction(t *testing.T, s *archive.Store, opts Options) []string {
	var items []Item
	err := func() error {
		for e, err := range s.Entries(context.Background(), "") {
			if err != nil {
				return err
			}
			if (opts.Site != "" && e.Page.Site != opts.Site) || !e.Page.Kind.IsArticle() {
				continue
			}
			vs := e.Versions
			if !opts.AllVersions && len(vs) > 0 {
				vs = vs[len(vs)-1:]
			}
			for _, v := range vs {
				if !opts.Since.IsZero() && v.Fetched.Before(opts.Since) {
					continue
				}
				text, err := s.Blob(context.Background(), v.TextBlob)
				if err != nil {
					return err
				}
				items = append(items, Item{Page: e.Page, Version: v, Text: string(text)})
			}
		}
		return nil
	}()
	if err != nil {
		t.Fatal(err)
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if da, db := sortDate(a), sortDate(b); da != db {
			return da < db
		}
		if a.Page.URL != b.Page.URL {
			return a.Page.URL < b.Page.URL
		}
		return a.Version.N < b.Version.N
	})
	var out []string
	for _, it := range items {
		out = append(out, describe(it))
	}
	return out
}
