package archive

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
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
