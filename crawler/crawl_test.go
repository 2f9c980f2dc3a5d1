package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
)

// miniSite is a small newspaper: a paginated home listing, four articles (one answering 503
// with Retry-After once), robots.txt with a disallowed path, and a request log.
type miniSite struct {
	*httptest.Server
	mu    sync.Mutex
	log   []string
	busy  atomic.Bool
	title string
}

func article(n int, title string) string {
	return fmt.Sprintf(`<html><head><title>%s</title></head><body><h1>%s</h1><span class="pubdate">19/04/2021 - 14:0%d</span>
<div id="newscontents"><div class="content-fck">
<p>BDK.VN - Ngày 19-4-2021, Ban Chấp hành Đảng bộ hội nghị lần thứ %d để đánh giá tình hình kết quả thực hiện Nghị quyết.</p>
<p>Trong quý I-2021, Đảng bộ và nhân dân thành phố đã tập trung lãnh đạo, tổ chức thực hiện nhiệm vụ chính trị đạt kết quả quan trọng.</p>
<p>Phát biểu chỉ đạo tại hội nghị, Bí thư Thành ủy đề nghị tiếp tục thực hiện các biện pháp tháo gỡ khó khăn cho doanh nghiệp.</p>
</div></div><div class="sidebar"><a href="/admin/login">Quản trị</a><a href="/a%d-a%d.html">Bài khác</a></div>
<span>Lượt xem: %d</span></body></html>`, title, title, n, n, (n%4)+1, (n%4)+1, time.Now().UnixNano())
}

func newMiniSite(t *testing.T) *miniSite {
	m := &miniSite{title: "Hội nghị lần thứ"}
	m.busy.Store(true)
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /admin/\nSitemap: "+m.URL+"/sitemap.xml\n")
	})
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<urlset><url><loc>%s/a4-a4.html</loc><lastmod>2021-04-19</lastmod></url></urlset>`, m.URL)
	})
	mux.HandleFunc("/cat", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Query().Get("p") {
		case "", "1": // the same articles the home page shows first
			fmt.Fprint(w, `<html><body><ul><li><a href="/a1-a1.html">Một</a></li><li><a href="/a2-a2.html">Hai</a></li></ul></body></html>`)
		case "2":
			fmt.Fprint(w, `<html><body><ul><li><a href="/a5-a5.html">Năm</a></li></ul></body></html>`)
		default:
			fmt.Fprint(w, `<html><body><ul></ul></body></html>`)
		}
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Query().Get("p") {
		case "", "1":
			fmt.Fprint(w, `<html><body><ul><li><a href="/a1-a1.html">Một</a></li><li><a href="/a2-a2.html?utm_source=fb">Hai</a></li><li><a href="/admin/x">Quản trị</a></li><li><a href="/files/x.pdf">PDF</a></li></ul></body></html>`)
		case "2":
			fmt.Fprint(w, `<html><body><ul><li><a href="/a3-a3.html">Ba</a></li></ul></body></html>`)
		default:
			fmt.Fprint(w, `<html><body><ul></ul></body></html>`)
		}
	})
	for n := 1; n <= 5; n++ {
		mux.HandleFunc(fmt.Sprintf("/a%d-a%d.html", n, n), func(w http.ResponseWriter, r *http.Request) {
			if n == 3 && m.busy.Swap(false) {
				w.Header().Set("Retry-After", "1")
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			etag := fmt.Sprintf(`"a%d-%s"`, n, strings.ReplaceAll(m.title, " ", ""))
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", etag)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, article(n, fmt.Sprintf("%s %d", m.title, n)))
		})
	}
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		m.log = append(m.log, r.URL.RequestURI())
		m.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(m.Close)
	return m
}

func (m *miniSite) requests() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.log...)
}

func (m *miniSite) config(t *testing.T, extra string) *config.Config {
	yaml := fmt.Sprintf(`user_agent: "newsarchive-test/1.0 (+https://example.invalid)"
sites:
  - name: mini
    start_urls: ["%[1]s/", "%[1]s/cat"]
    article_pattern: '-a\d+\.html$'
    pagination: {param: p, max_pages: 5}
    delay: 0s
    parallelism: 2
    retries: 2
    retry_backoff: 10ms
    timeout: 2s
%[2]s`, m.URL, extra)
	cfg, err := config.Parse("mini.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// tempArchive opens an archive in a temporary directory, closed when the test ends.
func tempArchive(t *testing.T) *archive.Store {
	t.Helper()
	s, err := archive.Open(context.Background(), filepath.Join(t.TempDir(), "a.db"), archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func crawlOnce(t *testing.T, cfg *config.Config, db string, full bool) *Summary {
	t.Helper()
	s, err := archive.Open(context.Background(), db, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sums, err := New(cfg, s, Options{Full: full}).Run(context.Background(), cfg.Sites)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(context.Background()); err != nil {
		t.Fatalf("verify after crawl: %v", err)
	}
	return sums[0]
}

func TestCrawl_Mini(t *testing.T) {
	t.Parallel()
	m := newMiniSite(t)
	cfg := m.config(t, "")
	db := filepath.Join(t.TempDir(), "a.db")

	first := crawlOnce(t, cfg, db, false)
	// a5 is only on /cat?p=2, whose first page repeats the home page's: paging must go on.
	if first.New != 5 || first.Found != 5 || first.ErrorCount() != 0 {
		t.Fatalf("first crawl: %s", first)
	}
	reqs := m.requests()
	for _, r := range reqs {
		if strings.HasPrefix(r, "/admin/") || strings.HasSuffix(r, ".pdf") {
			t.Errorf("requested %s (robots-disallowed or not HTML)", r)
		}
	}
	if n := strings.Count(strings.Join(reqs, " "), "/a3-a3.html"); n != 2 {
		t.Errorf("the 503 article was requested %d times, want 2 (retried after Retry-After)", n)
	}

	// Nothing changed: a default recrawl reads listings and the sitemap, no article.
	before := len(m.requests())
	second := crawlOnce(t, cfg, db, false)
	if second.New+second.NewVersions+second.Unchanged+second.NotModified != 0 || second.Skipped != 3 {
		t.Errorf("second crawl: %s", second)
	}
	if n := len(m.requests()) - before; n >= first.Requests {
		t.Errorf("recrawl made %d requests, the first crawl %d", n, first.Requests)
	}

	// A full crawl rechecks every article with a conditional GET: all 304.
	full := crawlOnce(t, cfg, db, true)
	if full.NotModified != 5 {
		t.Errorf("full crawl: %s", full)
	}
	// A full sweep capped by max_pages still reads the site's entry points first.
	before = len(m.requests())
	capped := crawlOnce(t, m.config(t, "    max_pages: 3\n"), db, true)
	got := m.requests()[before:]
	if !capped.Capped || !slices.Contains(got, "/") {
		t.Errorf("capped full crawl did not read the home page: %s\n%v", capped, got)
	}
	// After a silent edit, the full crawl finds new versions.
	m.mu.Lock()
	m.title = "Hội nghị sửa lần thứ"
	m.mu.Unlock()
	full = crawlOnce(t, cfg, db, true)
	if full.NewVersions != 5 {
		t.Errorf("full crawl after edits: %s", full)
	}
}

// TestCrawl_RobotsUnavailable: a robots.txt answering 503 keeps the host uncrawled, and the
// summary says so instead of reporting a quiet success.
func TestCrawl_RobotsUnavailable(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "<html><body>x</body></html>")
	}))
	defer srv.Close()
	cfg, err := config.Parse("r.yaml", []byte(fmt.Sprintf(`user_agent: "t/1 (+https://example.invalid)"
sites:
  - name: r
    start_urls: ["%s/"]
    retries: 1
    retry_backoff: 0s
    delay: 0s # the default 2 s between the two requests for robots.txt is not what is tested
`, srv.URL)))
	if err != nil {
		t.Fatal(err)
	}
	s := crawlOnce(t, cfg, filepath.Join(t.TempDir(), "a.db"), false)
	if s.Errors["robots-unavailable"] == 0 || !s.Failed() || !strings.Contains(s.String(), "robots.txt unavailable") {
		t.Errorf("summary: %s", s)
	}
}

func TestBackoff_Zero(t *testing.T) {
	if d, ok := backoff(3, 0, nil); d != 0 || !ok {
		t.Errorf("backoff with retry_backoff 0s = %v, %v; want an immediate retry", d, ok)
	}
}
