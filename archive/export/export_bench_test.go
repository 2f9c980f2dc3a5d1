package export

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
)

// replicaArticles extracts the article replicas of parse/testdata/sites, as the crawler would.
func replicaArticles(tb testing.TB) (htmls [][]byte, contents []*archive.Content) {
	tb.Helper()
	files, _ := filepath.Glob("../../parse/testdata/sites/*.truth.txt")
	for _, f := range files {
		html, err := os.ReadFile(f[:len(f)-len(".truth.txt")] + ".html")
		if err != nil {
			tb.Fatal(err)
		}
		a, err := parse.Extract(html, "https://example.vn/a.html", nil)
		if err != nil {
			tb.Fatal(err)
		}
		htmls = append(htmls, html)
		contents = append(contents, &archive.Content{Title: a.Title, Published: a.Published.String(), Author: a.Author, Lead: a.Lead, Text: a.Text()})
	}
	if len(htmls) == 0 {
		tb.Fatal("no replica pages")
	}
	return htmls, contents
}

// fillStore archives n distinct pages made from the replicas and returns the store, open for
// reading.
func fillStore(tb testing.TB, n int, withHTML bool) (*archive.Store, string) {
	tb.Helper()
	htmls, contents := replicaArticles(tb)
	path := filepath.Join(tb.TempDir(), "bench.db")
	w, err := archive.Open(context.Background(), path, archive.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	const batch = 500
	for start := 0; start < n; start += batch {
		var fs []archive.Fetch
		for i := start; i < min(n, start+batch); i++ {
			c := *contents[i%len(contents)]
			c.Title = fmt.Sprintf("%s (%d)", c.Title, i)
			c.Text = fmt.Sprintf("Bài số %d.\n\n%s", i, c.Text)
			f := archive.Fetch{URL: fmt.Sprintf("https://example.vn/bai-%d-a%d.html", i, i), Site: "example", Time: time.Unix(int64(1600000000+i), 0), Status: 200, Content: &c}
			if withHTML {
				f.Body = bytes.Replace(htmls[i%len(htmls)], []byte("<body"), []byte(fmt.Sprintf("<!-- page %d --><body", i)), 1)
			}
			fs = append(fs, f)
		}
		if _, err := w.PutBatch(context.Background(), fs); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	r, err := archive.Open(context.Background(), path, archive.Options{ReadOnly: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { r.Close() })
	return r, path
}

// BenchmarkExport10k exports 10,000 archived articles; one op is the whole export.
func BenchmarkExport10k(b *testing.B) {
	s, _ := fillStore(b, 10000, false)
	b.Run("jsonl", func(b *testing.B) {
		for b.Loop() {
			if n, err := JSONL(context.Background(), s, io.Discard, Options{}); err != nil || n != 10000 {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("text", func(b *testing.B) {
		dir := b.TempDir()
		for b.Loop() {
			if n, err := Text(context.Background(), s, dir, Options{}); err != nil || n != 10000 {
				b.Fatal(n, err)
			}
		}
	})
}

// BenchmarkDiskPerPage archives 2,000 pages (the replica pages, each made distinct) and reports the
// database's bytes on disk per page against the page's own gzip size, which is what a WARC.gz
// would spend on the body alone.
func BenchmarkDiskPerPage(b *testing.B) {
	const n = 2000
	for b.Loop() {
		s, _ := fillStore(b, n, true)
		st, err := s.Stats(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		htmls, _ := replicaArticles(b)
		var gz, raw int
		for i := range n {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
			zw.Write(htmls[i%len(htmls)])
			zw.Close()
			gz += buf.Len()
			raw += len(htmls[i%len(htmls)])
		}
		b.ReportMetric(float64(st.UsedBytes)/n, "disk-B/page")
		b.ReportMetric(float64(st.BlobBytes)/n, "blob-B/page")
		b.ReportMetric(float64(gz)/n, "gzip-B/page")
		b.ReportMetric(float64(raw)/n, "html-B/page")
	}
}
