package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/internal/testmain"
)

func TestPageLinks(t *testing.T) {
	page := `<html><head><base href="https://dongkhoi.baovinhlong.vn/"></head><body>
<a href="thoi-su/">Thời sự</a>
<a href="/a-19042021-a1.html#comments"> Hội nghị  lần thứ 6 </a>
<a href="https://baodongkhoi.vn/b-a2.html">Bài cũ</a>
<a href="javascript:void(0)">x</a><a href="mailto:a@b.vn">m</a><a href="#top">top</a><a>none</a>
</body></html>`
	got := pageLinks([]byte(page), "https://baodongkhoi.vn/x.html", "text/html")
	want := []link{
		{URL: "https://dongkhoi.baovinhlong.vn/thoi-su/", Title: "Thời sự"},
		{URL: "https://dongkhoi.baovinhlong.vn/a-19042021-a1.html", Title: "Hội nghị lần thứ 6"},
		{URL: "https://baodongkhoi.vn/b-a2.html", Title: "Bài cũ"},
	}
	if len(got) != len(want) {
		t.Fatalf("links = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("link %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestSitemapLinks(t *testing.T) {
	t.Parallel()
	sm := `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://a.vn/x-a1.html</loc><lastmod>2026-11-20T08:00:00+07:00</lastmod></url>
<url><loc> https://a.vn/y-a2.html </loc></url>
</urlset>`
	links, index, err := sitemapLinks([]byte(sm))
	if err != nil || index || len(links) != 2 {
		t.Fatalf("sitemap: %+v %v %v", links, index, err)
	}
	if links[0].Updated.IsZero() || !links[0].Updated.Equal(time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)) || links[1].URL != "https://a.vn/y-a2.html" {
		t.Errorf("links = %+v", links)
	}
	idx := `<sitemapindex><sitemap><loc>https://a.vn/s1.xml</loc></sitemap></sitemapindex>`
	links, index, _ = sitemapLinks([]byte(idx))
	if !index || len(links) != 1 {
		t.Errorf("index: %+v %v", links, index)
	}
	// Entity tricks are not expanded, and a huge sitemap is read only to maxLinks.
	bomb := `<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><urlset><url><loc>https://a.vn/&b;</loc></url></urlset>`
	links, _, _ = sitemapLinks([]byte(bomb))
	for _, l := range links {
		if strings.Contains(l.URL, "aaaa") {
			t.Errorf("entity expanded: %q", l.URL)
		}
	}
	t.Run("past maxLinks", func(t *testing.T) {
		// Nine tenths of the test's CPU under the race detector, in one goroutine.
		testmain.WithoutRace(t, "a sitemap past maxLinks")
		var b strings.Builder
		b.WriteString("<urlset>")
		for range maxLinks + 100 {
			b.WriteString("<url><loc>https://a.vn/x</loc></url>")
		}
		links, _, _ := sitemapLinks([]byte(b.String()))
		if len(links) != maxLinks {
			t.Errorf("huge sitemap gave %d links, want the cap %d", len(links), maxLinks)
		}
	})
}

func TestFeedLinks(t *testing.T) {
	rss := `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>BDK</title>
<item><title>Hội nghị</title><link>https://a.vn/x-a1.html</link><pubDate>Mon, 23 Nov 2026 08:00:00 +0700</pubDate></item>
<item><title>Không link</title></item>
</channel></rss>`
	links, err := feedLinks([]byte(rss))
	if err != nil || len(links) != 1 || links[0].Title != "Hội nghị" || links[0].Updated.IsZero() {
		t.Fatalf("feed: %+v %v", links, err)
	}
	if _, err := feedLinks([]byte("<html>not a feed</html>")); err == nil {
		t.Error("no error for a non-feed")
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"1", time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{"Mon, 23 Nov 2026 08:00:30 GMT", 30 * time.Second, true},
		{"Mon, 23 Nov 2026 07:00:00 GMT", 0, true},
		{"soon", 0, false},
		{"-5", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestCrawl_SitemapsGzippedAndNested crawls a site whose sitemap index nests itself under ever
// new names, and whose article sitemap is gzipped (served as application/x-gzip at a .xml.gz
// URL): the nesting stops at maxSitemapDepth, and the gzipped sitemap's articles are archived.
func TestCrawl_SitemapsGzippedAndNested(t *testing.T) {
	t.Parallel()
	var indexHits atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/index-"):
			indexHits.Add(1)
			var n int
			fmt.Sscanf(r.URL.Path, "/index-%d.xml", &n)
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex><sitemap><loc>http://%s/index-%d.xml</loc></sitemap>
<sitemap><loc>http://%s/news.xml.gz</loc></sitemap></sitemapindex>`, r.Host, n+1, r.Host)
		case r.URL.Path == "/news.xml.gz":
			w.Header().Set("Content-Type", "application/x-gzip")
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			fmt.Fprintf(zw, `<?xml version="1.0"?><urlset><url><loc>http://%[1]s/a-a1.html</loc></url><url><loc>http://%[1]s/b-a2.html</loc></url></urlset>`, r.Host)
			zw.Close()
			w.Write(buf.Bytes())
		case strings.HasSuffix(r.URL.Path, ".html"):
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, strings.Replace(okArticle, "Hội nghị", "Hội nghị "+r.URL.Path, 1))
		default:
			http.NotFound(w, r)
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	cfg, err := config.Parse("s.yaml", fmt.Appendf(nil, `user_agent: "newsarchive-test/1.0 (+https://example.invalid)"
sites:
  - name: maps
    start_urls: ["%[1]s/start.html"]
    sitemaps: ["%[1]s/index-0.xml"]
    article_pattern: '-a\d+\.html$'
    robots: false
    delay: 0s
`, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	store, err := archive.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"), archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	sums, err := New(cfg, store, Options{}).Run(context.Background(), cfg.Sites)
	if err != nil {
		t.Fatal(err)
	}
	s := sums[0]
	if n := indexHits.Load(); n != 1+maxSitemapDepth {
		t.Errorf("%d sitemap indexes fetched, want %d (the depth limit)", n, 1+maxSitemapDepth)
	}
	if s.Errors["sitemap-depth"] == 0 || s.New != 2 {
		t.Errorf("summary %s: want the depth limit noted and both articles of the gzipped sitemap archived", s)
	}
}
