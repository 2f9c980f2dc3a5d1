// Package sitegen generates the article pages of a synthetic news site for storage benchmarks:
// the real chrome of a Báo Đồng Khởi article page (parse/testdata/sites/dongkhoi-004.html: head,
// inline scripts, menus, sidebars, footer) around article text that is unique to every page.
//
// The text comes from a syllable bigram model of the real articles in parse/testdata/sites (see
// chain), so no two pages share paragraphs the way pages built from a fixed stock of paragraphs
// do: a compression dictionary made of some pages must not find the others' text in it, or it
// flatters the ratio. The parts of the chrome that change from page to page on the real site
// change here too: title, lead, URL and id in a dozen places, dates, the view counter, reader
// comments, the "Đọc thêm" related links and the "Tin mới" list of the newest articles.
//
// Pages are deterministic: the same Site seed and index give the same bytes.
package sitegen

import (
	_ "embed"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

//go:embed template.html
var templateHTML string

//go:embed corpus.txt
var corpusText string

// Template markers: the parts of the real page that vary by article, and what replaces them.
const (
	origTitle = "Năng động, sáng tạo thực hiện Nghị quyết Đại hội XII Đảng bộ TP. Bến Tre"
	origSlug  = "nang-dong-sang-tao-thuc-hien-nghi-quyet-dai-hoi-xii-dang-bo-tp-ben-tre-30112020-a80652"
	origID    = "80652"
	origViews = "Lượt xem: 1587"
	origDate  = "30/11/2020"
	origISO   = "2020-11-30"
)

// Page is one generated article page.
type Page struct {
	// URL is the page's canonical URL.
	URL string
	// HTML is the page as the site serves it, about 52 KB.
	HTML []byte
	// Text is the article as the extractor prints it: lead, then paragraphs, captions and
	// intertitles in order, then the byline, separated by blank lines.
	Text string
}

// Site generates the pages of one synthetic site.
type Site struct {
	seed  uint64
	host  string
	chain *chain
	parts []string // template split at the variable regions, see split
	first time.Time
}

// New returns a site whose pages all derive from seed, served from host (no trailing slash,
// e.g. "https://baodongkhoi.vn").
func New(seed uint64, host string) *Site {
	return &Site{seed: seed, host: host, chain: newChain(corpusText), parts: split(templateHTML),
		first: time.Date(2020, 11, 30, 6, 58, 0, 0, time.FixedZone("ICT", 7*3600))}
}

// region names, in the order split returns them between the template's fixed parts.
const (
	regTitle = iota
	regSlug
	regID
	regViews
	regDate
	regISO
	regLead
	regBody
	regComments
	regRelated
	regNewest
)

// split cuts the template into fixed parts, with a one-byte marker (0x00 + region) where a
// variable part goes.
func split(t string) []string {
	cut := func(start, end string, reg int) {
		i := strings.Index(t, start)
		j := strings.Index(t[i+len(start):], end)
		if i < 0 || j < 0 {
			panic("sitegen: template lacks " + start)
		}
		t = t[:i+len(start)] + marker(reg) + t[i+len(start)+j:]
	}
	cut(`<div class="content-fck">`+"\n", "</div>\n</div>\n<div class=\"block_tag\">", regBody)
	cut(`<div class="title-comment">BÌNH LUẬN</div>`+"\n", "<form id=", regComments)
	cut(`<div class="title-related">Đọc thêm</div><ul>`+"\n", "</ul>", regRelated)
	cut(`<ul class="list-news-new">`+"\n", "</ul>", regNewest)
	lead := between(t, `<meta name="description" content="BDK - `, `"`)
	for _, r := range []struct {
		old string
		reg int
	}{{origTitle, regTitle}, {origSlug, regSlug}, {lead, regLead}, {origID, regID}, {origViews, regViews}, {origDate, regDate}, {origISO, regISO}} {
		t = strings.ReplaceAll(t, r.old, marker(r.reg))
	}
	return strings.Split(t, "\x00")
}

func marker(reg int) string { return "\x00" + string(rune('A'+reg)) }

func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		panic("sitegen: template lacks " + start)
	}
	s = s[i+len(start):]
	return s[:strings.Index(s, end)]
}

// article is the variable content of one page.
type article struct {
	i        int
	title    string
	slug     string
	lead     string
	blocks   []block
	byline   string
	time     time.Time
	comments []string
}

type block struct {
	kind byte // 'P' paragraph, 'H' intertitle, 'C' captioned photo
	text string
}

// rng returns the random source of page i's stream k: each part of a page draws from its own
// stream, so a recapture can change one part and leave the others as they were.
func (s *Site) rng(i, k int) *rand.Rand {
	return rand.New(rand.NewPCG(s.seed^uint64(i)*0x9e3779b97f4a7c15, uint64(k)))
}

var bylines = []string{"Kiều Loan", "Hữu Hiệp", "Thu Huyền", "Phan Hân", "Cẩm Trúc", "Minh Đức", "Thanh Đồng", "Hoàng Vũ", "Nguyễn Thị Hạnh"}

// head generates page i's title, slug and time: what other pages show in their lists.
func (s *Site) head(i int) article {
	r := s.rng(i, 0)
	a := article{i: i, title: s.chain.phrase(r, 7, 14)}
	a.time = s.first.Add(time.Duration(i) * (2*time.Hour + 47*time.Minute))
	a.slug = fmt.Sprintf("%s-%s-a%d", slugify(a.title), a.time.Format("02012006"), 80000+i)
	return a
}

// article generates page i's full content; edits > 0 appends that many sentences to its last
// paragraph, as a silent correction does.
func (s *Site) article(i, edits int) article {
	a := s.head(i)
	r := s.rng(i, 1)
	a.lead = s.chain.paragraph(r, 2+r.IntN(2))
	n := 11 + r.IntN(7)
	for k := range n {
		switch {
		case k == 0 || k == n/2 && r.IntN(2) == 0:
			a.blocks = append(a.blocks, block{'C', s.chain.phrase(r, 8, 20) + ". Ảnh: " + bylines[r.IntN(len(bylines))]})
		case k == n/3:
			a.blocks = append(a.blocks, block{'H', s.chain.phrase(r, 4, 9)})
		default:
			a.blocks = append(a.blocks, block{'P', s.chain.paragraph(r, 2+r.IntN(4))})
		}
	}
	a.byline = bylines[r.IntN(len(bylines))]
	for range r.IntN(3) {
		a.comments = append(a.comments, s.chain.sentence(r, 8, 25))
	}
	if edits > 0 {
		re := s.rng(i, 100+edits)
		last := &a.blocks[len(a.blocks)-1]
		for range edits {
			last.text += " " + s.chain.sentence(re, 10, 30)
		}
	}
	return a
}

// Page returns page i (i ≥ 0) as first captured, just after publication.
func (s *Site) Page(i int) Page { return s.Capture(i, 0, 0) }

// Capture returns page i as captured later: later > 0 pages have been published since (the
// "Tin mới" list and the counter move, as they do between two fetches of a real page), and edits
// sentences were appended to the article's last paragraph.
func (s *Site) Capture(i, later, edits int) Page {
	a := s.article(i, edits)
	var b strings.Builder
	b.Grow(56 << 10)
	views := 100 + s.rng(i, 2).IntN(2000) + later*37
	for k, part := range s.parts {
		if k == 0 {
			b.WriteString(part)
			continue
		}
		s.region(&b, &a, int(part[0]-'A'), views, later)
		b.WriteString(part[1:])
	}
	return Page{URL: s.host + "/" + a.slug + ".html", HTML: []byte(b.String()), Text: a.text()}
}

func (s *Site) region(b *strings.Builder, a *article, reg, views, later int) {
	switch reg {
	case regTitle:
		b.WriteString(esc(a.title))
	case regSlug:
		b.WriteString(a.slug)
	case regID:
		fmt.Fprint(b, 80000+a.i)
	case regViews:
		fmt.Fprintf(b, "Lượt xem: %d", views)
	case regDate:
		b.WriteString(a.time.Format("02/01/2006"))
	case regISO:
		b.WriteString(a.time.Format("2006-01-02"))
	case regLead:
		b.WriteString(esc(a.lead))
	case regBody:
		s.body(b, a)
	case regComments:
		for k, c := range a.comments {
			fmt.Fprintf(b, `<div class="item-comment"><p class="name-comment"><b>%s</b> <span class="time">%s</span></p><p class="text-comment">%s</p></div>`+"\n",
				bylines[(a.i+k)%len(bylines)], a.time.Add(time.Duration(k+2)*time.Hour).Format("02/01/2006 15:04"), esc(c))
		}
	case regRelated:
		r := s.rng(a.i, 3)
		for range 6 {
			if a.i == 0 {
				break
			}
			o := s.head(r.IntN(a.i))
			fmt.Fprintf(b, `<li><a href="/%s.html" title="%s">%s</a></li>`+"\n", o.slug, esc(o.title), esc(o.title))
		}
	case regNewest:
		for k := a.i + later; k > a.i+later-10 && k >= 0; k-- {
			o := s.head(k)
			fmt.Fprintf(b, `<li><a href="/%s.html" title="%s"><span class="sprite icodot"></span>%s</a></li>`+"\n", o.slug, esc(o.title), esc(o.title))
		}
	}
}

func (s *Site) body(b *strings.Builder, a *article) {
	dir := a.time.Format("20060102")
	for k, bl := range a.blocks {
		switch bl.kind {
		case 'C':
			fmt.Fprintf(b, `<p style="text-align: center;"><img class="zoomimg" src="/image/fckeditor/upload/%s/%s/images/img%d.jpg" alt="%s" style="width: 640px; height: 427px;" /></p>`+"\n", dir[:4], dir, k+1, esc(bl.text))
			fmt.Fprintf(b, `<p style="text-align: center;"><em>%s</em></p>`+"\n", esc(bl.text))
		case 'H':
			fmt.Fprintf(b, `<p style="text-align: justify;"><strong>%s</strong></p>`+"\n", esc(bl.text))
		default:
			fmt.Fprintf(b, `<p style="text-align: justify;">%s</p>`+"\n", esc(bl.text))
		}
		if k == len(a.blocks)/2 {
			b.WriteString(`<div class="AMN_inread_1 text-center" id="AMN_inread"><div class="lbl-adv">Quảng cáo</div><ins class="adsbygoogle" style="display:block; text-align:center;" data-ad-layout="in-article" data-ad-format="fluid" data-ad-client="ca-pub-4785296138547219" data-ad-slot="8093162718"></ins></div>` + "\n")
		}
	}
	fmt.Fprintf(b, `<p style="text-align: right;">&nbsp;&nbsp; <strong>%s</strong></p>`+"\n", a.byline)
}

// text is the article as the extractor prints it.
func (a *article) text() string {
	parts := []string{"BDK - " + a.lead}
	for _, bl := range a.blocks {
		parts = append(parts, bl.text)
	}
	parts = append(parts, a.byline)
	return strings.Join(parts, "\n\n")
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;")

func esc(s string) string { return escaper.Replace(s) }
