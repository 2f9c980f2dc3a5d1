package ingest

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// TestReparse_StreamsInChunks: more captures than one chunk, all stored with what a weaker
// extractor gave, are all extracted again and written back; progress ends at the total; a second
// reparse finds nothing to change.
func TestReparse_StreamsInChunks(t *testing.T) {
	in := newTestIngester(t)
	s, err := archive.Open(context.Background(), filepath.Join(t.TempDir(), "a.db"), archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := reparseChunk + 6
	at := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	var fs []archive.Fetch
	for i := range n {
		url := fmt.Sprintf("https://news.example.vn/bai-%d-a%d.html", i, i)
		pr, err := in.Prepare(Exchange{URL: url, Status: http.StatusOK, Time: at.Add(time.Duration(i) * time.Minute), Expect: ExpectArticle,
			Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: articleHTML(fmt.Sprint("Bài số ", i), "", longBody)})
		if err != nil || len(pr.Fetches) != 1 || pr.Fetches[0].Content == nil {
			t.Fatalf("prepare %d: %v %+v", i, err, pr)
		}
		f := pr.Fetches[0]
		f.Content = &archive.Content{Title: f.Content.Title, Published: f.Content.Published, Text: "cũ"} // a weaker extractor's
		fs = append(fs, f)
	}
	if _, err := s.PutBatch(context.Background(), fs); err != nil {
		t.Fatal(err)
	}
	var last [2]int
	sum, err := Reparse(context.Background(), s, in, "", func(done, total int) { last = [2]int{done, total} })
	if err != nil {
		t.Fatal(err)
	}
	if sum != (ReparseSummary{Captures: n, Pages: n}) || last != [2]int{n, n} {
		t.Errorf("summary %+v, last progress %v; want %d captures and pages", sum, last, n)
	}
	for _, f := range []archive.Fetch{fs[0], fs[n-1]} {
		vs, err := s.Versions(t.Context(), f.URL)
		if err != nil || len(vs) != 1 {
			t.Fatalf("%s: %v %v", f.URL, vs, err)
		}
		text, err := s.Blob(t.Context(), vs[0].TextBlob)
		if err != nil || !strings.Contains(string(text), "Ban Chấp hành Đảng bộ tỉnh Bến Tre") {
			t.Errorf("%s after reparse: %q %v", f.URL, text, err)
		}
	}
	if sum, err := Reparse(context.Background(), s, in, "", nil); err != nil || sum != (ReparseSummary{Captures: n}) {
		t.Errorf("second reparse: %+v %v", sum, err)
	}
}
