package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenMatcher matches class and id strings by whole words. Each class name is split into
// lower-case words at every non-letter and inside camelCase ("tool-view" is tool, view;
// "VCObjectBoxRelatedNewsItemSapo" is vc, object, box, related, news, item, sapo), so a word never
// matches inside another ("tool" is not in "toolkit", "ad" not in "header").
type tokenMatcher struct {
	// any words match wherever they stand between separators; a key with hyphens matches those
	// words in a row. Inside a camelCase word only strong words and the last hump count:
	// "sliderBox" is a box, "VCObjectBoxRelatedNewsItemSapo" is related.
	any map[string]bool
	// strong words match even as a camelCase hump before others.
	strong map[string]bool
	// head words match only as the last word of a class name, which names what the element is:
	// "article-tool" is a tool bar, while "tool-view" is a view (one site's whole article).
	head map[string]bool
	// infix strings match inside a word, for long distinctive words that CMSes glue to others
	// ("imagecaption", "fbcomments").
	infix []string
}

func newTokenMatcher(any, strong, head, infix []string) tokenMatcher {
	m := tokenMatcher{any: map[string]bool{}, strong: map[string]bool{}, head: map[string]bool{}, infix: infix}
	for _, w := range strong {
		m.strong[w] = true
		m.any[w] = true
	}
	for _, w := range any {
		m.any[w] = true
	}
	for _, w := range head {
		m.head[w] = true
	}
	return m
}

// match reports whether s holds one of the matcher's words.
func (m tokenMatcher) match(s string) bool {
	hit, _ := m.find(s)
	return hit
}

// find returns whether s holds one of the matcher's words, and which: --explain prints it.
func (m tokenMatcher) find(s string) (bool, string) {
	if s == "" {
		return false, ""
	}
	var p1, p2, found string
	eachClassWord(s, func(w string, last, hump bool) bool {
		switch {
		case m.strong[w] || (!hump && m.any[w]):
			found = w
		case p1 != "" && m.any[p1+"-"+w]:
			found = p1 + "-" + w
		case p2 != "" && m.any[p2+"-"+p1+"-"+w]:
			found = p2 + "-" + p1 + "-" + w
		case last && m.head[w]:
			found = w
		default:
			for _, in := range m.infix {
				if len(w) > len(in) && strings.Contains(w, in) {
					found = w
					return false
				}
			}
		}
		if found != "" {
			return false
		}
		if last {
			p1, p2 = "", ""
		} else {
			p2, p1 = p1, w
		}
		return true
	})
	return found != "", found
}

// eachClassWord calls fn with each lower-case word of a class/id string, whether it is the last
// word of its class name, and whether it is a camelCase hump with more humps after it, until fn
// returns false. It allocates nothing for the usual lower-case class names: every element of
// every page goes through here several times.
func eachClassWord(s string, fn func(w string, last, hump bool) bool) {
	var buf [16]classWord
	for len(s) > 0 {
		i := 0
		for i < len(s) && asciiSpace(s[i]) {
			i++
		}
		j := i
		for j < len(s) && !asciiSpace(s[j]) {
			j++
		}
		class := s[i:j]
		s = s[j:]
		if class == "" {
			continue
		}
		words := appendClassWords(buf[:0], class)
		for k, w := range words {
			if !fn(w.text, k == len(words)-1, w.hump) {
				return
			}
		}
	}
}

func asciiSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// classWord is one word of a class name; hump says the next word follows it in camelCase.
type classWord struct {
	text string
	hump bool
}

// splitWords splits one class name at non-letters and camelCase humps, lower-cased.
func splitWords(class string) []string {
	var out []string
	for _, w := range appendClassWords(nil, class) {
		out = append(out, w.text)
	}
	return out
}

// appendClassWords appends the words of one class name to dst, split at non-letters and
// camelCase humps, lower-cased.
func appendClassWords(dst []classWord, class string) []classWord {
	start := -1
	var prev rune
	emit := func(end int, hump bool) {
		if start >= 0 && end > start {
			dst = append(dst, classWord{lower(class[start:end]), hump})
		}
		start = -1
	}
	for i, r := range class {
		if !isWordRune(r) {
			emit(i, false)
			prev = 0
			continue
		}
		if start < 0 {
			start = i
		} else if unicode.IsUpper(r) && unicode.IsLower(prev) {
			emit(i, true) // fooBar
			start = i
		} else if unicode.IsLower(r) && unicode.IsUpper(prev) && i-start > 1 {
			// VCObject: the hump is the capital before this lower-case letter.
			_, size := utf8.DecodeLastRuneInString(class[:i])
			emit(i-size, true)
			start = i - size
		}
		prev = r
	}
	emit(len(class), false)
	return dst
}

// lower is strings.ToLower without the copy for what is lower-case already.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || (c >= 'A' && c <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}

func isWordRune(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r >= 0x80 && unicode.IsLetter(r)
}
