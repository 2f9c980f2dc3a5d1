package warc

import (
	"bytes"
	"fmt"
	"net/http"
	"runtime"
	"testing"
	"time"
)

// BenchmarkWriter writes captures of a 40 KB page, each payload distinct; one op is one
// capture (a response and a request record, compressed, digested, indexed).
//
//	go test ./archive/warc -run '^$' -bench Writer -benchmem
func BenchmarkWriter(b *testing.B) {
	page := bytes.Repeat(viHTML, 40<<10/len(viHTML))
	w, err := NewWriter(Options{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	i := 0
	for b.Loop() {
		body := append(fmt.Appendf(nil, "<!-- %d -->", i), page...)
		err := w.Write(Capture{URL: fmt.Sprintf("https://baodongkhoi.vn/bai-%d.html", i), Time: t0.Add(time.Duration(i) * time.Second),
			Status: 200, ResponseHeader: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: body,
			RequestHeader: http.Header{"User-Agent": {"newsarchive"}}})
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.SetBytes(int64(len(page)))
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkWriterHeap writes 10,000 and 100,000 captures of a small page (every payload and URL
// distinct) and reports the heap in use after the last Write, after a collection: what the
// Writer keeps about what it wrote. One op is the whole series.
//
//	go test ./archive/warc -run '^$' -bench WriterHeap -benchtime 1x
func BenchmarkWriterHeap(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				w, err := NewWriter(Options{Dir: b.TempDir()})
				if err != nil {
					b.Fatal(err)
				}
				t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
				for i := range n {
					err := w.Write(Capture{URL: fmt.Sprintf("https://baodongkhoi.vn/tin-tuc/bai-viet-so-%d.html", i), Time: t0.Add(time.Duration(i) * time.Second),
						Status: 200, ResponseHeader: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: fmt.Appendf(nil, "<p>Bài %d</p>", i)})
					if err != nil {
						b.Fatal(err)
					}
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(after.HeapInuse)/(1<<20)-float64(before.HeapInuse)/(1<<20), "heap-MB")
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
