package export

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// TestWARC_NoSecretsFromOldArchives: captures stored before secrets were filtered at fetch time
// (a password in the final URL, Authorization, Cookie and Set-Cookie headers) leave through the
// WARC export without them.
func TestWARC_NoSecretsFromOldArchives(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	w, err := archive.Open(context.Background(), path, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.PutBatch(context.Background(), []archive.Fetch{{
		URL: "https://x.vn/a.html", FinalURL: "https://editor:hunter2@x.vn/a.html", Site: "x", Time: time.Now(), Status: 200,
		Request: map[string][]string{"Authorization": {"Basic ZWRpdG9yOmh1bnRlcjI="}, "cookie": {"sid=tok-1"},
			"Proxy-Authorization": {"Basic cHJveHk="}, "User-Agent": {"newsarchive"}},
		Response: map[string][]string{"Set-Cookie": {"sid=tok-2"}, "Content-Type": {"text/html"}},
		Body:     []byte("<html><body><p>Bến Tre</p></body></html>"),
		Content:  &archive.Content{Title: "t", Text: "Bến Tre"},
	}})
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	r, err := archive.Open(context.Background(), path, archive.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	dir := t.TempDir()
	if n, err := WARC(context.Background(), r, dir, WARCOptions{Software: "test"}); err != nil || n != 1 {
		t.Fatalf("WARC = %d, %v", n, err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if len(files) != 1 {
		t.Fatalf("files %v", files)
	}
	b, _ := os.ReadFile(files[0])
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(zr)
	for _, s := range []string{"hunter2", "editor", "ZWRpdG9y", "tok-1", "tok-2", "cHJveHk", "Authorization", "Cookie"} {
		if bytes.Contains(text, []byte(s)) {
			t.Errorf("the WARC export holds %q", s)
		}
	}
	if !bytes.Contains(text, []byte("WARC-Target-URI: https://x.vn/a.html")) || !bytes.Contains(text, []byte("User-Agent: newsarchive")) {
		t.Errorf("the capture lost more than its secrets:\n%s", text)
	}
}
