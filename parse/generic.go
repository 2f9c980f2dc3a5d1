package parse

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// stats are the text and link-text sizes of a subtree, in bytes of trimmed text.
type stats struct {
	text, links int
}

// nodeStats computes text and link-text sizes for every element once, bottom-up.
func nodeStats(root *html.Node) map[*html.Node]stats {
	m := make(map[*html.Node]stats, 1024)
	var walk func(n *html.Node, inLink bool) stats
	walk = func(n *html.Node, inLink bool) stats {
		var s stats
		if n.Type == html.TextNode {
			t := len(strings.TrimSpace(n.Data))
			s.text = t
			if inLink {
				s.links = t
			}
			return s
		}
		if n.Type == html.ElementNode && dropTags[n.DataAtom] {
			return s
		}
		inLink = inLink || n.DataAtom == atom.A
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			cs := walk(c, inLink)
			s.text += cs.text
			s.links += cs.links
		}
		if n.Type == html.ElementNode {
			m[n] = s
		}
		return s
	}
	walk(root, false)
	return m
}

func (s stats) linkDensity() float64 {
	if s.text == 0 {
		return 0
	}
	return float64(s.links) / float64(s.text)
}

// stripJunk removes elements that never hold article text (scripts, forms for comments, hidden
// elements) and, unless keepClasses, the containers whose class or id marks them as chrome.
func stripJunk(root *html.Node, st map[*html.Node]stats, keepClasses bool, tr *Trace) {
	total := st[root].text
	var drop []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.CommentNode {
				drop = append(drop, c)
				continue
			}
			if c.Type != html.ElementNode {
				continue
			}
			if why := junkReason(c, st, keepClasses, total); why != "" {
				drop = append(drop, c)
				tr.dropped(c, st[c], why)
				continue
			}
			walk(c)
		}
	}
	walk(root)
	removeNodes(drop)
}

// junkReason says why an element never holds article text, or "" when it may: the rule that hit
// and, for class rules, the word. --explain prints it.
func junkReason(n *html.Node, st map[*html.Node]stats, keepClasses bool, total int) string {
	if dropTags[n.DataAtom] {
		return "element <" + n.Data + ">"
	}
	if hiddenByStyle(n) {
		return "hidden"
	}
	switch n.DataAtom {
	case atom.Nav, atom.Aside, atom.Footer:
		if !keepClasses {
			return "element <" + n.Data + ">"
		}
		return ""
	case atom.Header:
		if !keepClasses && st[n].text < 400 {
			return "element <header> with under 400 characters"
		}
		return ""
	case atom.Form:
		if st[n].text < 2000 && findFirst(n, func(c *html.Node) bool {
			return c.DataAtom == atom.Textarea || (c.DataAtom == atom.Input && strings.EqualFold(attr(c, "type"), "email"))
		}) != nil {
			return "form with a comment or e-mail field"
		}
		return ""
	case atom.Html, atom.Body, atom.Main, atom.Article:
		return ""
	}
	if keepClasses || phrasing[n.DataAtom] {
		// A link or emphasis inside a sentence ("textTag") is part of the sentence.
		return ""
	}
	if isPromoBox(n, st[n]) {
		return "promo box: opens with a link-to-elsewhere line and is mostly links or a sign-up field"
	}
	ci := classID(n)
	hit, word := junkWords.find(ci)
	if !hit {
		return ""
	}
	s := st[n]
	// Class names are often modifiers on page-wide wrappers ("Page-ad-margins", "wrapper
	// header-style-2"): one that holds a large share of the page's unlinked text stays, and its
	// children are judged instead.
	if s.text*10 > total*3 && s.linkDensity() < 0.5 {
		return ""
	}
	// A container that both sounds like chrome and like content ("content-footer",
	// "main-sidebar-content") is kept when it carries real, unlinked text.
	if contentWords.match(ci) && s.text > 500 && s.linkDensity() < 0.5 {
		return ""
	}
	return "class/id word \"" + word + "\""
}

// phrasing are the inline elements that carry words of a sentence; their classes never make them
// chrome.
var phrasing = map[atom.Atom]bool{
	atom.A: true, atom.Em: true, atom.Strong: true, atom.B: true, atom.I: true, atom.U: true, atom.Font: true,
	atom.Abbr: true, atom.Code: true, atom.Mark: true, atom.Small: true, atom.Sup: true, atom.Sub: true, atom.Time: true,
}

// candidate is an element scored as a possible content root.
type candidate struct {
	score float64
}

// classWeight follows readability: a class or id that names content earns, chrome costs.
func classWeight(n *html.Node) float64 {
	ci := classID(n)
	w := 0.0
	if ci == "" {
		return 0
	}
	if contentWords.match(ci) {
		w += 25
	}
	if junkAttr(ci) {
		w -= 25
	}
	return w
}

func tagWeight(n *html.Node) float64 {
	switch n.DataAtom {
	case atom.Div, atom.Article, atom.Section, atom.Main:
		return 5
	case atom.Pre, atom.Td, atom.Blockquote:
		return 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		return -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		return -5
	}
	return 0
}

// chooseRoots scores the blocks' containers and returns the element(s) that hold the article, in
// document order: the best-scoring container and those of its siblings that look like more of the
// same text.
func chooseRoots(blocks []rawBlock, st map[*html.Node]stats, title *html.Node, tr *Trace) []*html.Node {
	scores := map[*html.Node]*candidate{}
	get := func(n *html.Node) *candidate {
		c, ok := scores[n]
		if !ok {
			// A class weight on a small element (a title bar called "content-title") must not
			// outweigh the paragraphs of the real body: it grows with the element's text.
			c = &candidate{score: tagWeight(n) + classWeight(n)*min(1, float64(st[n].text)/1000)}
			scores[n] = c
		}
		return c
	}
	for _, b := range blocks {
		n := utf8.RuneCountInString(b.text)
		if n < 25 || b.kind == Heading {
			continue
		}
		if b.linkChars*2 > len(b.text) {
			continue
		}
		score := 1 + float64(strings.Count(b.text, ",")) + min(float64(n)/100, 3)
		anc := b.container
		if anc.DataAtom == atom.P || anc.DataAtom == atom.Li || anc.DataAtom == atom.Pre {
			anc = anc.Parent
		}
		for level := 0; anc != nil && anc.Type == html.ElementNode && level < 5; level++ {
			div := 1.0
			switch {
			case level == 1:
				div = 2
			case level > 1:
				div = float64(level) * 3
			}
			get(anc).score += score / div
			if anc.DataAtom == atom.Body {
				break
			}
			anc = anc.Parent
		}
	}
	var top *html.Node
	best := 0.0
	for n, c := range scores {
		c.score *= 1 - st[n].linkDensity()
		if top == nil || c.score > best || (c.score == best && isAncestor(n, top)) {
			top, best = n, c.score
		}
	}
	if top == nil {
		return nil
	}
	first := top
	top = secondLook(top, title, scores, st)
	top = climb(top, scores)
	roots := withSiblings(top, scores, st)
	tr.scored(scores, st, first, top, roots)
	return roots
}

// secondLook replaces a winner that sits next to the headline (a standfirst or summary box) with
// a block elsewhere that holds several times its unlinked text and still scores a fair share of
// its score: such a body lost only to a class penalty or to being split in short paragraphs.
func secondLook(top, title *html.Node, scores map[*html.Node]*candidate, st map[*html.Node]stats) *html.Node {
	if title == nil || !nearTitle(top, title) {
		return top
	}
	own := unlinked(st[top])
	best, bestScore := top, 0.0
	for n, c := range scores {
		s := st[n]
		if isAncestor(n, top) || isAncestor(top, n) || c.score <= 0 || s.linkDensity() > 0.3 {
			continue
		}
		if unlinked(s) >= max(3*own, 600) && c.score >= scores[top].score*0.3 && c.score > bestScore {
			best, bestScore = n, c.score
		}
	}
	return best
}

func unlinked(s stats) int { return s.text - s.links }

// nearTitle reports an element under the headline's parent or grandparent.
func nearTitle(n, title *html.Node) bool {
	p := title.Parent
	for i := 0; i < 2 && p != nil && p.DataAtom != atom.Body; i++ {
		if isAncestor(p, n) {
			return true
		}
		p = p.Parent
	}
	return false
}

// climb moves from the top candidate to an ancestor when the ancestor scores better, or when the
// candidate is its parent's only child: the article is often split over sibling containers.
func climb(top *html.Node, scores map[*html.Node]*candidate) *html.Node {
	for top.Parent != nil && top.Parent.DataAtom != atom.Body && top.Parent.Type == html.ElementNode && onlyElementChild(top) {
		top = top.Parent
	}
	last := 0.0
	if c, ok := scores[top]; ok {
		last = c.score
	}
	threshold := last / 3
	for p := top.Parent; p != nil && p.Type == html.ElementNode && p.DataAtom != atom.Body; p = p.Parent {
		c, ok := scores[p]
		if !ok {
			continue
		}
		if c.score < threshold {
			break
		}
		if c.score > last {
			return p
		}
		last = c.score
	}
	return top
}

func onlyElementChild(n *html.Node) bool {
	for c := n.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c != n && (c.Type == html.ElementNode || (c.Type == html.TextNode && strings.TrimSpace(c.Data) != "")) {
			return false
		}
	}
	return true
}

func withSiblings(top *html.Node, scores map[*html.Node]*candidate, st map[*html.Node]stats) []*html.Node {
	if top.Parent == nil {
		return []*html.Node{top}
	}
	topScore := 0.0
	if c := scores[top]; c != nil {
		topScore = c.score
	}
	threshold := max(10, topScore*0.2)
	topClass := attr(top, "class")
	var roots []*html.Node
	after := false
	for s := top.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s.Type != html.ElementNode {
			continue
		}
		if s == top {
			roots = append(roots, s)
			after = true
			continue
		}
		if companion(s, st, after) {
			roots = append(roots, s)
			continue
		}
		bonus := 0.0
		if topClass != "" && attr(s, "class") == topClass {
			bonus = topScore * 0.2
		}
		if c := scores[s]; c != nil && c.score+bonus >= threshold {
			roots = append(roots, s)
			continue
		}
		if s.DataAtom == atom.P || s.DataAtom == atom.Blockquote || s.DataAtom == atom.Ul || s.DataAtom == atom.Ol || s.DataAtom == atom.H2 || s.DataAtom == atom.H3 {
			ss := st[s]
			ld := ss.linkDensity()
			text := textOf(s)
			n := utf8.RuneCountInString(text)
			if (n > 80 && ld < 0.25) || (n > 0 && n <= 80 && ld == 0 && strings.HasSuffix(text, ".")) {
				roots = append(roots, s)
			}
		}
	}
	return roots
}

// companion reports a sibling of the content root that belongs to the article though it scores
// little: the lead photo with its caption before or after the body, or the source line after it
// ("Nguồn: Bentre.gov.vn" in its own right-aligned div).
func companion(s *html.Node, st map[*html.Node]stats, after bool) bool {
	ss := st[s]
	if ss.text == 0 {
		return false
	}
	if after && ss.linkDensity() <= 0.6 && (isAuthorElement(s) || onlyChildAuthor(s)) && bylineText(s) != "" {
		return true
	}
	if ss.linkDensity() > 0.3 {
		return false
	}
	text := textOf(s)
	if after && isByline(text, alignedRight(s) || findFirst(s, alignedRight) != nil) && !isBoilerplateLine(text) {
		return true
	}
	if wordCount(text) > 60 || findFirst(s, func(n *html.Node) bool { return n.DataAtom == atom.Img }) == nil {
		return false
	}
	return findFirst(s, func(n *html.Node) bool {
		return n.DataAtom == atom.Figcaption || captionWords.match(classID(n))
	}) != nil
}

// onlyChildAuthor reports a wrapper whose one element child is an author element.
func onlyChildAuthor(n *html.Node) bool {
	var only *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			if only != nil {
				return false
			}
			only = c
		}
	}
	return only != nil && isAuthorElement(only)
}

// withCompanions returns root with its companion siblings, in document order.
func withCompanions(root *html.Node, st map[*html.Node]stats) []*html.Node {
	if root.Parent == nil {
		return []*html.Node{root}
	}
	var out []*html.Node
	after := false
	for s := root.Parent.FirstChild; s != nil; s = s.NextSibling {
		switch {
		case s == root:
			out = append(out, s)
			after = true
		case s.Type == html.ElementNode && companion(s, st, after):
			out = append(out, s)
		}
	}
	return out
}
