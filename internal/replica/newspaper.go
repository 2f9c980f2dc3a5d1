package replica

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The newspaper's articles: ids are npIDBase+k for the k-th article, oldest first (k = 1…N in
// generation 1, N+1…N+3 added in generation 2).
const npIDBase = 84100

// SlowPath is the path of the newspaper's slow page, which answers after 3 s, longer than the
// timeout of ConfigYAML: every crawl of the replica waits for its three attempts (6 s). A test
// that is not about timeouts can exclude it from its configuration and not wait.
const SlowPath = "/cham-a999.html"

// The newspaper's special pages.
const (
	npPageSize     = 5
	npFeedItems    = 30
	npSpecialID    = 997
	npSpecialPath  = "/tam-ngung-a997.html"
	npSlowPath     = SlowPath
	npBigPath      = "/lon-a998.html"
	npMissingPath  = "/thong-bao-tuyen-dung-vien-chuc-nam-2026-05012026-a1.html"
	npPDFPath      = "/files/bao-cao.pdf"
	npCalendarDay  = "2026-11-23"
	npSlowDelay    = 3 * time.Second
	npBigSize      = 3 << 20
	npNewArticles  = 3
	npChangedFrom  = 1 // Changed is the article 1 below the newest of generation 1,
	npDeletedFrom  = 2 // Deleted 2 below,
	npSilentFrom   = 4 // Silent 4 below.
	npTrackingUTM  = "?utm_source=facebook&utm_medium=social"
	npTrackingZalo = "?zarsrc=30"
)

// npSection is one of the newspaper's sections.
type npSection struct{ slug, name, desc string }

var npSections = []npSection{
	{"thoi-su", "Thời sự", "Tin tức thời sự, chính trị, hoạt động của Đảng và chính quyền tỉnh Bến Tre."},
	{"kinh-te", "Kinh tế", "Tin tức kinh tế, nông nghiệp, công nghiệp, đầu tư và thương mại tỉnh Bến Tre."},
	{"xa-hoi", "Xã hội", "Tin tức y tế, giáo dục, lao động - việc làm và an sinh xã hội tỉnh Bến Tre."},
}

type npBlockKind int

const (
	npPara npBlockKind = iota
	npHeading
	npPhoto // text is the caption
)

type npBlock struct {
	kind npBlockKind
	text string
}

// npArticle is one newspaper article as one generation serves it.
type npArticle struct {
	k, id, sec  int
	title, path string
	pub, mod    time.Time
	tag, lead   string // the lead is tag + " - " + lead
	blocks      []npBlock
	byline      string
	views       int
	nbspCaption bool // the caption's HTML starts with &nbsp;, as in the seed of 001

	changed, silent, isNew bool

	etagOnce sync.Once
	etagVal  string
}

func (a *npArticle) fullLead() string { return a.tag + " - " + a.lead }

func (a *npArticle) text() string {
	parts := []string{a.fullLead()}
	for _, b := range a.blocks {
		parts = append(parts, b.text)
	}
	return joinText(append(parts, a.byline))
}

// etag is a strong ETag over everything the extractor reads: it changes when, and only when,
// the article changes (not with the view counter or the sidebars).
func (a *npArticle) etag() string {
	a.etagOnce.Do(func() {
		parts := []string{a.title, a.pub.String(), a.fullLead(), a.byline}
		for _, b := range a.blocks {
			parts = append(parts, b.text)
		}
		a.etagVal = `"bdk-` + strconv.Itoa(a.id) + "-" + contentHash(parts...) + `"`
	})
	return a.etagVal
}

// clone copies an article for a generation-2 edit.
func (a *npArticle) clone() *npArticle {
	return &npArticle{
		k: a.k, id: a.id, sec: a.sec, title: a.title, path: a.path, pub: a.pub, mod: a.mod,
		tag: a.tag, lead: a.lead, blocks: append([]npBlock(nil), a.blocks...), byline: a.byline,
		views: a.views, nbspCaption: a.nbspCaption,
	}
}

// npGen is what the newspaper serves in one generation.
type npGen struct {
	num     int
	arts    []*npArticle // by k; nil when absent
	all     []*npArticle // listed articles, newest first
	sec     [3][]*npArticle
	special *npArticle
	deleted *npArticle // generation 2: the article that was removed
	today   time.Time
}

func (g *npGen) byID(id int) *npArticle {
	if id == npSpecialID {
		return g.special
	}
	k := id - npIDBase
	if k < 1 || k >= len(g.arts) {
		return nil
	}
	return g.arts[k]
}

// newspaper serves the Báo Đồng Khởi replica.
type newspaper struct {
	s     *Sites
	n     int
	gens  [3]*npGen
	first atomic.Bool // the special article has answered its first request (with a 503)
}

func newNewspaper(s *Sites) *newspaper {
	np := &newspaper{s: s, n: s.opts.Articles}
	n := np.n
	base := make([]*npArticle, n+npNewArticles+1)
	for k := 1; k < len(base); k++ {
		base[k] = np.build(k)
	}
	special := np.specialArticle()

	g1 := &npGen{num: 1, arts: base[:n+1], special: special, today: time.Date(2026, 11, 20, 0, 0, 0, 0, ict)}
	g1.index()

	g2 := &npGen{num: 2, arts: make([]*npArticle, len(base)), special: special, today: time.Date(2026, 11, 21, 0, 0, 0, 0, ict)}
	copy(g2.arts, base)
	for k := n + 1; k < len(base); k++ {
		g2.arts[k].isNew = true
	}
	changed := base[n-npChangedFrom].clone()
	changed.changed = true
	changed.mod = time.Date(2026, 11, 21, 16, 30, 0, 0, ict)
	changed.blocks[0].text += " Số liệu trên đã được đính chính theo báo cáo chính thức của địa phương."
	changed.blocks = append(changed.blocks, npBlock{npPara,
		"Ghi chú của Ban Biên tập: bài viết được cập nhật lúc 16 giờ 30 phút ngày 21-11-2026, đính chính số liệu ở đoạn đầu và bổ sung ý kiến của lãnh đạo địa phương."})
	g2.arts[n-npChangedFrom] = changed

	silent := base[n-npSilentFrom].clone()
	silent.silent = true
	for i := len(silent.blocks) - 1; i >= 0; i-- {
		if silent.blocks[i].kind == npPara {
			silent.blocks[i].text += " Hiện các đơn vị đang tiếp tục rà soát, hoàn thiện hồ sơ để triển khai trong thời gian tới."
			break
		}
	}
	g2.arts[n-npSilentFrom] = silent

	g2.deleted = base[n-npDeletedFrom]
	g2.arts[n-npDeletedFrom] = nil
	g2.index()
	np.gens[1], np.gens[2] = g1, g2
	return np
}

// index builds a generation's listings from its articles.
func (g *npGen) index() {
	for k := len(g.arts) - 1; k >= 1; k-- {
		if a := g.arts[k]; a != nil {
			g.all = append(g.all, a)
			g.sec[a.sec] = append(g.sec[a.sec], a)
		}
	}
}

// pubTime is when article k was published: the newest generation-1 article on 20/11/2026 at
// 17:45, each older one about 2 h 47 min before the next; generation-2 articles on 21/11/2026.
func (np *newspaper) pubTime(k int) time.Time {
	anchor := time.Date(2026, 11, 20, 17, 45, 0, 0, ict)
	if k > np.n {
		return anchor.Add([]time.Duration{13*time.Hour + 30*time.Minute, 16*time.Hour + 10*time.Minute, 20*time.Hour + 25*time.Minute}[(k-np.n-1)%3])
	}
	step := 167
	if np.n > 100000 {
		step = max(30, 21000000/np.n) // keep a huge replica after 1970
	}
	return anchor.Add(-time.Duration((np.n-k)*step+(k*13)%29) * time.Minute)
}

// build makes article k from the story templates and the seed text.
func (np *newspaper) build(k int) *npArticle {
	c := corpus()
	// (story, place) is a bijection of (k-1) mod len(stories)*len(places): 7 is prime to 9.
	i := (k - 1) % (len(stories) * len(places))
	st := stories[i%len(stories)]
	pl := places[(7*(i/len(stories))+i)%len(places)]
	round := (k - 1) / (len(stories) * len(places))
	num := strconv.Itoa(st.base + round*st.step)
	pub := np.pubTime(k)
	a := &npArticle{
		k: k, id: npIDBase + k, sec: st.section, pub: pub, mod: pub,
		title: fill(st.title, pl, num), tag: "BDK.VN",
		views: 150 + (k*37)%4800, nbspCaption: k%4 == 0,
	}
	if k%2 == 0 {
		a.tag = "BDK"
	}
	a.path = "/" + slugify(a.title) + "-" + pub.Format("02012006") + "-a" + strconv.Itoa(a.id) + ".html"
	a.lead = "Ngày " + dmy(pub) + ", " + lowerFirst(fill(st.lead, pl, num))

	paras := 3 + k%4
	start := (k * 7) % len(c.paras)
	for j := range paras {
		a.blocks = append(a.blocks, npBlock{npPara, c.paras[(start+j*5)%len(c.paras)]})
		switch {
		case j == 0:
			a.blocks = append(a.blocks, npBlock{npPhoto, c.captions[(k*3)%len(c.captions)]})
		case j == 1 && k%3 == 0:
			a.blocks = append(a.blocks, npBlock{npHeading, c.headings[(k/3)%len(c.headings)]})
		}
	}
	a.byline = bylines[(k*5)%len(bylines)]
	return a
}

// lowerFirst lower-cases the first letter of a sentence that follows "Ngày …, ", unless it
// starts with a name (an upper-case word that is not the first of a common opening).
func lowerFirst(s string) string {
	for _, w := range []string{"Từ ", "Các ", "Chương ", "Nông "} {
		if strings.HasPrefix(s, w) {
			return strings.ToLower(w[:1]) + s[1:]
		}
	}
	return s
}

// specialArticle is /tam-ngung-a997.html, which answers 503 to its first request.
func (np *newspaper) specialArticle() *npArticle {
	pub := time.Date(2026, 11, 19, 8, 20, 0, 0, ict)
	return &npArticle{
		k: 0, id: npSpecialID, sec: 1, pub: pub, mod: pub, path: npSpecialPath,
		title: "Tạm ngừng cung cấp điện để bảo trì lưới điện tại huyện Giồng Trôm",
		tag:   "BDK.VN",
		lead:  "Công ty Điện lực Bến Tre thông báo tạm ngừng cung cấp điện để bảo trì, sửa chữa lưới điện trên địa bàn huyện Giồng Trôm trong ngày 24-11-2026.",
		blocks: []npBlock{
			{npPara, "Theo đó, thời gian tạm ngừng cung cấp điện từ 7 giờ 30 phút đến 16 giờ 30 phút ngày 24-11-2026. Khu vực mất điện gồm một phần các xã Phong Nẫm, Hưng Lễ, Lương Hòa và thị trấn Giồng Trôm."},
			{npPhoto, "Công nhân Điện lực Giồng Trôm kiểm tra đường dây trung thế. Ảnh: Minh Hải"},
			{npPara, "Trong thời gian bảo trì, ngành điện sẽ thay thế cột điện hư hỏng, vệ sinh sứ cách điện, phát quang hành lang tuyến và lắp đặt thêm thiết bị đóng cắt nhằm nâng cao độ tin cậy cung cấp điện cho khách hàng."},
			{npPara, "Điện lực khuyến cáo người dân, doanh nghiệp chủ động sắp xếp kế hoạch sản xuất, kinh doanh; không đến gần khu vực đang thi công. Mọi thông tin cần hỗ trợ, khách hàng liên hệ Tổng đài chăm sóc khách hàng 19001006 hoặc 19009000."},
		},
		byline: "Tin, ảnh: Minh Hải",
		views:  2841,
	}
}

// articles lists generation gen for Sites.Articles.
func (np *newspaper) articles(gen int) []Article {
	g := np.gens[gen]
	out := make([]Article, 0, len(g.all)+2)
	for _, a := range g.all {
		out = append(out, np.article(a))
	}
	out = append(out, np.article(g.special))
	if g.deleted != nil {
		d := np.article(g.deleted)
		d.Deleted = true
		out = append(out, d)
	}
	return out
}

func (np *newspaper) article(a *npArticle) Article {
	return Article{
		Site: SiteNewspaper, URL: np.s.Newspaper + a.path, Title: a.title, Published: rfc3339(a.pub),
		Text: a.text(), Changed: a.changed, Silent: a.silent, New: a.isNew,
	}
}

var npArticlePath = regexp.MustCompile(`^/[a-z0-9-]+-a(\d+)\.html$`)

func (np *newspaper) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g := np.gens[np.s.Generation()]
	p := r.URL.Path
	switch p {
	case "/":
		np.listing(w, r, g, -1)
		return
	case "/robots.txt":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "User-agent: *\nDisallow: /admin/\nDisallow: /tim-kiem/\n\nSitemap: %s/sitemap.xml\n", np.s.Newspaper)
		return
	case "/sitemap.xml":
		np.sitemap(w, g)
		return
	case "/lich/":
		np.calendar(w, r, g)
		return
	case npPDFPath:
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Length", strconv.Itoa(len(fakePDF)))
		w.Write([]byte(fakePDF))
		return
	case "/tim-kiem/":
		np.search(w, r, g)
		return
	case "/gioi-thieu.html", "/lien-he-quang-cao.html":
		np.static(w, g, p)
		return
	case npSlowPath:
		if !np.s.wait(r.Context(), npSlowDelay) {
			return
		}
		np.slow(w, g)
		return
	case npBigPath:
		np.bigPage(w)
		return
	}
	if strings.HasPrefix(p, "/image/fckeditor/upload/") && strings.HasSuffix(p, ".jpg") {
		servePhoto(w, p)
		return
	}
	if p == "/admin" || strings.HasPrefix(p, "/admin/") {
		np.admin(w)
		return
	}
	if sec, ok := strings.CutPrefix(p, "/rss/cate/"); ok {
		if i := sectionIndex(strings.TrimSuffix(sec, "/")); i >= 0 && strings.HasSuffix(sec, "/") {
			np.feed(w, g, i)
			return
		}
		np.notFound(w, g)
		return
	}
	if rest, ok := strings.CutPrefix(p, "/print/"); ok {
		if m := npArticlePath.FindStringSubmatch("/" + rest); m != nil {
			if a := g.byID(atoi(m[1])); a != nil && a.path == "/"+rest {
				np.print(w, g, a)
				return
			}
		}
		np.notFound(w, g)
		return
	}
	if i := sectionIndex(strings.Trim(p, "/")); i >= 0 {
		if !strings.HasSuffix(p, "/") {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		}
		np.listing(w, r, g, i)
		return
	}
	if m := npArticlePath.FindStringSubmatch(p); m != nil {
		if a := g.byID(atoi(m[1])); a != nil && a.path == p {
			if a == g.special && np.first.CompareAndSwap(false, true) {
				w.Header().Set("Retry-After", "1")
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(http.StatusServiceUnavailable)
				fmt.Fprint(w, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>503 Service Unavailable</title></head><body><h1>Hệ thống đang bảo trì</h1><p>Xin vui lòng quay lại sau ít phút.</p></body></html>\n")
				return
			}
			np.articlePage(w, r, g, a)
			return
		}
	}
	np.notFound(w, g)
}

func sectionIndex(slug string) int {
	for i, s := range npSections {
		if s.slug == slug {
			return i
		}
	}
	return -1
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// pageNumber reads ?<param>=n; anything else is page 1.
func pageNumber(r *http.Request, param string) int {
	if n := atoi(r.URL.Query().Get(param)); n >= 1 {
		return n
	}
	return 1
}

func writeHTML(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write([]byte(body))
}

// modOf is an article's last modification; the signalled correction is dated when generation 2
// was switched on, later than anything fetched before.
func (np *newspaper) modOf(a *npArticle) time.Time {
	if a.changed {
		if at := np.s.gen2At.Load(); at != 0 && time.Unix(0, at).After(a.mod) {
			return time.Unix(0, at).In(a.mod.Location())
		}
	}
	return a.mod
}

// articlePage serves an article, its tracking-parameter duplicates included, with validators.
func (np *newspaper) articlePage(w http.ResponseWriter, r *http.Request, g *npGen, a *npArticle) {
	h := w.Header()
	h.Set("ETag", a.etag())
	mod := np.modOf(a)
	h.Set("Last-Modified", mod.UTC().Format(http.TimeFormat))
	h.Set("Cache-Control", "public, max-age=60")
	if notModified(r, a.etag(), mod) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeHTML(w, http.StatusOK, np.renderArticle(g, a))
}

// sitemap lists every live article with its last modification.
func (np *newspaper) sitemap(w http.ResponseWriter, g *npGen) {
	var b strings.Builder
	b.Grow(len(g.all)*160 + 200)
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
	for _, a := range append(g.all[:len(g.all):len(g.all)], g.special) {
		b.WriteString("<url><loc>")
		b.WriteString(escape(np.s.Newspaper + a.path))
		b.WriteString("</loc><lastmod>")
		b.WriteString(np.modOf(a).Format(time.RFC3339))
		b.WriteString("</lastmod><changefreq>daily</changefreq></url>\n")
	}
	b.WriteString("</urlset>\n")
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write([]byte(b.String()))
}

// feed is the RSS 2.0 feed of a section: its newest articles.
func (np *newspaper) feed(w http.ResponseWriter, g *npGen, sec int) {
	s := npSections[sec]
	list := g.sec[sec]
	if len(list) > npFeedItems {
		list = list[:npFeedItems]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n"+
		"<title>%s - Báo Đồng Khởi</title>\n<link>%s/%s/</link>\n<description>%s</description>\n<language>vi</language>\n"+
		"<copyright>Báo Đồng Khởi</copyright>\n<atom:link href=\"%s/rss/cate/%s/\" rel=\"self\" type=\"application/rss+xml\" />\n",
		escape(s.name), np.s.Newspaper, s.slug, escape(s.desc), np.s.Newspaper, s.slug)
	if len(list) > 0 {
		fmt.Fprintf(&b, "<lastBuildDate>%s</lastBuildDate>\n", list[0].pub.Format(time.RFC1123Z))
	}
	b.WriteString("<image><url>" + np.s.Newspaper + "/images/logo.png</url><title>Báo Đồng Khởi</title><link>" + np.s.Newspaper + "/</link></image>\n")
	for _, a := range list {
		u := escape(np.s.Newspaper + a.path)
		fmt.Fprintf(&b, "<item>\n<title>%s</title>\n<link>%s</link>\n<guid isPermaLink=\"true\">%s</guid>\n"+
			"<description><![CDATA[<a href=\"%s\"><img src=\"%s/image/news/%d/thumb/%d.jpg\" width=\"240\" /></a>%s]]></description>\n<pubDate>%s</pubDate>\n</item>\n",
			escape(a.title), u, u, u, np.s.Newspaper, a.pub.Year(), a.id, escape(a.lead), a.pub.Format(time.RFC1123Z))
	}
	b.WriteString("</channel>\n</rss>\n")
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	w.Write([]byte(b.String()))
}

// fakePDF is a minimal PDF document.
const fakePDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/MediaBox[0 0 595 842]/Parent 2 0 R/Resources<<>>>>endobj\n" +
	"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n" +
	"trailer<</Size 4/Root 1 0 R>>\nstartxref\n178\n%%EOF\n"
