package parse

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The author comes from what the page shows first, checked against its structured data: a byline
// the profile selects, the closing line of the body, a byline box or credit line beside the body,
// or an author element by the headline (".author", ".detail-author", "a[rel=author]"); failing
// those, JSON-LD "author" or the article:author, dable:author and author meta tags. Article.Byline
// keeps the line as shown, Article.Author only the names in it.

// maxBylineWords is the longest line taken as a byline.
const maxBylineWords = 16

// bylinePrefix matches, after Fold, the words that open a byline or stand before a name in it:
// "Tin, ảnh:", "Bài và ảnh:", "Theo", "Nguồn:", "Tác giả:", "Nhóm PV", "Ảnh:", "By".
var bylinePrefix = regexp.MustCompile(`^\s*(?:(?:tin|bai|anh|video|clip|do hoa|thiet ke|thuc hien|bien tap|bien dich|luoc dich|tong hop|trinh bay|ky thuat)(?:\s*(?:,|va|-|&|/)\s*(?:anh|video|clip|do hoa))*\s*:|theo|nguon\s*:?|tac gia\s*:?|nhom (?:pv|phong vien)|phong vien|pv|ctv|btv|by|written by|reporter\s*:|source\s*:)\s*`)

// orgName matches, after Fold, names of publications and portals rather than people: a meta
// author "Báo Vĩnh Long" is the site, not a writer.
var orgName = regexp.MustCompile(`^(bao|tap chi|cong thong tin|trang thong tin|dai phat thanh|dai truyen hinh|ban bien tap|toa soan|so |uy ban|ubnd|admin|administrator|quan tri)\b|https?:|www\.|\.(vn|com|net|org)\b`)

// authorNames returns the names in a byline: "Hà Thu" for "Hà Thu (tổng hợp)", "Hồ Hương" for
// "Theo Hồ Hương", "Thu Huyền, Minh Tuấn" for "Tin: Thu Huyền - Ảnh: Minh Tuấn".
func authorNames(byline string) string {
	s := stripPrefix(stripParens(byline))
	var names []string
	for _, part := range splitByline(s) {
		for _, sub := range splitAnd(part) {
			if n := cleanOneName(sub); n != "" && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	return strings.Join(names, ", ")
}

// stripParens removes parenthesised and bracketed asides: "(tổng hợp)", "(TTXVN)", "[ảnh]".
func stripParens(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[':
			depth++
			continue
		case ')', ']':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth == 0 {
			b.WriteRune(r)
		}
	}
	return Clean(b.String())
}

// splitByline cuts a byline at the separators between names.
func splitByline(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '|' || r == '/' || r == '–' || r == '—' || r == '•' || r == '\n'
	})
}

// splitAnd cuts "Hà Thu - Minh Tuấn" and "Hà Thu và Minh Tuấn" in two; callers take each part.
func splitAnd(s string) []string {
	for _, sep := range []string{" - ", " và ", " & ", " and "} {
		if strings.Contains(s, sep) {
			return strings.Split(s, sep)
		}
	}
	return []string{s}
}

// stripPrefix removes the role words opening a byline ("Tin, ảnh:", "Theo", "Nguồn:").
func stripPrefix(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < 3; i++ {
		m := bylinePrefix.FindString(Fold(s))
		if m == "" {
			break
		}
		s = strings.TrimSpace(dropRunes(s, utf8.RuneCountInString(m)))
	}
	return s
}

// cleanOneName strips role prefixes, trailing lower-case remarks and punctuation from one name of
// a byline and returns "" for a part that is no name (a date, a role alone, a sentence).
func cleanOneName(s string) string {
	s = strings.Trim(stripPrefix(s), " .:-–*\"'“”")
	if s == "" || strings.ContainsAny(s, "0123456789@") || wordCount(s) > 8 {
		return ""
	}
	words := strings.Fields(s)
	// Keep the capitalised run: "Hà Thu tổng hợp" is Hà Thu.
	n := 0
	for n < len(words) {
		r, _ := utf8.DecodeRuneInString(words[n])
		if !unicode.IsUpper(r) {
			break
		}
		n++
	}
	if n == 0 {
		return ""
	}
	return strings.Trim(strings.Join(words[:n], " "), " .:-")
}

// dropRunes returns s without its first n runes.
func dropRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[i:]
		}
		n--
	}
	return ""
}

// structuredAuthors returns author names from JSON-LD and meta tags, without the names of
// publications and the site itself.
func structuredAuthors(doc *html.Node) []string {
	site := Fold(metaContent(doc, "og:site_name", "application-name"))
	var raw []string
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
		collectAuthors(v, &raw, 0)
	}
	raw = append(raw, metaContent(doc, "article:author", "dable:author", "og:article:author", "author", "dc.creator", "sailthru.author", "parsely-author"))
	var out []string
	for _, r := range raw {
		for _, part := range splitByline(stripParens(r)) {
			f := Fold(strings.TrimSpace(part))
			if f == "" || f == site || orgName.MatchString(f) {
				continue
			}
			if n := cleanOneName(part); n != "" && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// collectAuthors gathers the names under "author" keys: a string, an object with "name", or a
// list of either. Publishers ("@type": "Organization") are skipped.
func collectAuthors(v any, out *[]string, depth int) {
	if depth > 20 {
		return
	}
	switch t := v.(type) {
	case map[string]any:
		if a, ok := t["author"]; ok {
			authorValue(a, out)
		}
		for k, c := range t {
			if k != "author" {
				collectAuthors(c, out, depth+1)
			}
		}
	case []any:
		for _, c := range t {
			collectAuthors(c, out, depth+1)
		}
	}
}

func authorValue(a any, out *[]string) {
	switch t := a.(type) {
	case string:
		*out = append(*out, t)
	case map[string]any:
		if typ, _ := t["@type"].(string); strings.EqualFold(typ, "Organization") || strings.EqualFold(typ, "NewsMediaOrganization") {
			return
		}
		if n, ok := t["name"].(string); ok {
			*out = append(*out, n)
		}
	case []any:
		for _, c := range t {
			authorValue(c, out)
		}
	}
}

// foreignWords mark containers of other articles or readers' posts, whose author names are not
// the article's.
var foreignWords = newTokenMatcher([]string{"comment", "comments", "binhluan", "binh-luan", "related", "relate",
	"lienquan", "lien-quan", "tinlienquan", "sidebar", "widget", "other-news", "othernews", "tin-khac", "tinkhac",
	"most-read", "doc-nhieu", "popular", "trending", "menu", "nav"}, []string{"comment", "comments", "related"}, nil, []string{"comment"})

// headerByline returns the text of an author element near the headline: after it within the
// first paragraphs, or just before it. Elements inside comment boxes or lists of other articles
// are not the article's.
func headerByline(doc, title *html.Node) string {
	if title == nil {
		return ""
	}
	const beforeWindow, afterWindow = 300, 3000
	pos, titleAt, beforeAt := 0, -1, 0
	var before, after string
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		switch n.Type {
		case html.TextNode:
			pos += len(strings.TrimSpace(n.Data))
			return titleAt < 0 || pos-titleAt < afterWindow
		case html.ElementNode:
			if dropTags[n.DataAtom] || foreignWords.match(classID(n)) {
				return true
			}
			if n == title {
				titleAt = pos
				pos += len(textOf(n))
				return true
			}
			if isAuthorElement(n) {
				if t := bylineText(n); t != "" {
					if titleAt < 0 {
						before, beforeAt = t, pos
						pos += len(t)
						return true
					}
					after = t
					return false
				}
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
	if after == "" && before != "" && titleAt >= 0 && titleAt-beforeAt < beforeWindow {
		return before
	}
	return after
}

// isAuthorElement reports an element marked as holding the author: by class or id words
// ("author", "detail-author", "byline", "tac-gia", "the-article-credit", "content_source"), or
// rel=author or itemprop=author.
func isAuthorElement(n *html.Node) bool {
	if strings.EqualFold(attr(n, "rel"), "author") || strings.EqualFold(attr(n, "itemprop"), "author") {
		return true
	}
	ci := classID(n)
	return ci != "" && bylineWords.match(ci) && !captionWords.match(ci)
}

// bylineText returns an author element's text when it reads as a byline: short, with a name in
// it. A date printed in the same element ("Hà Thu - 10:12 28/3/2025") stays in the text.
func bylineText(n *html.Node) string {
	t := textOf(n)
	if t == "" || wordCount(t) > maxBylineWords || utf8.RuneCountInString(t) > 160 {
		return ""
	}
	if authorNames(t) == "" {
		return ""
	}
	return t
}
