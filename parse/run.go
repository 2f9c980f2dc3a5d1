package parse

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// extraction is the state of one Extract call.
type extraction struct {
	x     *Extractor
	doc   *html.Node
	prof  *Profile
	url   string
	trace *Trace // nil unless explaining
}

// agencyTag opens a lead with the paper's tag: "BDK.VN - ", "(CTO) - ", "BDK - ", "TTXVN - ".
var agencyTag = regexp.MustCompile(`^\(?[\p{Lu}0-9.]{2,14}\)?(\.VN)?\s*[-–—]\s+\S`)

func (e *extraction) run() Article {
	base := baseURL(e.doc, e.url)
	a := Article{URL: e.url, Canonical: canonicalURL(e.doc, base)}
	if e.prof != nil {
		a.Profile = e.prof.Name
		for _, sel := range e.prof.Remove {
			removeNodes(selectAll(e.doc, sel))
		}
	}
	var titleNode *html.Node
	a.Title, titleNode = e.title()
	a.Published = e.date(titleNode)
	lead := e.lead(titleNode)
	byline := e.byline()
	// Read before the chrome is stripped: an article header is chrome to the body finder.
	headerLine := headerByline(e.doc, titleNode)
	structured := structuredAuthors(e.doc)

	body := findFirst(e.doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	if body == nil {
		body = e.doc
	}
	roots := e.profileRoots()
	st := nodeStats(body)
	var blocks []rawBlock
	if roots != nil {
		roots = withCompanions(roots[0], st)
		for _, r := range roots {
			stripJunk(r, st, false, e.trace)
			blocks = append(blocks, walkBlocks(r)...)
		}
	} else {
		stripJunk(body, st, false, e.trace)
		all := walkBlocks(body)
		roots = chooseRoots(all, st, titleNode, e.trace)
		blocks = within(all, roots)
	}
	kept := filterBlocks(blocks, a.Title)
	kept, a.Lead = takeLead(kept, lead)
	kept, a.Byline = takeByline(kept, byline)
	if a.Byline == "" {
		a.Byline = headerLine
	}
	a.Author = chooseAuthor(a.Byline, structured)
	for _, b := range kept {
		a.Blocks = append(a.Blocks, Block{Kind: b.kind, Text: b.text})
		if b.kind == Caption {
			a.Captions = append(a.Captions, b.text)
		}
	}
	a.Language = language(e.doc, a.Title+" "+a.Lead+" "+a.sample())
	a.IsArticle = isArticle(a, roots)
	if a.IsArticle {
		a.Images = articleImages(roots, base)
	}
	return a
}

func (e *extraction) title() (string, *html.Node) {
	if e.prof != nil && e.prof.Title != "" {
		if n := selectFirst(e.doc, e.prof.Title); n != nil {
			if t := trimTitle(textOf(n)); t != "" {
				return t, n
			}
		}
		e.x.warnOnce(e.prof, "title", e.url)
	}
	return findTitle(e.doc)
}

func (e *extraction) date(titleNode *html.Node) Date {
	if e.prof != nil && e.prof.Date != "" {
		if n := selectFirst(e.doc, e.prof.Date); n != nil {
			for _, s := range []string{attr(n, "datetime"), attr(n, "content"), textOf(n)} {
				if d, ok := ParseDate(s); ok {
					return d
				}
			}
		}
		e.x.warnOnce(e.prof, "date", e.url)
	}
	return findDate(e.doc, e.url, titleNode)
}

// lead returns the text of a marked standfirst: the profile's, or the first element after the
// title whose class names a lead ("sapo", "detail-desc", …).
func (e *extraction) lead(titleNode *html.Node) string {
	if e.prof != nil && e.prof.Lead != "" {
		if n := selectFirst(e.doc, e.prof.Lead); n != nil {
			if t := textOf(n); t != "" {
				return t
			}
		}
		e.x.warnOnce(e.prof, "lead", e.url)
	}
	passed := titleNode == nil
	var found string
	findFirst(e.doc, func(n *html.Node) bool {
		if n == titleNode {
			passed = true
		}
		if !passed || dropTags[n.DataAtom] || n.DataAtom == atom.Meta || !leadWords.match(classID(n)) {
			return false
		}
		if findFirst(n, func(c *html.Node) bool { return c.DataAtom == atom.H1 }) != nil {
			return false
		}
		// A standfirst is one paragraph (two at most); a container of many is the body itself,
		// as in Drupal's "field-type-text-with-summary".
		if len(walkBlocks(n)) > 2 {
			return false
		}
		t := textOf(n)
		if w := wordCount(t); w >= 8 && w <= 500 && linkShare(n) < 0.3 {
			found = t
			return true
		}
		return false
	})
	return found
}

func (e *extraction) byline() string {
	if e.prof == nil || e.prof.Byline == "" {
		return ""
	}
	if n := selectFirst(e.doc, e.prof.Byline); n != nil {
		if t := textOf(n); t != "" && wordCount(t) <= 15 {
			return t
		}
	}
	e.x.warnOnce(e.prof, "byline", e.url)
	return ""
}

// profileRoots returns the profile's body element, or nil to use the generic extractor. The
// selector list is tried in order; where one selector matches several elements (a portal reusing
// "journal-content-article" for its contact header and banners), the one with the most text wins.
func (e *extraction) profileRoots() []*html.Node {
	if e.prof == nil || e.prof.Body == "" {
		return nil
	}
	for _, sel := range strings.Split(e.prof.Body, ",") {
		var best *html.Node
		bestLen := 0
		for _, n := range selectAll(e.doc, sel) {
			if l := len(textOf(n)); l > bestLen {
				best, bestLen = n, l
			}
		}
		if best != nil {
			return []*html.Node{best}
		}
	}
	e.x.warnOnce(e.prof, "body", e.url)
	return nil
}

func linkShare(n *html.Node) float64 {
	st := nodeStats(n)
	return st[n].linkDensity()
}

func within(blocks []rawBlock, roots []*html.Node) []rawBlock {
	var out []rawBlock
	for _, b := range blocks {
		for _, r := range roots {
			if isAncestor(r, b.container) {
				out = append(out, b)
				break
			}
		}
	}
	return out
}

// filterBlocks drops chrome lines, link lists, the repeated title, bare date lines and repeated
// captions, and marks the captions that follow photos.
func filterBlocks(blocks []rawBlock, title string) []rawBlock {
	var out []rawBlock
	foldedTitle := Fold(title)
	seen := map[string]bool{}
	for _, b := range blocks {
		n := len(b.text)
		switch {
		case b.linkChars*2 > n:
			continue
		case b.words <= maxBoilerWords && isBoilerplateLine(b.text):
			continue
		case foldedTitle != "" && n <= 2*len(title)+8 && Fold(b.text) == foldedTitle:
			continue
		case isDateLine(b.text):
			continue
		case isPromoLine(b):
			continue
		}
		words := b.words
		if b.kind != Heading && (b.caption || (b.afterImg && words <= 60 && (b.center || b.emphasis || sameText(b.text, b.imgAlt)))) {
			b.kind = Caption
		}
		if len(out) > 0 && out[len(out)-1].text == b.text {
			continue
		}
		if b.kind == Caption && seen[b.text] {
			continue
		}
		seen[b.text] = true
		out = append(out, b)
	}
	return out
}

func sameText(a, b string) bool {
	return a != "" && b != "" && Fold(a) == Fold(b)
}

// isDateLine reports a short line that is only a date, such as "(Cập nhật: 23/07/2020)".
func isDateLine(s string) bool {
	if utf8.RuneCountInString(s) > 60 {
		return false
	}
	if _, ok := ParseDate(s); !ok {
		return false
	}
	letters := 0
	for _, f := range strings.Fields(Fold(s)) {
		f = strings.Trim(f, "():,-|")
		switch f {
		case "", "cap", "nhat", "ngay", "dang", "gmt+7", "thu", "hai", "ba", "tu", "nam", "sau", "bay", "chu", "nhat,", "luc", "sa", "ch", "am", "pm":
			continue
		}
		if strings.IndexFunc(f, func(r rune) bool { return r >= 'a' && r <= 'z' }) >= 0 {
			letters++
		}
	}
	return letters <= 1
}

// takeLead removes the standfirst from the blocks: the marked one where the page marks it, else a
// first paragraph that opens with the paper's tag ("BDK.VN - …").
func takeLead(blocks []rawBlock, lead string) ([]rawBlock, string) {
	if lead != "" {
		for i := 0; i < len(blocks) && i < 4; i++ {
			if blocks[i].text == lead {
				return append(blocks[:i:i], blocks[i+1:]...), lead
			}
		}
		return blocks, lead
	}
	for i := 0; i < len(blocks) && i < 2; i++ {
		if blocks[i].kind == Paragraph && agencyTag.MatchString(blocks[i].text) {
			return append(blocks[:i:i], blocks[i+1:]...), blocks[i].text
		}
	}
	return blocks, ""
}

// takeByline removes a closing byline or source line from the blocks and returns it; a byline
// the profile found elsewhere on the page wins. A closing line counts when it reads as a byline
// or its element is marked as one (a credit line, a source box beside the body).
func takeByline(blocks []rawBlock, byline string) ([]rawBlock, string) {
	if n := len(blocks); n > 1 {
		last := blocks[n-1]
		if byline != "" && sameText(last.text, byline) {
			return blocks[:n-1], byline
		}
		marked := last.byline && last.words <= maxBylineWords && authorNames(last.text) != ""
		if byline == "" && (last.kind == Paragraph || marked) && (marked || isByline(last.text, last.right)) {
			return blocks[:n-1], last.text
		}
	}
	return blocks, byline
}

// chooseAuthor returns the names for Article.Author: those of the shown byline, or the
// structured data's where the byline shows them (a cleaner spelling) or where there is no byline.
func chooseAuthor(byline string, structured []string) string {
	names := authorNames(byline)
	if len(structured) == 0 {
		return names
	}
	if byline == "" || names == "" {
		return strings.Join(structured, ", ")
	}
	shown := Fold(byline)
	var confirmed []string
	for _, s := range structured {
		if strings.Contains(shown, Fold(s)) {
			confirmed = append(confirmed, s)
		}
	}
	if len(confirmed) > 0 {
		return strings.Join(confirmed, ", ")
	}
	return names
}

// isArticle tells an article from a listing or home page: enough running text in real
// paragraphs, and not a column of headline links.
func isArticle(a Article, roots []*html.Node) bool {
	words, long := wordCount(a.Lead), 0
	if words >= 12 {
		long++
	}
	for _, b := range a.Blocks {
		w := wordCount(b.Text)
		words += w
		if w >= 12 && b.Kind != Caption {
			long++
		}
	}
	if words < 50 || long < 2 {
		return false
	}
	headlines, headlineWords := 0, 0
	for _, r := range roots {
		for _, l := range findAll(r, func(n *html.Node) bool { return n.DataAtom == atom.A }) {
			if w := wordCount(textOf(l)); w >= 4 {
				headlines++
				headlineWords += w
			}
		}
	}
	return !(headlines >= 6 && headlineWords*3 > words)
}

// sample returns some body text for language guessing.
func (a *Article) sample() string {
	var b strings.Builder
	for _, bl := range a.Blocks {
		if b.Len() > 2000 {
			break
		}
		b.WriteString(bl.Text)
		b.WriteByte(' ')
	}
	return b.String()
}
