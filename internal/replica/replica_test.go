package replica_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/internal/replica"
	"github.com/newsarchive/newsarchive/internal/testmain"
	"github.com/newsarchive/newsarchive/parse"
)

func start(t testing.TB, opts replica.Options) *replica.Sites {
	t.Helper()
	s := replica.Start(opts)
	t.Cleanup(s.Close)
	return s
}

// client does not follow redirects, so that tests see the 301s.
var client = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// fetch GETs url with headers given as name, value pairs.
func fetch(t testing.TB, url string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func fetchOK(t testing.TB, url string) []byte {
	t.Helper()
	resp, body := fetch(t, url)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	return body
}

var (
	reListing = regexp.MustCompile(`(?s)<ul class="list-news-img-style-1">(.*?)</ul>`)
	reBTitle  = regexp.MustCompile(`<a class="b-title" href="([^"]+)">`)
	reLoc     = regexp.MustCompile(`<loc>([^<]+)</loc><lastmod>([^<]+)</lastmod>`)
	reLink    = regexp.MustCompile(`<link>([^<]+)</link>`)
	reCanon   = regexp.MustCompile(`<link rel="canonical" href="([^"]+)"`)
	reViews   = regexp.MustCompile(`Lượt xem: (\d+)`)
)

// listed returns the article links of a newspaper listing page.
func listed(t testing.TB, page []byte) []string {
	t.Helper()
	m := reListing.FindSubmatch(page)
	if m == nil {
		t.Fatal("no ul.list-news-img-style-1 on the page")
	}
	var out []string
	for _, l := range reBTitle.FindAllSubmatch(m[1], -1) {
		out = append(out, string(l[1]))
	}
	return out
}

// sitemap returns loc → lastmod.
func sitemap(t testing.TB, body []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range reLoc.FindAllSubmatch(body, -1) {
		out[string(m[1])] = string(m[2])
	}
	return out
}

// newspaperArticles returns the ordinary listed newspaper articles of a generation (not the
// special one, not the deleted one).
func newspaperArticles(s *replica.Sites, gen int) []replica.Article {
	var out []replica.Article
	for _, a := range s.Articles(gen) {
		if a.Site == replica.SiteNewspaper && !a.Deleted && !strings.HasSuffix(a.URL, "/tam-ngung-a997.html") {
			out = append(out, a)
		}
	}
	return out
}

func path(s *replica.Sites, a replica.Article) string { return strings.TrimPrefix(a.URL, s.Newspaper) }

func TestNewspaperListings(t *testing.T) {
	t.Parallel()
	s := start(t, replica.Options{})
	arts := newspaperArticles(s, 1)
	if len(arts) != replica.DefaultArticles {
		t.Fatalf("%d newspaper articles, want %d", len(arts), replica.DefaultArticles)
	}
	home := fetchOK(t, s.Newspaper+"/")
	if n := len(home); n < 30<<10 || n > 80<<10 {
		t.Errorf("home page is %d bytes, want 30–80 KB", n)
	}
	for p := 1; p <= 3; p++ {
		body := fetchOK(t, fmt.Sprintf("%s/?p=%d", s.Newspaper, p))
		got := listed(t, body)
		var want []string
		for _, a := range arts[min(len(arts), (p-1)*5):min(len(arts), p*5)] {
			want = append(want, path(s, a))
		}
		if !slices.Equal(got, want) {
			t.Errorf("home page %d lists %q, want %q", p, got, want)
		}
	}
	if got := listed(t, fetchOK(t, s.Newspaper+"/?p=4")); len(got) != 0 {
		t.Errorf("page past the end lists %q", got)
	}
	if !slices.Equal(listed(t, home), listed(t, fetchOK(t, s.Newspaper+"/?p=1"))) {
		t.Error("/ and /?p=1 differ")
	}

	// A section lists its own articles, with <base href> and relative links.
	sec := fetchOK(t, s.Newspaper+"/kinh-te/")
	if !bytes.Contains(sec, []byte(`<base href="`+s.Newspaper+`/" />`)) {
		t.Error("section page has no <base href>")
	}
	got := listed(t, sec)
	if len(got) != 4 { // 12 articles, 15 story kinds of 3 sections: 4 in each
		t.Errorf("/kinh-te/ lists %d articles, want 4", len(got))
	}
	for _, l := range got {
		if strings.HasPrefix(l, "/") || strings.Contains(l, "://") {
			t.Errorf("section link %q is not relative", l)
		}
		fetchOK(t, s.Newspaper+"/"+l)
		if resp, _ := fetch(t, s.Newspaper+"/kinh-te/"+l); resp.StatusCode != http.StatusNotFound {
			t.Errorf("link %q resolved without <base href> answers %s, want 404", l, resp.Status)
		}
	}
	if resp, _ := fetch(t, s.Newspaper+"/kinh-te"); resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/kinh-te/" {
		t.Errorf("/kinh-te: %s to %q, want 301 to /kinh-te/", resp.Status, resp.Header.Get("Location"))
	}

	art := fetchOK(t, arts[0].URL)
	if n := len(art); n < 30<<10 || n > 80<<10 {
		t.Errorf("article page is %d bytes, want 30–80 KB", n)
	}
	for _, want := range []string{`<h1 class="detail-title">`, `<span class="pubdate">`, `<div class="detail-desc"><p><strong>BDK`,
		`<div id="newscontents" class="detail-content">`, `<div class="content-fck">`, `<div class="sharemxh clearfix">`,
		`<div id="comment" class="box-comment">`, `<div class="detail-related">`, `<p style="text-align: right;"><strong>`,
		`href="/print/`, `href="` + s.NewspaperOld + `/`, `?utm_source=facebook&amp;utm_medium=social"`, `?zarsrc=30"`,
		`href="/admin/login"`, `href="/tim-kiem/?q=`, `href="/lich/?ngay=2026-11-23"`, `href="/files/bao-cao.pdf"`,
		`href="/cham-a999.html"`, `href="/lon-a998.html"`, `href="/tam-ngung-a997.html"`, "Lượt xem: "} {
		if !bytes.Contains(art, []byte(want)) {
			t.Errorf("article page lacks %q", want)
		}
	}
}

func TestOldHostRedirects(t *testing.T) {
	t.Parallel()
	s := start(t, replica.Options{})
	a := newspaperArticles(s, 1)[3]
	for _, p := range []string{path(s, a), "/", "/robots.txt", "/thoi-su/?p=2"} {
		resp, _ := fetch(t, s.NewspaperOld+p)
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != s.Newspaper+p {
			t.Errorf("old host %s: %s to %q, want 301 to %q", p, resp.Status, resp.Header.Get("Location"), s.Newspaper+p)
		}
	}
	// Following the redirect lands on the article.
	resp, err := http.Get(s.NewspaperOld + path(s, a))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.String() != a.URL {
		t.Errorf("old host link ends at %s %s, want 200 %s", resp.Request.URL, resp.Status, a.URL)
	}
}

func TestConditionalRequests(t *testing.T) {
	t.Parallel()
	s := start(t, replica.Options{})
	a := newspaperArticles(s, 1)[2]
	resp, body := fetch(t, a.URL)
	etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if resp.StatusCode != http.StatusOK || etag == "" || lm == "" {
		t.Fatalf("article: %s, ETag %q, Last-Modified %q", resp.Status, etag, lm)
	}
	resp2, body2 := fetch(t, a.URL)
	if resp2.Header.Get("ETag") != etag {
		t.Error("ETag changed between two fetches of an unchanged article")
	}
	v1, v2 := reViews.FindSubmatch(body), reViews.FindSubmatch(body2)
	if v1 == nil || v2 == nil || string(v1[1]) == string(v2[1]) {
		t.Errorf("view counter did not change: %q, %q", v1, v2)
	}
	for _, h := range [][]string{{"If-None-Match", etag}, {"If-None-Match", `"x", W/` + etag}, {"If-Modified-Since", lm}} {
		resp, body := fetch(t, a.URL, h...)
		if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("%s: %s: %s with %d bytes, want 304 and no body", h[0], h[1], resp.Status, len(body))
		}
		if resp.Header.Get("ETag") != etag {
			t.Errorf("304 carries ETag %q, want %q", resp.Header.Get("ETag"), etag)
		}
	}
	// If-None-Match wins over If-Modified-Since.
	if resp, _ := fetch(t, a.URL, "If-None-Match", `"other"`, "If-Modified-Since", lm); resp.StatusCode != http.StatusOK {
		t.Errorf("stale ETag with a fresh date: %s, want 200", resp.Status)
	}
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat)
	if resp, _ := fetch(t, a.URL, "If-Modified-Since", old); resp.StatusCode != http.StatusOK {
		t.Errorf("If-Modified-Since 2020: %s, want 200", resp.Status)
	}
	// A tracking-parameter duplicate is the same page, with the clean canonical URL.
	for _, q := range []string{"?utm_source=facebook&utm_medium=social", "?zarsrc=30"} {
		resp, body := fetch(t, a.URL+q)
		m := reCanon.FindSubmatch(body)
		if resp.StatusCode != http.StatusOK || m == nil || string(m[1]) != a.URL || resp.Header.Get("ETag") != etag {
			t.Errorf("%s: %s, canonical %q, ETag %q", q, resp.Status, m, resp.Header.Get("ETag"))
		}
	}
	// The print view is the same article, canonical to it.
	pv := fetchOK(t, s.Newspaper+"/print"+path(s, a))
	if m := reCanon.FindSubmatch(pv); m == nil || string(m[1]) != a.URL {
		t.Errorf("print view canonical %q, want %s", m, a.URL)
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	s := start(t, replica.Options{})
	u := s.Newspaper + "/tam-ngung-a997.html"
	resp, _ := fetch(t, u)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "1" {
		t.Fatalf("first request: %s, Retry-After %q; want 503, 1", resp.Status, resp.Header.Get("Retry-After"))
	}
	for range 2 {
		if resp, _ := fetch(t, u); resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == "" {
			t.Fatalf("later request: %s", resp.Status)
		}
	}
	found := false
	for _, a := range s.Articles(1) {
		found = found || a.URL == u
	}
	if !found {
		t.Error("the 503-then-200 article is not in Articles(1)")
	}
}

func TestRobotsFeedsAndTraps(t *testing.T) {
	t.Parallel()
	s := start(t, replica.Options{})
	robots := string(fetchOK(t, s.Newspaper+"/robots.txt"))
	for _, want := range []string{"User-agent: *", "Disallow: /admin/", "Disallow: /tim-kiem/", "Sitemap: " + s.Newspaper + "/sitemap.xml"} {
		if !strings.Contains(robots, want) {
			t.Errorf("robots.txt lacks %q:\n%s", want, robots)
		}
	}
	if r := string(fetchOK(t, s.Portal+"/robots.txt")); !strings.Contains(r, "Disallow:\n") || strings.Contains(r, "Disallow: /") {
		t.Errorf("portal robots.txt does not allow all:\n%s", r)
	}
	if resp, _ := fetch(t, s.Legacy+"/robots.txt"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("legacy robots.txt: %s, want 404", resp.Status)
	}

	// The sitemap lists every live article with a lastmod; the feeds list each section's.
	arts := newspaperArticles(s, 1)
	sm := sitemap(t, fetchOK(t, s.Newspaper+"/sitemap.xml"))
	if len(sm) != len(arts)+1 {
		t.Errorf("sitemap has %d URLs, want %d", len(sm), len(arts)+1)
	}
	for _, a := range arts {
		if _, ok := sm[a.URL]; !ok {
			t.Errorf("sitemap lacks %s", a.URL)
		}
	}
	inFeeds := 0
	for _, sec := range []string{"thoi-su", "kinh-te", "xa-hoi"} {
		resp, body := fetch(t, s.Newspaper+"/rss/cate/"+sec+"/")
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "rss+xml") ||
			!bytes.Contains(body, []byte(`<rss version="2.0"`)) || !bytes.Contains(body, []byte("<pubDate>")) {
			t.Errorf("feed %s: %s %s", sec, resp.Status, resp.Header.Get("Content-Type"))
		}
		for _, m := range reLink.FindAllSubmatch(body, -1) {
			if strings.Contains(string(m[1]), "-a") {
				inFeeds++
			}
		}
	}
	if inFeeds != len(arts) {
		t.Errorf("feeds list %d articles, want %d", inFeeds, len(arts))
	}
	if resp, _ := fetch(t, s.Newspaper+"/rss/cate/the-thao/"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("feed of a section that does not exist: %s", resp.Status)
	}

	ps := sitemap(t, fetchOK(t, s.Portal+"/sitemap.xml"))
	portal := 0
	for _, a := range s.Articles(1) {
		if a.Site == replica.SitePortal {
			portal++
			if ps[a.URL] != a.Published {
				t.Errorf("portal sitemap lastmod of %s = %q, want %q", a.URL, ps[a.URL], a.Published)
			}
		}
	}
	if portal != 6 {
		t.Errorf("%d portal articles, want 6", portal)
	}

	for p, want := range map[string]int{
		"/admin/login": 200, "/tim-kiem/?q=dong-khoi": 200, "/thong-bao-tuyen-dung-vien-chuc-nam-2026-05012026-a1.html": 404,
		"/https/www.facebook.com/baodongkhoi.vn": 404, "/nope": 404, "/image/news/2026/thumb/84101.jpg": 404,
		"/gioi-thieu.html": 200, "/lien-he-quang-cao.html": 200,
	} {
		if resp, _ := fetch(t, s.Newspaper+p); resp.StatusCode != want {
			t.Errorf("%s: %s, want %d", p, resp.Status, want)
		}
	}
	resp, body := fetch(t, s.Newspaper+"/files/bao-cao.pdf")
	if resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Errorf("PDF: %s %q", resp.Header.Get("Content-Type"), body[:min(8, len(body))])
	}
	// The calendar goes on forever.
	day := fetchOK(t, s.Newspaper+"/lich/?ngay=2026-11-23")
	for _, want := range []string{`href="/lich/?ngay=2026-11-22"`, `href="/lich/?ngay=2026-11-24"`} {
		if !bytes.Contains(day, []byte(want)) {
			t.Errorf("calendar page lacks %s", want)
		}
	}
	far := fetchOK(t, s.Newspaper+"/lich/?ngay=2031-02-28")
	if !bytes.Contains(far, []byte(`href="/lich/?ngay=2031-03-01"`)) {
		t.Error("calendar stops")
	}
}

func TestSlowAndOversizedPages(t *testing.T) {
	t.Parallel()
	s := replica.Start(replica.Options{})
	defer s.Close()
	c := &http.Client{Timeout: 300 * time.Millisecond}
	if resp, err := c.Get(s.Newspaper + "/cham-a999.html"); err == nil {
		resp.Body.Close()
		t.Errorf("slow page answered within 300ms: %s", resp.Status)
	}
	resp, body := fetch(t, s.Newspaper+"/lon-a998.html")
	if resp.StatusCode != http.StatusOK || len(body) < 3<<20 || resp.ContentLength != int64(len(body)) {
		t.Errorf("oversized page: %s, %d bytes, Content-Length %d", resp.Status, len(body), resp.ContentLength)
	}
	// A request to the slow page in flight does not hold Close up.
	go func() {
		if resp, err := http.Get(s.Newspaper + "/cham-a999.html"); err == nil {
			resp.Body.Close()
		}
	}()
	time.Sleep(100 * time.Millisecond)
	t0 := time.Now()
	s.Close()
	if d := time.Since(t0); d > time.Second {
		t.Errorf("Close took %v with the slow page in flight", d)
	}
}

func TestSlowPageAnswersLate(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("takes 3s")
	}
	s := start(t, replica.Options{})
	t0 := time.Now()
	fetchOK(t, s.Newspaper+"/cham-a999.html")
	if d := time.Since(t0); d < 3*time.Second {
		t.Errorf("slow page took %v, want 3s", d)
	}
}

func TestLegacyWindows1258(t *testing.T) {
	t.Parallel()
	s := start(t, replica.Options{})
	var arts []replica.Article
	for _, a := range s.Articles(1) {
		if a.Site == replica.SiteLegacy {
			arts = append(arts, a)
		}
	}
	if len(arts) != 4 {
		t.Fatalf("%d legacy articles, want 4", len(arts))
	}
	for _, a := range arts {
		resp, body := fetch(t, a.URL)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/html; charset=windows-1258" {
			t.Fatalf("%s: %s, %s", a.URL, resp.Status, resp.Header.Get("Content-Type"))
		}
		if utf8.Valid(body) {
			t.Errorf("%s: body is valid UTF-8, want windows-1258 bytes", a.URL)
		}
		if !bytes.ContainsAny(body, "\xcc\xec\xd2\xde\xf2") {
			t.Errorf("%s: no combining tone mark bytes", a.URL)
		}
		dec, err := charmap.Windows1258.NewDecoder().Bytes(body)
		if err != nil {
			t.Fatal(err)
		}
		text := norm.NFC.String(string(dec))
		if !strings.Contains(text, `<font class="tieude">`+a.Title+`</font>`) {
			t.Errorf("%s: decoded page lacks the title %q", a.URL, a.Title)
		}
		for _, p := range strings.Split(a.Text, "\n\n") {
			if !strings.Contains(strings.ReplaceAll(text, "&nbsp;", " "), p) {
				t.Errorf("%s: decoded page lacks %q", a.URL, p)
			}
		}
	}
	page1, page2 := fetchOK(t, s.Legacy+"/tin.asp?trang=1"), fetchOK(t, s.Legacy+"/tin.asp?trang=2")
	if n1, n2 := bytes.Count(page1, []byte(`<a href="xem.asp?id=`)), bytes.Count(page2, []byte(`<a href="xem.asp?id=`)); n1 != 3+4 || n2 != 1+4 {
		t.Errorf("legacy listing pages link %d and %d articles (with the 4 of the sidebar), want 7 and 5", n1, n2)
	}
}

func TestPortal(t *testing.T) {
	t.Parallel()
	s := start(t, replica.Options{})
	p1, p2, p3 := fetchOK(t, s.Portal+"/tin-tuc/"), fetchOK(t, s.Portal+"/tin-tuc/?page=2"), fetchOK(t, s.Portal+"/tin-tuc/?page=3")
	re := regexp.MustCompile(`<h3><a href="(/tin-tuc/chi-tiet/\d+/[a-z0-9-]+)">`)
	if n1, n2, n3 := len(re.FindAll(p1, -1)), len(re.FindAll(p2, -1)), len(re.FindAll(p3, -1)); n1 != 4 || n2 != 2 || n3 != 0 {
		t.Errorf("portal listing pages hold %d, %d, %d articles, want 4, 2, 0", n1, n2, n3)
	}
	if !bytes.Contains(p1, []byte(`href="/tin-tuc/?page=2"`)) {
		t.Error("portal listing has no link to ?page=2")
	}
	var a replica.Article
	for _, x := range s.Articles(1) {
		if x.Site == replica.SitePortal {
			a = x
			break
		}
	}
	page := string(fetchOK(t, a.URL))
	for _, want := range []string{"<b>EMAIL:</b>", "<b>ĐIỆN THOẠI:</b>", "<b>ĐƠN VỊ TRỰC THUỘC:</b>", "<h2>" + a.Title + "</h2>", "<h1>" + a.Title + "</h1>",
		"(Cập nhật: " + a.Published[8:10] + "/" + a.Published[5:7] + "/" + a.Published[:4] + ")", "<b>Nguồn: Bentre.gov.vn</b>"} {
		if !strings.Contains(page, want) {
			t.Errorf("portal article lacks %q", want)
		}
	}
	if resp, _ := fetch(t, s.Portal+"/tin-tuc"); resp.StatusCode != http.StatusMovedPermanently {
		t.Errorf("/tin-tuc: %s, want 301", resp.Status)
	}
}

func TestGeneration2(t *testing.T) {
	t.Parallel()
	s := start(t, replica.Options{})
	gen1 := newspaperArticles(s, 1)
	sm1 := sitemap(t, fetchOK(t, s.Newspaper+"/sitemap.xml"))
	etags := map[string]string{}
	lms := map[string]string{}
	for _, a := range gen1 {
		resp, _ := fetch(t, a.URL)
		etags[a.URL], lms[a.URL] = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	}

	s.SetGeneration(2)
	if s.Generation() != 2 {
		t.Fatal("Generation() != 2")
	}
	var news, changed, silent, deleted []replica.Article
	for _, a := range s.Articles(2) {
		switch {
		case a.New:
			news = append(news, a)
		case a.Changed:
			changed = append(changed, a)
		case a.Silent:
			silent = append(silent, a)
		case a.Deleted:
			deleted = append(deleted, a)
		}
	}
	if len(news) != 4 || len(changed) != 1 || len(silent) != 1 || len(deleted) != 1 {
		t.Fatalf("generation 2: %d new, %d changed, %d silent, %d deleted; want 4 (3 newspaper, 1 portal), 1, 1, 1",
			len(news), len(changed), len(silent), len(deleted))
	}
	text1 := map[string]string{}
	for _, a := range s.Articles(1) {
		text1[a.URL] = a.Text
	}
	for _, a := range append(changed, silent...) {
		if text1[a.URL] == "" || text1[a.URL] == a.Text {
			t.Errorf("%s: generation-2 text is not a new version of the generation-1 text", a.URL)
		}
	}
	if text1[deleted[0].URL] != deleted[0].Text {
		t.Error("the deleted article does not keep its generation-1 text")
	}

	// Listings: the three new articles on top, the deleted one gone.
	top := listed(t, fetchOK(t, s.Newspaper+"/"))
	for i, a := range news[:3] {
		if a.Site != replica.SiteNewspaper || top[i] != path(s, a) {
			t.Errorf("home page item %d = %s, want new article %s", i, top[i], a.URL)
		}
	}
	var all []string
	for p := 1; p <= 4; p++ {
		all = append(all, listed(t, fetchOK(t, fmt.Sprintf("%s/?p=%d", s.Newspaper, p)))...)
	}
	if len(all) != len(gen1)+3-1 || slices.Contains(all, path(s, deleted[0])) {
		t.Errorf("generation 2 lists %d articles (deleted one listed: %v), want %d", len(all), slices.Contains(all, path(s, deleted[0])), len(gen1)+2)
	}

	// Sitemap: new ones in, deleted out, the changed one's lastmod moved, the silent one's not.
	sm2 := sitemap(t, fetchOK(t, s.Newspaper+"/sitemap.xml"))
	for _, a := range news[:3] {
		if _, ok := sm2[a.URL]; !ok {
			t.Errorf("sitemap lacks new %s", a.URL)
		}
	}
	if _, ok := sm2[deleted[0].URL]; ok {
		t.Error("sitemap still lists the deleted article")
	}
	if c := changed[0].URL; sm2[c] <= sm1[c] {
		t.Errorf("changed article lastmod %q, was %q", sm2[c], sm1[c])
	}
	if u := silent[0].URL; sm2[u] != sm1[u] {
		t.Errorf("silent article lastmod %q, was %q", sm2[u], sm1[u])
	}
	for u, lm := range sm1 {
		if u != changed[0].URL && u != deleted[0].URL && sm2[u] != lm {
			t.Errorf("unchanged %s: lastmod %q, was %q", u, sm2[u], lm)
		}
	}
	feeds := ""
	for _, sec := range []string{"thoi-su", "kinh-te", "xa-hoi"} {
		feeds += string(fetchOK(t, s.Newspaper+"/rss/cate/"+sec+"/"))
	}
	if strings.Contains(feeds, deleted[0].URL) || !strings.Contains(feeds, news[0].URL) {
		t.Error("feeds do not follow generation 2")
	}

	// Pages: deleted 404; changed and silent have new ETags; Last-Modified moves only for the
	// changed one; an unchanged article still answers 304 to its generation-1 ETag.
	if resp, _ := fetch(t, deleted[0].URL); resp.StatusCode != http.StatusNotFound {
		t.Errorf("deleted article: %s, want 404", resp.Status)
	}
	for _, a := range append(changed, silent...) {
		resp, _ := fetch(t, a.URL, "If-None-Match", etags[a.URL])
		if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == etags[a.URL] {
			t.Errorf("%s with its old ETag: %s, ETag %q", a.URL, resp.Status, resp.Header.Get("ETag"))
		}
		moved := resp.Header.Get("Last-Modified") != lms[a.URL]
		if moved != a.Changed {
			t.Errorf("%s: Last-Modified %q → %q, changed %v", a.URL, lms[a.URL], resp.Header.Get("Last-Modified"), a.Changed)
		}
	}
	unchanged := gen1[len(gen1)-1]
	if resp, _ := fetch(t, unchanged.URL, "If-None-Match", etags[unchanged.URL]); resp.StatusCode != http.StatusNotModified {
		t.Errorf("unchanged article with its generation-1 ETag: %s, want 304", resp.Status)
	}
	// The portal has one more article.
	if n := len(regexp.MustCompile(`<h3><a href="/tin-tuc/chi-tiet/`).FindAll(fetchOK(t, s.Portal+"/tin-tuc/?page=2"), -1)); n != 3 {
		t.Errorf("portal page 2 holds %d articles in generation 2, want 3", n)
	}

	s.SetGeneration(1)
	if resp, _ := fetch(t, deleted[0].URL); resp.StatusCode != http.StatusOK {
		t.Errorf("back in generation 1 the deleted article answers %s", resp.Status)
	}
}

// TestExtraction reads every article of both generations back through newsarchive's extractor
// with the profile ConfigYAML names: Articles must say what the crawler will archive.
func TestExtraction(t *testing.T) {
	t.Parallel()
	s := start(t, replica.Options{})
	fetch(t, s.Newspaper+"/tam-ngung-a997.html") // the 503
	profiles := map[string]*parse.Profile{}
	for _, p := range parse.DefaultProfiles() {
		profiles[p.Name] = p
	}
	prof := map[string]*parse.Profile{replica.SiteNewspaper: profiles["baodongkhoi"], replica.SitePortal: profiles["bentre-portal"]}
	for gen := 1; gen <= 2; gen++ {
		s.SetGeneration(gen)
		for _, a := range s.Articles(gen) {
			if a.Deleted {
				continue
			}
			if !norm.NFC.IsNormalString(a.Text) || strings.ContainsRune(a.Text, '\u00a0') || strings.Contains(a.Text, "  ") {
				t.Errorf("%s: Text is not clean", a.URL)
			}
			resp, body := fetch(t, a.URL)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s: %s", a.URL, resp.Status)
				continue
			}
			var x parse.Extractor
			got, err := x.Extract(parse.Page{HTML: body, URL: a.URL, ContentType: resp.Header.Get("Content-Type"), Profile: prof[a.Site]})
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != a.Title || got.Published.String() != a.Published || !got.IsArticle {
				t.Errorf("gen %d %s: extracted %q %q (article %v), want %q %q", gen, a.URL, got.Title, got.Published, got.IsArticle, a.Title, a.Published)
			}
			if got.Text() != a.Text {
				t.Errorf("gen %d %s: extracted text\n%s\n\nwant\n%s", gen, a.URL, got.Text(), a.Text)
			}
			if got.Canonical != "" && got.Canonical != a.URL {
				t.Errorf("%s: canonical %s", a.URL, got.Canonical)
			}
		}
	}
	// Listings are not articles.
	for _, u := range []string{s.Newspaper + "/", s.Newspaper + "/thoi-su/", s.Portal + "/tin-tuc/"} {
		var x parse.Extractor
		got, err := x.Extract(parse.Page{HTML: fetchOK(t, u), URL: u})
		if err != nil || got.IsArticle {
			t.Errorf("%s: extracted as an article (%v)", u, err)
		}
	}
}

func TestConfigYAML(t *testing.T) {
	t.Parallel()
	s := start(t, replica.Options{})
	cfg, err := config.Parse("replica.yaml", s.ConfigYAML())
	if err != nil {
		t.Fatalf("%v\n%s", err, s.ConfigYAML())
	}
	if len(cfg.Sites) != 3 {
		t.Fatalf("%d sites", len(cfg.Sites))
	}
	hosts := map[string][]string{
		replica.SiteNewspaper: {s.Newspaper, s.NewspaperOld},
		replica.SitePortal:    {s.Portal},
		replica.SiteLegacy:    {s.Legacy},
	}
	for _, site := range cfg.Sites {
		if site.Delay != 0 || site.Timeout != 2*time.Second || site.MaxBodySize != 1_000_000 || site.Retries != 2 ||
			site.RetryBackoff != 50*time.Millisecond || site.Parallelism < 2 || site.Parallelism > 4 || site.ErrorBudget < 100 || !site.Robots {
			t.Errorf("%s: %+v", site.Name, site)
		}
		for _, h := range hosts[site.Name] {
			if !site.AllowsURL(h + "/x") {
				t.Errorf("%s does not allow %s", site.Name, h)
			}
		}
		for _, u := range site.StartURLs {
			if !strings.HasPrefix(u, "http://127.0.0.1:") {
				t.Errorf("%s: start URL %s is not local", site.Name, u)
			}
			fetch(t, u)
		}
		if site.Recrawl.Due(time.Now().Add(-time.Hour), time.Now().Add(-time.Millisecond), time.Now()) {
			t.Errorf("%s: an article fetched a moment ago is due again", site.Name)
		}
	}
	np, _ := cfg.Site(replica.SiteNewspaper)
	if np.Profile == nil || np.Profile.Name != "baodongkhoi" || np.Pagination.Param != "p" || !np.UseRobotsSitemaps {
		t.Errorf("newspaper: profile %v, pagination %+v", np.Profile, np.Pagination)
	}
	for _, a := range s.Articles(1) {
		site, _ := cfg.Site(a.Site)
		if site == nil || !site.AllowsURL(a.URL) || (site.ArticlePattern != nil && !site.ArticlePattern.MatchString(a.URL)) {
			t.Errorf("%s is not an article of site %s in the configuration", a.URL, a.Site)
		}
	}
	for _, u := range []string{"/print/x-a1.html", "/files/bao-cao.pdf", "/https/www.facebook.com/baodongkhoi.vn"} {
		if !slices.ContainsFunc(np.Exclude, func(re *regexp.Regexp) bool { return re.MatchString(s.Newspaper + u) }) {
			t.Errorf("%s is not excluded", u)
		}
	}
}

func TestRequestLog(t *testing.T) {
	t.Parallel()
	s := start(t, replica.Options{})
	a := newspaperArticles(s, 1)[0]
	resp, _ := fetch(t, a.URL)
	fetch(t, a.URL, "If-None-Match", resp.Header.Get("ETag"))
	fetch(t, s.NewspaperOld+"/robots.txt")
	fetch(t, s.Portal+"/tin-tuc/?page=2")
	fetch(t, s.Legacy+"/robots.txt")
	log := s.Requests()
	want := []struct {
		server, path, query string
		status              int
	}{
		{replica.ServerNewspaper, path(s, a), "", 200},
		{replica.ServerNewspaper, path(s, a), "", 304},
		{replica.ServerNewspaperOld, "/robots.txt", "", 301},
		{replica.ServerPortal, "/tin-tuc/", "page=2", 200},
		{replica.ServerLegacy, "/robots.txt", "", 404},
	}
	if len(log) != len(want) {
		t.Fatalf("%d requests logged, want %d: %+v", len(log), len(want), log)
	}
	for i, w := range want {
		r := log[i]
		if r.Server != w.server || r.Path != w.path || r.RawQuery != w.query || r.Status != w.status || r.Method != "GET" || r.Time.IsZero() {
			t.Errorf("request %d = %s %s %s?%s %d, want %s %s?%s %d", i, r.Server, r.Method, r.Path, r.RawQuery, r.Status, w.server, w.path, w.query, w.status)
		}
	}
	if log[1].Header.Get("If-None-Match") == "" || log[2].Host != strings.TrimPrefix(s.NewspaperOld, "http://") {
		t.Errorf("headers or host not recorded: %v %q", log[1].Header, log[2].Host)
	}
	log[1].Header.Set("If-None-Match", "changed by the caller")
	if s.Requests()[1].Header.Get("If-None-Match") == "changed by the caller" {
		t.Error("Requests returns the log's own headers")
	}

	s.ResetLog()
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("%d requests after ResetLog", n)
	}
	var wg sync.WaitGroup
	for i := range 24 {
		wg.Go(func() {
			resp, err := http.Get([]string{s.Newspaper, s.Portal, s.Legacy}[i%3] + "/")
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	log = s.Requests()
	if len(log) != 24 {
		t.Errorf("%d requests logged, want 24", len(log))
	}
	for i := 1; i < len(log); i++ {
		if log[i].Time.Before(log[i-1].Time) {
			t.Error("log is not in order of arrival")
		}
	}
}

func TestDelay(t *testing.T) {
	t.Parallel()
	s := start(t, replica.Options{Delay: 150 * time.Millisecond})
	t0 := time.Now()
	fetchOK(t, s.Portal+"/")
	if d := time.Since(t0); d < 150*time.Millisecond {
		t.Errorf("response after %v, want at least the 150ms delay", d)
	}
}

// SetDelay replaces Options.Delay for the requests that follow: an hour becomes 150ms.
func TestSetDelay(t *testing.T) {
	t.Parallel()
	s := start(t, replica.Options{Delay: time.Hour})
	s.SetDelay(150 * time.Millisecond)
	c := &http.Client{Timeout: time.Minute} // the hour would end the test here
	t0 := time.Now()
	resp, err := c.Get(s.Portal + "/")
	if err != nil {
		t.Fatalf("the delay was not lowered: %v", err)
	}
	resp.Body.Close()
	if d := time.Since(t0); d < 150*time.Millisecond || resp.StatusCode != http.StatusOK {
		t.Errorf("%s after %v, want 200 after at least the 150ms delay", resp.Status, d)
	}
}

func TestManyArticles(t *testing.T) {
	t.Parallel()
	testmain.WithoutRace(t, "5,000 articles: the size is the point") // 1.4 s of CPU under the detector
	s := start(t, replica.Options{Articles: 5000})
	t0 := time.Now()
	arts := s.Articles(1)
	d := time.Since(t0)
	if len(arts) != 5000+1+6+4 {
		t.Fatalf("%d articles", len(arts))
	}
	t.Logf("Articles(1) with 5000 newspaper articles: %v", d)
	titles, urls, texts := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, a := range arts {
		if titles[a.Title] || urls[a.URL] || texts[a.Text] {
			t.Fatalf("duplicate article %s %q", a.URL, a.Title)
		}
		titles[a.Title], urls[a.URL], texts[a.Text] = true, true, true
	}
	if sm := sitemap(t, fetchOK(t, s.Newspaper+"/sitemap.xml")); len(sm) != 5001 {
		t.Errorf("sitemap has %d URLs, want 5001", len(sm))
	}
	if got := listed(t, fetchOK(t, s.Newspaper+"/?p=1000")); len(got) != 5 || got[4] != path(s, arts[4999]) {
		t.Errorf("last home page lists %q", got)
	}
	if got := listed(t, fetchOK(t, s.Newspaper+"/?p=1001")); len(got) != 0 {
		t.Errorf("page 1001 lists %q", got)
	}
	s.SetGeneration(2)
	if n := len(s.Articles(2)); n != 5000+3+1+7+4 {
		t.Errorf("generation 2 has %d articles", n)
	}
}

func TestSmallOptions(t *testing.T) {
	t.Parallel()
	s := start(t, replica.Options{Articles: 1})
	if n := len(newspaperArticles(s, 1)); n != replica.MinArticles {
		t.Errorf("Articles: 1 gives %d articles, want %d", n, replica.MinArticles)
	}
	defer func() {
		if recover() == nil {
			t.Error("SetGeneration(3) did not panic")
		}
	}()
	s.SetGeneration(3)
}

func BenchmarkArticles(b *testing.B) {
	s := start(b, replica.Options{Articles: 5000})
	for b.Loop() {
		s.Articles(1)
	}
}

func BenchmarkArticlePage(b *testing.B) {
	s := start(b, replica.Options{Articles: 5000})
	arts := s.Articles(1)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		resp, err := http.Get(arts[i%5000].URL)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		b.SetBytes(n)
		i++
	}
}
