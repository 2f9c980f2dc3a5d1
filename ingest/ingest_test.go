package ingest

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/parse"
)

const testConfig = `user_agent: "newsarchive-test"
sites:
  - name: news
    start_urls: ["https://news.example.vn/", "https://news.example.vn/thoi-su/"]
    allowed_domains: ["news.example.vn", "m.news.example.vn", "old.example.vn"]
    article_pattern: '-a\d+\.html$'
    listing_patterns: ['^https?://[^/]+/[a-z-]+/$']
    pagination: {param: p}
`

func newTestIngester(t *testing.T) *Ingester {
	t.Helper()
	cfg, err := config.Parse("test.yaml", []byte(testConfig))
	if err != nil {
		t.Fatal(err)
	}
	return New(cfg, &parse.Extractor{Profiles: parse.DefaultProfiles()})
}

// articleHTML is an article page; canonical and extra head lines vary by case.
func articleHTML(title, head, body string) []byte {
	return []byte(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>` + title + `</title>` + head + `</head><body>
<header><nav><a href="/">Trang chủ</a> <a href="/thoi-su/">Thời sự</a></nav></header>
<article><h1>` + title + `</h1><div class="date">19/04/2021 14:06</div>
<div class="content">` + body + `</div></article><footer>Báo Đồng Khởi</footer></body></html>`)
}

var longBody = strings.Repeat("<p>Ngày 19-4, Ban Chấp hành Đảng bộ tỉnh Bến Tre tổ chức hội nghị lần thứ 6 để bàn về phát triển kinh tế vùng dừa và chăm lo đời sống người dân các huyện ven biển trong năm tới.</p>\n", 6)

func TestPrepare(t *testing.T) {
	in := newTestIngester(t)
	at := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	const art = "https://news.example.vn/hoi-nghi-a1.html"
	canon := `<link rel="canonical" href="` + art + `">`
	hdr := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	tests := []struct {
		name    string
		ex      Exchange
		key     string
		kind    archive.Kind
		role    archive.Role
		gone    bool
		content bool
		fetches int
		primary string
	}{
		{name: "article", ex: Exchange{URL: art, Status: 200, Body: articleHTML("Hội nghị", canon, longBody), Expect: ExpectArticle},
			key: art, kind: archive.KindArticle, content: true, fetches: 1},
		{name: "tracking parameters are the article", ex: Exchange{URL: art + "?utm_source=fb&zarsrc=1", Status: 200, Body: articleHTML("Hội nghị", canon, longBody)},
			key: art, kind: archive.KindArticle, content: true, fetches: 1},
		{name: "print view", ex: Exchange{URL: "https://news.example.vn/print/hoi-nghi-a1.html", Status: 200, Body: articleHTML("Hội nghị", canon+`<meta name="robots" content="noindex">`, longBody+"<p>"+art+"</p>")},
			key: art, kind: archive.KindArticle, role: archive.RoleAlternate, fetches: 1, primary: art},
		{name: "AMP page", ex: Exchange{URL: "https://news.example.vn/amp/hoi-nghi-a1.html", Status: 200, Body: articleHTML("Hội nghị", canon, longBody)},
			key: art, kind: archive.KindArticle, role: archive.RoleAlternate, fetches: 1, primary: art},
		{name: "mobile host", ex: Exchange{URL: "https://m.news.example.vn/hoi-nghi-a1.html", Status: 200, Body: articleHTML("Hội nghị", canon, longBody), Expect: ExpectArticle},
			key: art, kind: archive.KindArticle, role: archive.RoleAlternate, fetches: 1, primary: art},
		{name: "category-prefixed duplicate", ex: Exchange{URL: "https://news.example.vn/thoi-su/hoi-nghi-a1.html", Status: 200, Body: articleHTML("Hội nghị", canon, longBody), Expect: ExpectArticle},
			key: art, kind: archive.KindArticle, role: archive.RoleAlternate, fetches: 1, primary: art},
		{name: "fetched as the primary, its canonical elsewhere", ex: Exchange{URL: "https://news.example.vn/thoi-su/hoi-nghi-a1.html", Status: 200, Body: articleHTML("Hội nghị", canon, longBody), Expect: ExpectArticle, AsPrimary: true},
			key: "https://news.example.vn/thoi-su/hoi-nghi-a1.html", kind: archive.KindArticle, content: true, fetches: 1},
		{name: "canonical with https and www is the same page", ex: Exchange{URL: "http://news.example.vn/hoi-nghi-a1.html", Status: 200, Body: articleHTML("Hội nghị", `<link rel="canonical" href="https://www.news.example.vn/hoi-nghi-a1.html">`, longBody)},
			key: "http://news.example.vn/hoi-nghi-a1.html", kind: archive.KindArticle, content: true, fetches: 1},
		{name: "old host redirects", ex: Exchange{URL: "https://old.example.vn/hoi-nghi-a1.html", FinalURL: art, Status: 200, Body: articleHTML("Hội nghị", canon, longBody),
			Hops: []Hop{{URL: "https://old.example.vn/hoi-nghi-a1.html", Status: 301, Header: http.Header{"Location": {art}}}}},
			key: art, kind: archive.KindArticle, content: true, fetches: 2},
		{name: "deleted article redirected home", ex: Exchange{URL: art, FinalURL: "https://news.example.vn/", Status: 200, Body: articleHTML("Báo Đồng Khởi", "", longBody),
			Hops: []Hop{{URL: art, Status: 302, Header: http.Header{"Location": {"/"}}}}},
			key: art, gone: true, fetches: 2},
		{name: "not-found page with 200", ex: Exchange{URL: art, Status: 200, Body: articleHTML("Bài viết không tồn tại", "", "<p>Bài viết bạn tìm không tồn tại hoặc đã bị xóa.</p>"), Expect: ExpectArticle},
			key: art, kind: archive.KindArticle, gone: true, fetches: 1},
		{name: "home page", ex: Exchange{URL: "https://news.example.vn/", Status: 200, Body: articleHTML("Báo Đồng Khởi", "", longBody)},
			key: "https://news.example.vn/", kind: archive.KindHub, fetches: 1},
		{name: "a listing's later page", ex: Exchange{URL: "https://news.example.vn/thoi-su/?p=3", Status: 200, Body: articleHTML("Thời sự", "", longBody)},
			key: "https://news.example.vn/thoi-su/?p=3", kind: archive.KindHub, fetches: 1},
		{name: "listing fetched as one", ex: Exchange{URL: "https://news.example.vn/thoi-su/", Status: 200, Body: []byte("<html></html>"), Expect: ExpectHub},
			key: "https://news.example.vn/thoi-su/", kind: archive.KindHub, fetches: 1},
		{name: "sitemap", ex: Exchange{URL: "https://news.example.vn/sitemap.xml", Status: 200, Body: []byte("<urlset/>"), Expect: ExpectResource},
			key: "https://news.example.vn/sitemap.xml", kind: archive.KindResource, fetches: 1},
		{name: "not modified", ex: Exchange{URL: art, Status: 304, Expect: ExpectArticle}, key: art, kind: archive.KindArticle, fetches: 1},
		{name: "404", ex: Exchange{URL: art, Status: 404, Expect: ExpectArticle}, key: art, kind: archive.KindArticle, gone: true, fetches: 1},
		{name: "server error", ex: Exchange{URL: art, Status: 503, Expect: ExpectArticle}, key: art, kind: archive.KindArticle, fetches: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.ex.Time, tt.ex.Header = at, hdr
			pr, err := in.Prepare(tt.ex)
			if err != nil {
				t.Fatal(err)
			}
			if pr.Key != tt.key || (tt.kind != "" && pr.Kind != tt.kind) || pr.Role != tt.role || (pr.Gone != "") != tt.gone || pr.Primary != tt.primary {
				t.Errorf("key %s kind %s role %q gone %q primary %q", pr.Key, pr.Kind, pr.Role, pr.Gone, pr.Primary)
			}
			if len(pr.Fetches) != tt.fetches {
				t.Fatalf("%d fetches, want %d: %+v", len(pr.Fetches), tt.fetches, pr.Fetches)
			}
			if tt.fetches > 0 && (pr.Fetches[0].Content != nil) != tt.content {
				t.Errorf("content %v, want %v", pr.Fetches[0].Content != nil, tt.content)
			}
			for _, f := range pr.Fetches[min(1, len(pr.Fetches)):] {
				if f.Role != archive.RoleRedirect && f.Kind != archive.KindHub {
					t.Errorf("extra fetch %+v", f)
				}
			}
		})
	}
}

func TestPrepare_NoSecrets(t *testing.T) {
	in := newTestIngester(t)
	pr, err := in.Prepare(Exchange{
		URL: "https://user:secret@news.example.vn/hoi-nghi-a1.html", Status: 200, Time: time.Now(), Expect: ExpectArticle,
		Request: http.Header{"Authorization": {"Basic dXNlcjpzZWNyZXQ="}, "Cookie": {"s=1"}, "User-Agent": {"x"}},
		Header:  http.Header{"Content-Type": {"text/html"}}, Body: articleHTML("Hội nghị", "", longBody),
	})
	if err != nil {
		t.Fatal(err)
	}
	f := pr.Fetches[0]
	if strings.Contains(f.URL+f.FetchURL+f.FinalURL, "secret") || f.Request["Authorization"] != nil || f.Request["Cookie"] != nil || f.Request["User-Agent"] == nil {
		t.Errorf("secrets kept: %+v", f)
	}
}
