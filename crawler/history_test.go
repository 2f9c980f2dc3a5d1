package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
)

// renderSite is a newspaper on a CMS with no URL pattern the configuration knows: articles at
// /tin/N.html, each with a print view (/in/N.html), an AMP page (/amp/N.html) and a
// category-prefixed duplicate (/thoi-su/N.html), all naming the article as rel=canonical, a
// mobile host serving the same article, and an endless day-by-day calendar. In generation 2,
// article 2 is deleted and redirects to the home page, and article 3 answers 200 with a "không
// tồn tại" page.
type renderSite struct {
	main, mobile *httptest.Server
	gen          atomic.Int32
	mu           sync.Mutex
	log          []string
}

func (s *renderSite) record(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, r.Host+r.URL.RequestURI())
}

func (s *renderSite) requests(match string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, l := range s.log {
		if strings.Contains(l, match) {
			n++
		}
	}
	return n
}

func renderArticle(base string, n int, extra string) string {
	return fmt.Sprintf(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Bến Tre phát triển vùng dừa %[2]d</title>
<link rel="canonical" href="%[1]s/tin/%[2]d.html">%[3]s</head><body>
<nav><a href="/">Trang chủ</a> <a href="/lich?ngay=2026-11-01">Lịch công tác</a></nav>
<article><h1>Bến Tre phát triển vùng dừa %[2]d</h1><div class="date">20/11/2026 08:1%[2]d</div>
<div class="content">
<figure><img src="/anh/%[2]d.png" alt="Vườn dừa"><figcaption>Vườn dừa hữu cơ ở huyện Giồng Trôm.</figcaption></figure>
<p>Ngày 20-11, Ủy ban nhân dân tỉnh Bến Tre tổ chức hội nghị đánh giá kết quả phát triển vùng nguyên liệu dừa hữu cơ năm 2026, với sự tham dự của đại diện các sở, ngành và doanh nghiệp chế biến.</p>
<p>Theo báo cáo, toàn tỉnh hiện có hơn 25.000 ha dừa được chứng nhận hữu cơ, tăng gần 3.000 ha so với cùng kỳ, giúp nông dân tăng thu nhập và ổn định đầu ra cho sản phẩm.</p>
<p>Phát biểu tại hội nghị, lãnh đạo tỉnh đề nghị các địa phương tiếp tục hỗ trợ nông dân liên kết với doanh nghiệp, mở rộng diện tích và nâng cao chất lượng sản phẩm dừa.</p>
</div><p class="tools"><a href="/in/%[2]d.html">In bài</a> <a href="/amp/%[2]d.html">Bản AMP</a></p></article>
</body></html>`, base, n, extra)
}

func newRenderSite(t *testing.T) *renderSite {
	s := &renderSite{}
	s.gen.Store(1)
	html := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		html(w, `<html lang="vi"><head><title>Báo tỉnh</title></head><body><h1>Tin mới</h1><ul>
<li><a href="/tin/1.html">Bến Tre phát triển vùng dừa 1</a></li>
<li><a href="/thoi-su/1.html">Bến Tre phát triển vùng dừa 1 (Thời sự)</a></li>
<li><a href="/tin/2.html">Bến Tre phát triển vùng dừa 2</a></li>
<li><a href="/tin/3.html">Bến Tre phát triển vùng dừa 3</a></li>
<li><a href="`+s.mobile.URL+`/tin/1.html">Bản di động</a></li>
<li><a href="/lich?ngay=2026-11-01">Lịch công tác</a></li></ul></body></html>`)
	})
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		fmt.Fprint(w, "User-agent: *\nDisallow: /admin/\n")
	})
	mux.HandleFunc("/anh/", func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		w.Header().Set("Content-Type", "image/png")
		w.Write(tinyPNG)
	})
	mux.HandleFunc("/lich", func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		day, err := time.Parse("2006-01-02", r.URL.Query().Get("ngay"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		next := day.AddDate(0, 0, 1).Format("2006-01-02")
		html(w, `<html lang="vi"><head><title>Lịch công tác ngày `+day.Format("02/01/2006")+`</title></head><body>
<h1>Lịch công tác ngày `+day.Format("02/01/2006")+`</h1><p>Không có sự kiện.</p><a href="/lich?ngay=`+next+`">Ngày sau ›</a></body></html>`)
	})
	for n := 1; n <= 3; n++ {
		path := fmt.Sprintf("/tin/%d.html", n)
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			s.record(r)
			switch {
			case s.gen.Load() == 2 && n == 2:
				http.Redirect(w, r, "/", http.StatusFound)
			case s.gen.Load() == 2 && n == 3:
				html(w, `<html lang="vi"><head><title>Bài viết không tồn tại</title></head><body><h1>Bài viết không tồn tại</h1><p>Bài viết bạn tìm không tồn tại hoặc đã bị gỡ bỏ. <a href="/">Về trang chủ</a></p></body></html>`)
			default:
				html(w, renderArticle(s.main.URL, n, ""))
			}
		})
		for _, alt := range []string{"/in/", "/amp/", "/thoi-su/"} {
			head := map[string]string{"/in/": `<meta name="robots" content="noindex">`, "/amp/": `<script async src="/amp.js"></script>`}[alt]
			mux.HandleFunc(fmt.Sprintf("%s%d.html", alt, n), func(w http.ResponseWriter, r *http.Request) {
				s.record(r)
				html(w, strings.Replace(renderArticle(s.main.URL, n, head), "<html lang", "<html amp lang", 1))
			})
		}
	}
	s.main = httptest.NewServer(mux)
	s.mobile = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\n")
			return
		}
		html(w, renderArticle(s.main.URL, 1, `<meta name="viewport" content="width=device-width">`))
	}))
	t.Cleanup(func() { s.main.Close(); s.mobile.Close() })
	return s
}

func (s *renderSite) config(t *testing.T) *config.Config {
	host := func(u string) string { return strings.TrimPrefix(u, "http://") }
	cfg, err := config.Parse("render.yaml", fmt.Appendf(nil, `user_agent: "newsarchive-test/1.0 (+https://example.invalid)"
sites:
  - name: render
    start_urls: ["%s/"]
    allowed_domains: ["%s", "%s"]
    delay: 0s
    parallelism: 2
    retries: 1
    retry_backoff: 10ms
    timeout: 20s
`, s.main.URL, host(s.main.URL), host(s.mobile.URL)))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// Alternate renderings never make versions, soft 404s mark pages gone, the calendar costs at
// most the trap budget on the first crawl and nothing after, and alternates learned once are
// not fetched again.
func TestCrawl_RenderingsSoft404sTraps(t *testing.T) {
	t.Parallel()
	s := newRenderSite(t)
	cfg := s.config(t)
	db := filepath.Join(t.TempDir(), "a.db")
	crawlOnce(t, cfg, db, false)

	if n := s.requests(strings.TrimPrefix(s.main.URL, "http://") + "/lich"); n > trapBudget || n == 0 {
		t.Errorf("first crawl: %d calendar requests, want 1 to %d", n, trapBudget)
	}
	st, err := archive.Open(t.Context(), db, archive.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	art := func(n int) string { return fmt.Sprintf("%s/tin/%d.html", s.main.URL, n) }
	for n := 1; n <= 3; n++ {
		p, err := st.Page(t.Context(), art(n))
		if err != nil || p.Versions != 1 || !p.Kind.IsArticle() {
			t.Errorf("article %d after the first crawl: %+v %v", n, p, err)
		}
	}
	cs, _ := st.Captures(t.Context(), art(1))
	alternates := map[string]bool{}
	for _, c := range cs {
		if c.Role == archive.RoleAlternate {
			alternates[c.FetchURL] = true
		}
	}
	if n := s.requests("/anh/"); n != 3 {
		t.Errorf("first crawl fetched %d article photos, want 3", n)
	}
	if img, err := st.Page(t.Context(), s.main.URL+"/anh/1.png"); err != nil || img.Kind != archive.KindImage || img.Captures != 1 {
		t.Errorf("photo of article 1: %+v %v", img, err)
	}
	for _, want := range []string{s.main.URL + "/in/1.html", s.main.URL + "/amp/1.html", s.main.URL + "/thoi-su/1.html", s.mobile.URL + "/tin/1.html"} {
		if !alternates[want] {
			t.Errorf("no alternate capture from %s; have %v", want, alternates)
		}
	}
	if home, err := st.Page(t.Context(), s.main.URL+"/"); err != nil || home.Kind != archive.KindHub || home.Versions != 0 {
		t.Errorf("home page: %+v %v", home, err)
	}
	stats, _ := st.Stats(t.Context())
	st.Close()
	if stats.Articles < 3 || stats.Hubs < 1 || stats.Alternates < 4 {
		t.Errorf("stats: %+v", stats)
	}

	s.gen.Store(2)
	s.mu.Lock()
	s.log = nil
	s.mu.Unlock()
	crawlOnce(t, cfg, db, true)
	if n := s.requests("/lich"); n != 0 {
		t.Errorf("second crawl: %d calendar requests, want 0", n)
	}
	for _, alt := range []string{"/in/", "/amp/", "/thoi-su/", "/anh/"} {
		if n := s.requests(alt); n != 0 {
			t.Errorf("second crawl fetched %d alternate renderings under %s", n, alt)
		}
	}
	st, err = archive.Open(t.Context(), db, archive.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for n, want := range map[int]archive.PageStatus{1: archive.StatusLive, 2: archive.StatusGone, 3: archive.StatusGone} {
		p, err := st.Page(t.Context(), art(n))
		if err != nil || p.Status != want || p.Versions != 1 {
			t.Errorf("article %d after generation 2: %+v %v, want %s with 1 version", n, p, err, want)
		}
	}
	if err := st.Verify(t.Context()); err != nil {
		t.Error(err)
	}
}

// tinyPNG is a 1×1 PNG, an article photo as far as the archive cares.
var tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
