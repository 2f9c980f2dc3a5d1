package crawler

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
)

const okArticle = `<html><head><meta charset="utf-8"><title>Bài viết</title></head><body><h1>Hội nghị Ban Chấp hành Đảng bộ tỉnh</h1>
<p>Ngày 31-3-2023, Ban Chấp hành Đảng bộ tỉnh Bến Tre khóa XI tổ chức Hội nghị lần thứ 12 để đánh giá tình hình, kết quả thực hiện nghị quyết.</p>
<p>Tại hội nghị đã tiến hành khen thưởng đảng bộ cấp huyện và tương đương hoàn thành xuất sắc nhiệm vụ năm 2022.</p>
<p>Tham dự hội nghị có đại biểu Ban Tổ chức Trung ương, Ban Tuyên giáo Trung ương, Văn phòng Trung ương Đảng.</p></body></html>`

// hostileServer answers every way a broken or hostile server can: endless and chained redirects,
// endless bodies, a gzip bomb, a trickle, reset connections, 5xx storms, lying types, bad
// encodings, huge lines and nesting, an endless sitemap and a feed of entity tricks.
func hostileServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var requests atomic.Int64
	mux := http.NewServeMux()
	var links strings.Builder
	page := func(path string, h http.HandlerFunc) {
		mux.HandleFunc(path, h)
		fmt.Fprintf(&links, `<li><a href="%s">%s</a></li>`, path, path)
	}
	html := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}
	page("/ok-a1.html", func(w http.ResponseWriter, r *http.Request) { html(w, okArticle) })
	// An article that redirects off the site, to a server whose page links further away.
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html(w, strings.Replace(okArticle, "</body>", `<a href="/other-a99.html">x</a></body>`, 1))
	}))
	t.Cleanup(elsewhere.Close)
	page("/away-a8.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/x-a9.html", http.StatusFound)
	})
	page("/loop-a2.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop-a2.html?x=1", http.StatusFound)
	})
	mux.HandleFunc("/hop/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/hop/%d", &n)
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n+1), http.StatusMovedPermanently)
	})
	page("/chain-a3.html", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/hop/1", http.StatusFound) })
	page("/huge-a4.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := bytes.Repeat([]byte("<p>Bến Tre</p>"), 4096)
		for i := 0; i < 200000; i++ { // several GB if anyone read it all
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	// 1 GiB of zeros, about 1 MB on the wire: one gzip member of 1 MiB compressed once and sent
	// 1024 times, so the server is not the slow side on a loaded machine.
	member := gzipZeros(t, 1)
	page("/bomb-a5.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		for range 1024 {
			if _, err := w.Write(member); err != nil {
				return
			}
		}
	})
	// The trickle is crawled by a site of its own with a short timeout (see
	// TestCrawl_HostileServer), from a listing of its own that the home page does not link.
	mux.HandleFunc("/trickle/", func(w http.ResponseWriter, r *http.Request) {
		html(w, `<html><body><ul><li><a href="/trickle-a6.html">/trickle-a6.html</a></li></ul></body></html>`)
	})
	mux.HandleFunc("/trickle-a6.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for range 120 { // two minutes, far past the timeout
			if _, err := w.Write([]byte("<")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-time.After(time.Second):
			case <-r.Context().Done():
				return
			}
		}
	})
	page("/reset-a7.html", func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.SetLinger(0) // close with RST
		}
		conn.Close()
	})
	for i := range 5 {
		page(fmt.Sprintf("/storm-a%d.html", 10+i), func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "overloaded", http.StatusInternalServerError)
		})
	}
	page("/binary-a20.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 4096)...))
	})
	page("/utf8-a21.html", func(w http.ResponseWriter, r *http.Request) {
		html(w, strings.Replace(okArticle, "Hội nghị", "Hội \xff\xfe nghị", -1))
	})
	page("/charset-a22.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=x-klingon")
		fmt.Fprint(w, okArticle)
	})
	// 1 MB on one line and 10,000 nested divs: what the crawl must survive, fetched, extracted
	// and stored; parse's own tests take the 10 MB line and 100,000 divs.
	page("/oneline-a23.html", func(w http.ResponseWriter, r *http.Request) {
		html(w, "<html><body>"+strings.Repeat("<span>chữ</span>", 1<<20/16)+"</body></html>")
	})
	page("/nested-a24.html", func(w http.ResponseWriter, r *http.Request) {
		html(w, strings.Repeat("<div>", 10000)+okArticle+strings.Repeat("</div>", 10000))
	})
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<?xml version="1.0"?><urlset>`)
		// Written 64 KB at a time, built without fmt: the server, under -race too, must not be
		// the costly side of the crawl.
		buf := make([]byte, 0, 64<<10)
		for i := range 3_000_000 {
			buf = append(buf, "<url><loc>http://"+r.Host+"/s"...)
			buf = strconv.AppendInt(buf, int64(i), 10)
			buf = append(buf, "-a"...)
			buf = strconv.AppendInt(buf, int64(1000+i), 10)
			buf = append(buf, ".html</loc></url>"...)
			if len(buf) >= 60<<10 {
				if _, err := w.Write(buf); err != nil {
					return
				}
				buf = buf[:0]
			}
		}
		w.Write(buf)
		fmt.Fprint(w, `</urlset>`)
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><rss><channel><item><title>&lol3;</title><link>/ok-a1.html</link></item></channel></rss>`)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		html(w, "<html><body><ul>"+links.String()+"</ul></body></html>")
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &requests
}

// TestCrawl_HostileServer crawls the hostile server: every case is recorded with its reason, the
// good articles are archived, and the heap stays bounded. The trickle is a second site of the
// same crawl, on the same server, with a timeout of 1 s: the first site's timeout must be long
// enough for a 2 MB body or a 10,000-div page on a loaded machine under -race, and the trickle
// would make the whole crawl wait that long.
func TestCrawl_HostileServer(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("slow: trickles and timeouts")
	}
	srv, _ := hostileServer(t)
	yaml := fmt.Sprintf(`user_agent: "newsarchive-test/1.0 (+https://example.invalid)"
sites:
  - name: hostile
    start_urls: ["%[1]s/"]
    feeds: ["%[1]s/feed.xml"]
    sitemaps: ["%[1]s/sitemap.xml"]
    article_pattern: '-a\d+\.html$'
    robots: false
    delay: 0s
    parallelism: 4
    retries: 0 # a retried trickle would cost another timeout
    retry_backoff: 10ms
    timeout: 20s # a 2 MB body must not time out, on a loaded machine under -race
    max_body_size: 2MB # over the 1 MB line; the huge page and the bomb are cut here
    max_pages: 200
    error_budget: 1000
  - name: hostile-trickle
    start_urls: ["%[1]s/trickle/"]
    article_pattern: '-a\d+\.html$'
    robots: false
    delay: 0s
    retries: 0
    timeout: 1s # the trickle sends a byte a second for two minutes
    max_pages: 10
`, srv.URL)
	cfg, err := config.Parse("hostile.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	store, err := archive.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"), archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()

	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	sums, err := New(cfg, store, Options{}).Run(context.Background(), cfg.Sites)
	close(stop)
	<-sampled
	if err != nil {
		t.Fatal(err)
	}
	s, trickle := sums[0], sums[1]
	t.Logf("%s; %s; peak heap %d MiB", s, trickle, peak.Load()>>20)
	for _, kind := range []archive.FailureKind{"redirects", "too-large", "timeout", "network", "http-5xx", "extract", "offsite-redirect"} {
		if s.Errors[kind]+trickle.Errors[kind] == 0 {
			t.Errorf("no %q error recorded: %v %v", kind, s.Errors, trickle.Errors)
		}
	}
	if s.New < 4 { // ok, bad UTF-8, unknown charset, nesting
		t.Errorf("only %d articles archived: %s", s.New, s)
	}
	if p := peak.Load(); p > 400<<20 {
		t.Errorf("peak heap %d MiB", p>>20)
	}
	var fails int
	for _, err := range store.Failures(context.Background(), "hostile") {
		if err != nil {
			t.Fatal(err)
		}
		fails++
	}
	if fails < 8 {
		t.Errorf("%d failures recorded in the archive", fails)
	}
	if err := store.Verify(context.Background()); err != nil {
		t.Error(err)
	}
	for p, err := range store.Pages(context.Background(), "") {
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(p.URL, srv.URL) {
			t.Errorf("archived a page off the site: %s", p.URL)
		}
	}
}
