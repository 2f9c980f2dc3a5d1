package sitegen

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var (
	dumpDir   = flag.String("dump", "", "write the first -dump-pages pages' HTML and text into this directory")
	dumpPages = flag.Int("dump-pages", 1000, "pages for -dump")
)

// TestDump writes the site's pages to files when -dump names a directory, for measuring them with
// other tools (docs/BENCHMARKS.md: how far the pages compress across pages).
func TestDump(t *testing.T) {
	if *dumpDir == "" {
		t.Skip("no -dump directory")
	}
	s := New(1, "https://baodongkhoi.vn")
	for i := range *dumpPages {
		p := s.Page(i)
		name := filepath.Join(*dumpDir, fmt.Sprintf("%05d", i))
		if err := os.WriteFile(name+".html", p.HTML, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name+".txt", []byte(p.Text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
