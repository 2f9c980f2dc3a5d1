package archive

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
)

// BenchmarkPutBatch measures storing one new article page, in batches of 64 as the crawler
// commits them: hashing, compressing a 70 KB page and its text, and the bbolt commit.
func BenchmarkPutBatch(b *testing.B) {
	html, err := os.ReadFile("../parse/testdata/sites/dongkhoi-002.html")
	if err != nil {
		b.Fatal(err)
	}
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const batch = 64
	b.ReportAllocs()
	b.SetBytes(int64(len(html)))
	i := 0
	for b.Loop() {
		i++
		if i%batch != 0 {
			continue
		}
		fetches := make([]Fetch, batch)
		for j := range fetches {
			n := i - batch + j
			// Each page differs, as real pages do, so nothing is deduplicated away.
			body := append([]byte(fmt.Sprintf("<!-- %d -->", n)), html...)
			fetches[j] = Fetch{
				URL: fmt.Sprintf("https://dongkhoi.baovinhlong.vn/p-%d-a%d.html", n, n), Site: "baodongkhoi",
				Time: time.Unix(int64(n), 0), Status: 200, Body: body,
				Content: &Content{Title: "Thông báo kết quả", Text: fmt.Sprintf("%d %s", n, html[:8000])},
			}
		}
		if _, err := s.PutBatch(context.Background(), fetches); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecordLevels compresses one page's record and version, as recordCodec does, at the
// fastest level (recordCodec's) and the default one; B is the stored size. An encoder with a
// dictionary restores its hash tables before each record, so the smaller tables of the fastest
// level are the quicker, at no cost in size on records this small.
//
//	go test -run '^$' -bench RecordLevels ./archive
func BenchmarkRecordLevels(b *testing.B) {
	js := []byte(`{"url":"https://baodongkhoi.vn/tin-tuc/hoi-nghi-tong-ket-cong-tac-nam-2026-a81234.html","site":"baodongkhoi","status":"live","first_seen":"2026-11-03T08:12:00Z","last_seen":"2026-11-20T08:00:00Z","last_changed":"2026-11-03T08:12:00Z","versions":1,"captures":3,"etag":"\"5f3a-1b2c\"","last_modified":"Tue, 03 Nov 2026 07:00:00 GMT","last_status":200,"published":"2026-11-03T07:30:00+07:00","title":"Hội nghị tổng kết công tác năm 2026","kind":"article"}` +
		`{"url":"https://baodongkhoi.vn/tin-tuc/hoi-nghi-tong-ket-cong-tac-nam-2026-a81234.html","n":1,"fetched":"2026-11-03T08:12:00Z","title":"Hội nghị tổng kết công tác năm 2026","published":"2026-11-03T07:30:00+07:00","author":"Thu Huyền","content_hash":"9f2c1a0b7e6d5c4b3a291807f6e5d4c3b2a1908f7e6d5c4b3a2918076f5e4d3c","text_blob":"1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809","text_size":4211,"html_blob":"0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0","html_size":52133}`)
	for _, level := range []zstd.EncoderLevel{zstd.SpeedFastest, zstd.SpeedDefault} {
		enc, err := zstd.NewWriter(nil, zstd.WithEncoderDictRaw(recordDictID, recordDict), zstd.WithEncoderLevel(level),
			zstd.WithEncoderConcurrency(1), zstd.WithLowerEncoderMem(true))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(level.String(), func(b *testing.B) {
			n := 0
			for b.Loop() {
				n = len(enc.EncodeAll(js, nil))
			}
			b.ReportMetric(float64(n), "B")
		})
	}
}
