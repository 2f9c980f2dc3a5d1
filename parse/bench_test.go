package parse

import (
	"os"
	"testing"
)

// BenchmarkExtract measures a typical 150 KB article page: the newspaper CMS replica with the
// extra columns of headlines and sidebars a real page carries (testdata/bench/README.md).
func BenchmarkExtract(b *testing.B) {
	const file = "testdata/bench/typical-150k.html"
	page, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d bytes", file, len(page))
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Extract(page, "https://dongkhoi.baovinhlong.vn/x-31032023-a1.html", nil); err != nil {
			b.Fatal(err)
		}
	}
}

// TestExtract_BenchPage keeps the benchmark honest: the padded page must extract the same article.
func TestExtract_BenchPage(t *testing.T) {
	const pageURL = "https://dongkhoi.baovinhlong.vn/x-31032023-a1.html"
	big, err := os.ReadFile("testdata/bench/typical-150k.html")
	if err != nil {
		t.Fatal(err)
	}
	small, err := os.ReadFile("testdata/sites/dongkhoi-002.html")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := Extract(big, pageURL, nil)
	b, _ := Extract(small, pageURL, nil)
	if a.Document() != b.Document() || !a.IsArticle {
		t.Errorf("padded page extracts differently:\n%s", lineDiff(b.Document(), a.Document()))
	}
}
