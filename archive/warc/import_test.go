package warc_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/archive/warc"
	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/ingest"
	"github.com/newsarchive/newsarchive/parse"
)

// TestImportWarcioFile imports a WARC written by another tool, webrecorder's warcio.js, the way
// `newsarchive import` does: its page is archived with its article extracted.
func TestImportWarcioFile(t *testing.T) {
	dir := t.TempDir()
	path := warc.WriteWithWarcio(t, dir)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	store, err := archive.Open(context.Background(), filepath.Join(dir, "a.db"), archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	sum, err := crawler.Import(context.Background(), f, store, ingest.New(config.Default(), &parse.Extractor{}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.New < 1 {
		t.Fatalf("import: %+v", sum)
	}
	v, err := store.Version(t.Context(), "http://example.vn/x", 0)
	if err != nil {
		t.Fatal(err)
	}
	text, err := store.Blob(t.Context(), v.TextBlob)
	if err != nil {
		t.Fatal(err)
	}
	if v.Title != "Hội nghị tổng kết công tác năm 2021" || !strings.Contains(string(text), "Đồng chí Trần Ngọc Tam phát biểu chỉ đạo") {
		t.Errorf("imported version: %q\n%s", v.Title, text)
	}
	cs, _ := store.Captures(t.Context(), "http://example.vn/x")
	if len(cs) == 0 || cs[0].Status != 200 {
		t.Errorf("captures: %+v", cs)
	}
}
