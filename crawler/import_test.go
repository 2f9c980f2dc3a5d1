package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/archive/warc"
	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/ingest"
	"github.com/newsarchive/newsarchive/parse"
)

// A damaged record costs itself: the records before and after it are archived, the import says
// how many it skipped; an empty file is said to be one.
func TestImport_DamagedRecordAndEmptyFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	w, err := warc.NewWriter(warc.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		body := fmt.Sprintf("<html lang=\"vi\"><head><title>Bài %d</title></head><body><h1>Bài %d</h1>%s</body></html>", i, i,
			strings.Repeat(fmt.Sprintf("<p>Đoạn văn số %d của bài viết thứ %d về phát triển kinh tế vùng dừa Bến Tre năm 2026.</p>", i, i), 8))
		err := w.Write(warc.Capture{URL: fmt.Sprintf("https://bao.example.vn/bai-%d.html", i), Time: time.Date(2026, 11, 1, 8, i, 0, 0, time.UTC),
			Status: 200, ResponseHeader: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: []byte(body)})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := len(data) / 2; i < len(data)/2+64; i++ {
		data[i] ^= 0x5a
	}
	store, err := archive.Open(t.Context(), filepath.Join(dir, "a.db"), archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	in := ingest.New(config.Default(), &parse.Extractor{})
	var warned []error
	sum, err := Import(context.Background(), bytes.NewReader(data), store, in, func(err error) { warned = append(warned, err) })
	if err != nil {
		t.Fatalf("import: %v (%+v)", err, sum)
	}
	if sum.Failed == 0 || len(warned) != sum.Failed || sum.New < 4 {
		t.Errorf("import of a damaged file: %+v, warned %v", sum, warned)
	}
	if _, err := Import(context.Background(), bytes.NewReader(nil), store, in, nil); !errors.Is(err, ErrEmptyImport) {
		t.Errorf("empty file: %v, want ErrEmptyImport", err)
	}
}
