package archive

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// testChunk is the chunk size of the walks tested: small, so a few pages make several chunks.
const testChunk = 7

// fillPages archives n article pages, alternately of sites "a" and "b", each with a body and a
// text; every third page gets a second version. It returns their URLs in key order.
func fillPages(t *testing.T, s *Store, n int) []string {
	t.Helper()
	var fs []Fetch
	var urls []string
	for i := range n {
		url := fmt.Sprintf("https://x.vn/bai-%04d.html", i)
		urls = append(urls, url)
		f := Fetch{URL: url, Site: []string{"a", "b"}[i%2], Time: t0.Add(time.Duration(i) * time.Minute), Status: 200,
			Body: fmt.Appendf(nil, "<html><body>bài %d</body></html>", i), Content: &Content{Title: fmt.Sprint("Bài ", i), Text: fmt.Sprint("Thân bài ", i)}}
		fs = append(fs, f)
		if i%3 == 0 {
			f.Time = f.Time.Add(24 * time.Hour)
			f.Body = fmt.Appendf(nil, "<html><body>bài %d, sửa</body></html>", i)
			f.Content = &Content{Title: f.Content.Title, Text: f.Content.Text + " (sửa)"}
			fs = append(fs, f)
		}
	}
	if _, err := s.PutBatch(context.Background(), fs); err != nil {
		t.Fatal(err)
	}
	slices.Sort(urls)
	return urls
}

// TestEntries_EveryPageOnceAcrossChunks: a walk longer than one chunk sees every page of the
// site once, in key order, with all its versions, and stops when the loop breaks.
func TestEntries_EveryPageOnceAcrossChunks(t *testing.T) {
	t.Parallel()
	s, _ := openTest(t)
	n := 2*testChunk + 5
	urls := fillPages(t, s, n)
	for _, tt := range []struct {
		site string
		want []string
	}{
		{"", urls},
		{"b", slices.DeleteFunc(slices.Clone(urls), func(u string) bool {
			var i int
			fmt.Sscanf(u, "https://x.vn/bai-%d.html", &i)
			return i%2 == 0
		})},
	} {
		var got []string
		for e, err := range s.entries(context.Background(), tt.site, testChunk) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, e.Page.URL)
			if len(e.Versions) != e.Page.Versions || e.Versions[len(e.Versions)-1].N != e.Page.Versions {
				t.Errorf("%s: %d versions, page says %d", e.Page.URL, len(e.Versions), e.Page.Versions)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("site %q: %d pages, want %d (first %v)", tt.site, len(got), len(tt.want), got[:min(3, len(got))])
		}
	}
	seen := 0
	for range s.entries(context.Background(), "", testChunk) {
		if seen++; seen == testChunk+1 {
			break
		}
	}
	if seen != testChunk+1 {
		t.Errorf("break after %d entries", seen)
	}
}

// TestArticleCaptures_LoopBodyWrites: the loop body of a walk may write to the archive (reparse
// does): no transaction is held across a yield, so the write neither deadlocks nor fails.
func TestArticleCaptures_LoopBodyWrites(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/a.db"
	s, err := Open(context.Background(), path, Options{CommitWait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := testChunk + 2
	fillPages(t, s, n)
	caps := 0
	for r, err := range s.articleCaptures(context.Background(), "", testChunk) {
		if err != nil {
			t.Fatal(err)
		}
		if caps++; caps != 1 && caps != testChunk+1 {
			continue
		}
		if _, err := s.PutExtractions(context.Background(), []Extraction{{URL: r.Page.URL, Time: r.Time, HTMLBlob: r.HTMLBlob,
			Content: &Content{Title: "Mới", Text: "Thân bài mới"}}}); err != nil {
			t.Fatalf("write inside the walk: %v", err)
		}
	}
	if want := n + (n+2)/3; caps != want {
		t.Errorf("%d captures, want %d", caps, want)
	}
	vs, err := s.Versions(t.Context(), "https://x.vn/bai-0000.html") // its first capture rewritten, not its second
	if err != nil || len(vs) != 2 || vs[0].Title != "Mới" || vs[1].Title != "Bài 0" {
		t.Errorf("after the rewrite: %+v %v", vs, err)
	}
}

// TestOpenPerRead_WriterCommitsDuringWalk: a reader opened with OpenPerRead holds no lock
// between the chunks of a walk, so a writer commits in the middle of it. Without the option the
// reader's shared lock would keep the writer waiting past its CommitWait.
func TestOpenPerRead_WriterCommitsDuringWalk(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/a.db"
	w, err := Open(context.Background(), path, Options{CommitWait: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	fillPages(t, w, testChunk+2)
	r, err := Open(context.Background(), path, Options{ReadOnly: true, OpenPerRead: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	seen := 0
	for e, err := range r.entries(context.Background(), "", testChunk) {
		if err != nil {
			t.Fatal(err)
		}
		if seen++; seen == 1 {
			f := Fetch{URL: "https://x.vn/zz-moi.html", Site: "a", Time: t0, Status: 200, Content: &Content{Title: "Mới", Text: "mới"}}
			if _, err := w.PutBatch(context.Background(), []Fetch{f}); err != nil {
				t.Fatalf("writer during the walk (at %s): %v", e.Page.URL, err)
			}
		}
	}
	// The new page sorts last: the walk's later chunk sees it.
	if seen != testChunk+3 {
		t.Errorf("walk saw %d pages, want %d", seen, testChunk+3)
	}
}

// TestReadVersions: versions come back in the order asked, with their pages and texts; one the
// archive lacks is left out.
func TestReadVersions(t *testing.T) {
	t.Parallel()
	s, _ := openTest(t)
	fillPages(t, s, 4)
	got, err := s.ReadVersions(context.Background(), []VersionRef{
		{"https://x.vn/bai-0003.html", 2}, {"https://x.vn/bai-0001.html", 1}, {"https://x.vn/bai-0001.html", 2},
		{"https://x.vn/nope.html", 1}, {"https://x.vn/bai-0003.html", 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	var desc []string
	for _, vt := range got {
		if vt.Page.URL != vt.Version.URL {
			t.Errorf("page %s with version of %s", vt.Page.URL, vt.Version.URL)
		}
		desc = append(desc, fmt.Sprintf("%s v%d %s", vt.Page.URL[len("https://x.vn/"):], vt.Version.N, vt.Text))
	}
	want := []string{"bai-0003.html v2 Thân bài 3 (sửa)", "bai-0001.html v1 Thân bài 1", "bai-0003.html v1 Thân bài 3"}
	if !slices.Equal(desc, want) {
		t.Errorf("got %q\nwant %q", desc, want)
	}
}
