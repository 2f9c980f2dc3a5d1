package parse

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// metaContent returns the content of the first <meta> whose property, name or itemprop is one
// of keys, in the order of keys.
func metaContent(doc *html.Node, keys ...string) string {
	metas := findAll(doc, func(n *html.Node) bool { return n.DataAtom == atom.Meta })
	for _, k := range keys {
		for _, m := range metas {
			if strings.EqualFold(attr(m, "property"), k) || strings.EqualFold(attr(m, "name"), k) || strings.EqualFold(attr(m, "itemprop"), k) {
				if c := Clean(attr(m, "content")); c != "" {
					return c
				}
			}
		}
	}
	return ""
}

// baseURL resolves <base href> against the page URL; links on the migrated Đồng Khởi host are
// relative to it, not to the page.
func baseURL(doc *html.Node, pageURL string) *url.URL {
	page, err := url.Parse(pageURL)
	if err != nil {
		page = &url.URL{}
	}
	if b := findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.Base && attr(n, "href") != "" }); b != nil {
		if u, err := page.Parse(strings.TrimSpace(attr(b, "href"))); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			return u
		}
	}
	return page
}

func canonicalURL(doc *html.Node, base *url.URL) string {
	l := findFirst(doc, func(n *html.Node) bool {
		return n.DataAtom == atom.Link && strings.EqualFold(strings.TrimSpace(attr(n, "rel")), "canonical") && attr(n, "href") != ""
	})
	href := ""
	if l != nil {
		href = attr(l, "href")
	} else {
		href = metaContent(doc, "og:url")
	}
	if href == "" {
		return ""
	}
	u, err := base.Parse(strings.TrimSpace(href))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	u.Fragment = ""
	return u.String()
}

// language returns the declared language's primary subtag, or "vi" when the text is plainly
// Vietnamese.
func language(doc *html.Node, sample string) string {
	if h := findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.Html }); h != nil {
		if l := primaryTag(attr(h, "lang")); l != "" {
			return l
		}
	}
	if l := primaryTag(metaContent(doc, "content-language", "og:locale", "language")); l != "" {
		return l
	}
	if looksVietnamese(sample) {
		return "vi"
	}
	return ""
}

func primaryTag(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_,; "); i >= 0 {
		s = s[:i]
	}
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	return s
}

// looksVietnamese reports text where letters only Vietnamese uses (ơ ư đ ă and the tone marks
// on them) are common.
func looksVietnamese(s string) bool {
	letters, vi := 0, 0
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if r > 0x7f && strings.ContainsRune("ăâđêôơưĂÂĐÊÔƠƯ", r) || (r >= 0x1ea0 && r <= 0x1ef9) {
			vi++
		}
	}
	return letters > 20 && vi*20 >= letters
}

// titleSeparators split a <title> into the headline and the site name.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " » ", " · "}

// findTitle prefers an <h1> (or, failing that, an <h2>) that agrees with <title> or og:title,
// then og:title, then <title> without the site name.
func findTitle(doc *html.Node) (string, *html.Node) {
	docTitle := ""
	if t := findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.Title }); t != nil {
		docTitle = textOf(t)
	}
	og := metaContent(doc, "og:title", "twitter:title", "headline", "dc.title")
	site := metaContent(doc, "og:site_name", "application-name")
	ref := Fold(docTitle + " " + og)
	var first string
	var firstNode *html.Node
	for _, tag := range []atom.Atom{atom.H1, atom.H2} {
		for _, h := range findAll(doc, func(n *html.Node) bool { return n.DataAtom == tag }) {
			t := trimTitle(textOf(h))
			if t == "" {
				continue
			}
			if first == "" && tag == atom.H1 {
				first, firstNode = t, h
			}
			if wordCount(t) >= 2 && strings.Contains(ref, Fold(t)) {
				return t, h
			}
		}
	}
	// A heading that differs a little from <title> ("… công tác năm 2021" against "… năm 2021 –
	// Báo Đồng Khởi") is still the page's headline; a logo heading shares few of its words.
	if first != "" && wordCount(first) >= 3 && overlap(Fold(first), ref) >= 0.6 {
		return first, firstNode
	}
	switch {
	case og != "" && (docTitle == "" || strings.HasPrefix(docTitle, og)):
		return trimTitle(og), firstNode
	case og != "":
		return trimTitle(stripSiteName(og, site)), firstNode
	case docTitle != "":
		return trimTitle(stripSiteName(docTitle, site)), firstNode
	}
	return first, firstNode
}

// overlap is the share of a's words that occur in b.
func overlap(a, b string) float64 {
	in := map[string]bool{}
	for _, w := range strings.Fields(b) {
		in[w] = true
	}
	words := strings.Fields(a)
	n := 0
	for _, w := range words {
		if in[w] {
			n++
		}
	}
	if len(words) == 0 {
		return 0
	}
	return float64(n) / float64(len(words))
}

func trimTitle(s string) string {
	return strings.TrimSpace(strings.TrimRight(Clean(s), " |-–—"))
}

// stripSiteName cuts the site's name from a title: the named site when known, else the shorter
// side of the last separator.
func stripSiteName(t, site string) string {
	for _, sep := range titleSeparators {
		i := strings.LastIndex(t, sep)
		if i <= 0 {
			continue
		}
		head, tail := t[:i], t[i+len(sep):]
		if site != "" {
			if Fold(tail) == Fold(site) {
				return head
			}
			if j := strings.Index(t, sep); j > 0 && Fold(t[:j]) == Fold(site) {
				return t[j+len(sep):]
			}
			continue
		}
		if wordCount(head) >= wordCount(tail) {
			return head
		}
		return tail
	}
	return t
}

// findDate gathers dates from structured data first, then visible date elements and date lines
// near the headline, then the URL, and keeps the most precise one that agrees on the day with the
// first found: JSON-LD on the newspaper CMS gives a bare date, its span.pubdate the time. A
// structured time that is the shown time shifted by whole hours (a local time labelled UTC) yields
// to what the page shows.
func findDate(doc *html.Node, pageURL string, title *html.Node) Date {
	var meta, shown []Date
	add := func(to *[]Date, s string) {
		if d, ok := ParseDate(s); ok {
			*to = append(*to, d)
		}
	}
	add(&meta, metaContent(doc, "article:published_time", "datePublished", "og:published_time", "pubdate", "publishdate", "date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date", "dateCreated"))
	for _, d := range jsonLDDates(doc) {
		add(&meta, d)
	}
	before, after := visibleDates(doc, title)
	nearBefore, nearAfter := nearTitleDates(doc, title)
	for _, s := range after {
		add(&shown, s)
	}
	for _, s := range nearAfter {
		add(&shown, s)
	}
	for _, s := range before {
		add(&shown, s)
	}
	for _, s := range nearBefore {
		add(&shown, s)
	}
	if len(meta)+len(shown) == 0 {
		add(&shown, capNhat(doc))
	}
	cands := append(meta, shown...)
	if d, ok := dateFromURL(pageURL); ok {
		cands = append(cands, d)
	}
	best := bestDate(cands)
	if best.HasTime && len(meta) > 0 {
		for _, s := range shown {
			if s.HasTime && zoneShifted(best.Time, s.Time) {
				return s
			}
		}
	}
	return best
}

// zoneShifted reports two times a whole number of hours apart (1 to 14): the same clock reading
// given in two time zones.
func zoneShifted(a, b time.Time) bool {
	d := a.Sub(b)
	if d < 0 {
		d = -d
	}
	return d >= time.Hour && d <= 14*time.Hour && d%time.Hour == 0
}

// nearTitleDates returns short date lines in elements of any class near the headline: before it
// (within a few hundred characters of text: a date bar above the title) and after it (up to the
// first paragraphs). Many CMSes print "07:12 ngày 24/03/2024" in a class-less div. Only text with
// digits is looked at, so the walk stays cheap on long pages.
func nearTitleDates(doc, title *html.Node) (before, after []string) {
	if title == nil {
		return nil, nil
	}
	const beforeWindow, afterWindow = 400, 2500
	type seen struct {
		text string
		at   int
	}
	var pre []seen
	pos, titleAt := 0, -1
	done := map[*html.Node]bool{}
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		switch n.Type {
		case html.TextNode:
			data := strings.TrimSpace(n.Data)
			pos += len(data)
			if titleAt >= 0 && pos-titleAt > afterWindow {
				return false
			}
			if !strings.ContainsAny(data, "0123456789") {
				return true
			}
			line := lineOf(n)
			if line == nil || done[line] {
				return true
			}
			done[line] = true
			if t, ok := dateLineText(line); ok {
				if titleAt < 0 {
					pre = append(pre, seen{t, pos})
				} else {
					after = append(after, t)
				}
			}
			return true
		case html.ElementNode:
			if dropTags[n.DataAtom] {
				return true
			}
			if n == title {
				titleAt = pos
				pos += len(textOf(n))
				return true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	walk(doc)
	for i := len(pre) - 1; i >= 0 && titleAt >= 0 && titleAt-pre[i].at < beforeWindow; i-- {
		before = append(before, pre[i].text)
	}
	return before, after
}

// lineOf returns the nearest block element holding a text node: the line it is printed on.
func lineOf(n *html.Node) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && (blockTags[p.DataAtom] || p.DataAtom == atom.Time) {
			return p
		}
	}
	return nil
}

// dateLineText returns an element's text when it is a short line giving a date: a date line
// ("Thứ sáu, 28/03/2025 10:12 (GMT+7)") or a short line with a date and time ("Hà Thu | 10:12
// 28/3/2025").
func dateLineText(n *html.Node) (string, bool) {
	t := textOf(n)
	if t == "" || utf8.RuneCountInString(t) > 100 {
		return "", false
	}
	d, ok := ParseDate(t)
	if !ok || !(isDateLine(t) || (d.HasTime && utf8.RuneCountInString(t) <= 80)) {
		return "", false
	}
	return t, true
}

// visibleDates returns the texts of <time> and date-classed elements, split into those before
// and after the title heading: a page's own date follows its heading, while sidebars listing other
// articles with their dates may come first. It stops at the first date after the heading that
// gives a time.
func visibleDates(doc, title *html.Node) (before, after []string) {
	passed := title == nil
	done := false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if done {
			return
		}
		if n == title {
			passed = true
		}
		if n.Type == html.ElementNode {
			if dropTags[n.DataAtom] {
				return
			}
			if t := dateText(n); t != "" {
				if !passed {
					before = append(before, t)
				} else if d, ok := ParseDate(t); ok {
					after = append(after, t)
					done = d.HasTime
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return before, after
}

// dateText returns the text of an element that may hold the page's date, or "".
func dateText(n *html.Node) string {
	if n.DataAtom == atom.Time {
		if t := attr(n, "datetime"); t != "" {
			return t
		}
		return textOf(n)
	}
	if !dateWords.match(classID(n)) {
		return ""
	}
	if t := textOf(n); utf8.RuneCountInString(t) < 80 {
		return t
	}
	return ""
}

func bestDate(cands []Date) Date {
	if len(cands) == 0 {
		return Date{}
	}
	first := cands[0]
	y, m, d := first.Time.Date()
	for _, c := range cands {
		cy, cm, cd := c.Time.Date()
		if c.HasTime && cy == y && cm == m && cd == d {
			return c
		}
	}
	return first
}

// capNhat finds "(Cập nhật: 23/07/2020)" or "Ngày đăng: …" lines the portals print as text.
func capNhat(doc *html.Node) string {
	var found string
	findFirst(doc, func(n *html.Node) bool {
		if dropTags[n.DataAtom] {
			return false
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.TextNode {
				continue
			}
			f := Fold(c.Data)
			if strings.Contains(f, "cap nhat") || strings.Contains(f, "ngay dang") || strings.Contains(f, "ngay dang tin") {
				if _, ok := ParseDate(c.Data); ok {
					found = c.Data
					return true
				}
				if t := textOf(n); utf8.RuneCountInString(t) < 80 {
					if _, ok := ParseDate(t); ok {
						found = t
						return true
					}
				}
			}
		}
		return false
	})
	return found
}

// jsonLDDates returns datePublished values from JSON-LD blocks, however nested.
func jsonLDDates(doc *html.Node) []string {
	var out []string
	for _, s := range findAll(doc, func(n *html.Node) bool {
		return n.DataAtom == atom.Script && strings.Contains(strings.ToLower(attr(n, "type")), "ld+json")
	}) {
		if s.FirstChild == nil {
			continue
		}
		var v any
		if json.Unmarshal([]byte(s.FirstChild.Data), &v) != nil {
			continue
		}
		collectKey(v, "datePublished", &out, 0)
	}
	return out
}

func collectKey(v any, key string, out *[]string, depth int) {
	if depth > 20 {
		return
	}
	switch t := v.(type) {
	case map[string]any:
		if s, ok := t[key].(string); ok {
			*out = append(*out, s)
		}
		for _, c := range t {
			collectKey(c, key, out, depth+1)
		}
	case []any:
		for _, c := range t {
			collectKey(c, key, out, depth+1)
		}
	}
}
