package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

const testUA = "newsarchive-test/1.0 (+https://example.invalid/contact)"

func newTestFetcher(t *testing.T, opts FetcherOptions) *Fetcher {
	t.Helper()
	if opts.UserAgent == "" {
		opts.UserAgent = testUA
	}
	f, err := NewFetcher(opts)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// gzipZeros is n MiB of zeros gzipped, as n gzip members of 1 MiB each (a reader of one gzip
// stream reads them all).
func gzipZeros(t testing.TB, n int) []byte {
	t.Helper()
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	zw.Write(make([]byte, 1<<20))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return bytes.Repeat(member.Bytes(), n)
}

func TestFetcher(t *testing.T) {
	mux := http.NewServeMux()
	page := "<html><body><p>Bến Tre</p></body></html>"
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(traceHeader) != "" {
			http.Error(w, "trace header leaked", 500)
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("/r/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/r/"), "%d", &n)
		if n == 0 {
			http.Redirect(w, r, "/page", http.StatusFound)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/r/%d", n-1), http.StatusMovedPermanently)
	})
	mux.HandleFunc("/loop/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/b", http.StatusFound) })
	mux.HandleFunc("/loop/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/a", http.StatusFound) })
	mux.HandleFunc("/file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/doc.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(bytes.Repeat([]byte("%PDF"), 1000))
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for range 100 {
			w.Write(bytes.Repeat([]byte("<p>x</p>"), 1000))
		}
	})
	// 10 MB of zeros in a few KB, compressed once here: compressing in the handler took over the
	// fetch's one-second timeout on a loaded machine under -race.
	bomb := gzipZeros(t, 10)
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	})
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	f := newTestFetcher(t, FetcherOptions{MaxBodySize: 64 << 10, Timeout: time.Second, MaxRedirects: 10, AllowedHosts: []string{strings.TrimPrefix(srv.URL, "http://")}})
	ctx := context.Background()

	t.Run("page", func(t *testing.T) {
		r, err := f.Fetch(ctx, srv.URL+"/page", nil)
		if err != nil || r.Status != 200 || string(r.Body) != page {
			t.Fatalf("fetch = %+v, %v", r, err)
		}
		if r.Request.Get("User-Agent") != testUA || r.Request.Get("Host") == "" || r.Header.Get("ETag") != `"v1"` {
			t.Errorf("headers: sent %v received %v", r.Request, r.Header)
		}
	})
	t.Run("conditional", func(t *testing.T) {
		r, err := f.Fetch(ctx, srv.URL+"/page", http.Header{"If-None-Match": {`"v1"`}})
		if err != nil || r.Status != http.StatusNotModified || len(r.Body) != 0 {
			t.Fatalf("conditional fetch = %+v, %v", r, err)
		}
	})
	t.Run("redirects", func(t *testing.T) {
		r, err := f.Fetch(ctx, srv.URL+"/r/3", nil)
		if err != nil || r.FinalURL != srv.URL+"/page" || len(r.Hops) != 5 {
			t.Fatalf("redirected fetch: final %s, %d hops, %v", r.FinalURL, len(r.Hops), err)
		}
		if r.Hops[0].Status != 301 || r.Hops[4].Status != 200 {
			t.Errorf("hops: %+v", r.Hops)
		}
	})
	errs := []struct {
		path string
		want error
	}{
		{"/r/50", ErrTooManyRedirects},
		{"/loop/a", ErrRedirectLoop},
		{"/file", archive.ErrBadURL},
		{"/doc.pdf", ErrNotHTML},
		{"/big", ErrTooLarge},
		{"/bomb", ErrTooLarge},
		{"/slow", context.DeadlineExceeded},
	}
	for _, e := range errs {
		t.Run(e.path, func(t *testing.T) {
			r, err := f.Fetch(ctx, srv.URL+e.path, nil)
			var netErr net.Error
			if !errors.Is(err, e.want) && !(e.want == context.DeadlineExceeded && errors.As(err, &netErr) && netErr.Timeout()) {
				t.Fatalf("err = %v, want %v", err, e.want)
			}
			if r != nil && len(r.Body) > 64<<10 {
				t.Errorf("body of %d bytes kept past the cap", len(r.Body))
			}
		})
	}
	t.Run("404", func(t *testing.T) {
		r, err := f.Fetch(ctx, srv.URL+"/missing", nil)
		if err != nil || r.Status != 404 {
			t.Fatalf("404: %+v, %v", r, err)
		}
	})
	for _, bad := range []string{"", "javascript:alert(1)", "file:///etc/passwd", "/relative", "ftp://x/"} {
		if _, err := f.Fetch(ctx, bad, nil); !errors.Is(err, archive.ErrBadURL) {
			t.Errorf("Fetch(%q) = %v, want archive.ErrBadURL", bad, err)
		}
	}
}
