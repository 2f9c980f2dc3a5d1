package warc

import (
	"bytes"
	"fmt"
	"net/http"
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
