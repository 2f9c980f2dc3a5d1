package parse

import (
	"os"
	"testing"
)

// BenchmarkExtract measures one page of the newspaper CMS replica, the size of a real article
// page with its menus and sidebars.
func BenchmarkExtract(b *testing.B) {
	const file = "testdata/sites/dongkhoi-002.html"
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
