package export

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

func TestFileID(t *testing.T) {
	a, b := fileID("https://baodongkhoi.vn/a-a1.html"), fileID("https://baodongkhoi.vn/a-a1.html")
	if a != b || !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(a) || a == fileID("https://baodongkhoi.vn/a-a2.html") {
		t.Errorf("fileID not a stable 16-hex id: %q %q", a, b)
	}
}

func TestDocument(t *testing.T) {
	tests := []struct {
		published, want string
	}{
		{"2021-04-19T14:06:00+07:00", "Tiêu đề\n\n19/04/2021 - 14:06\n\nThân bài.\n"},
		{"2020-07-23", "Tiêu đề\n\n23/07/2020\n\nThân bài.\n"},
		{"", "Tiêu đề\n\nThân bài.\n"},
	}
	for _, tt := range tests {
		got := Document(Item{Version: archive.Version{Title: "Tiêu đề", Published: tt.published}, Text: "Thân bài."})
		if got != tt.want {
			t.Errorf("Document(%q) = %q, want %q", tt.published, got, tt.want)
		}
	}
}

func TestText_SelectsAndNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	w, err := archive.Open(context.Background(), path, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var fs []archive.Fetch
	for i, site := range []string{"a", "b", "a"} {
		// Titles and URLs full of path tricks must never reach a file name.
		fs = append(fs, archive.Fetch{
			URL: "https://x.vn/../../etc/passwd" + strings.Repeat("/", i), Site: site, Time: day.AddDate(0, 0, i), Status: 200,
			Content: &archive.Content{Title: "../../" + site, Published: day.AddDate(0, 0, -i).Format(time.RFC3339), Text: "x"},
		})
	}
	if _, err := w.PutBatch(context.Background(), fs); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r, err := archive.Open(context.Background(), path, archive.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	dir := filepath.Join(t.TempDir(), "out")
	n, err := Text(context.Background(), r, dir, Options{Site: "a", Since: day.AddDate(0, 0, 1)})
	if err != nil || n != 1 {
		t.Fatalf("export = %d, %v; want 1 (site a, since day 1)", n, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || !regexp.MustCompile(`^000_[0-9a-f]{16}\.txt$`).MatchString(entries[0].Name()) {
		t.Errorf("files: %v", entries)
	}
	// Ordered by publication date: the page published earliest comes first.
	n, err = Text(context.Background(), r, dir, Options{})
	if err != nil || n != 3 {
		t.Fatal(n, err)
	}
	first, _ := filepath.Glob(filepath.Join(dir, "000_*.txt"))
	b, _ := os.ReadFile(first[0])
	if !strings.HasPrefix(string(b), "../../a\n\n30/12/2025") {
		t.Errorf("first file = %q", b)
	}
}
