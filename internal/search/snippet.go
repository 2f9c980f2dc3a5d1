package search

import (
	"unicode"
	"unicode/utf8"
)

// snippetRunes is the length of a search result's snippet, about two lines on a phone.
const snippetRunes = 220

// Span is a piece of a snippet; Hit marks a word the query matched.
type Span struct {
	Text string
	Hit  bool
}

// Snippet is an excerpt of a text around the query's words, with the hits marked.
type Snippet []Span

// String returns the snippet's text without marks.
func (s Snippet) String() string {
	var b []byte
	for _, sp := range s {
		b = append(b, sp.Text...)
	}
	return string(b)
}

// word is one word of the original text: its byte range and folded form.
type word struct {
	start, end int
	folded     string
}

// splitWords finds the words of text with their byte offsets, folding each.
func splitWords(text string) []word {
	var out []word
	start := -1
	for i, r := range text {
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			out = append(out, word{start, i, Fold(text[start:i])})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, word{start, len(text), Fold(text[start:])})
	}
	return out
}

// MakeSnippet cuts about n runes of text around the window holding the most distinct query words
// (folded), marking every word that matches one. Without a match it is the text's beginning.
func MakeSnippet(text string, terms []string, n int) Snippet {
	want := map[string]bool{}
	for _, t := range terms {
		want[t] = true
	}
	ws := splitWords(text)
	best, bestScore := 0, -1
	for i := range ws {
		if !want[ws[i].folded] {
			continue
		}
		seen := map[string]bool{}
		for j := i; j < len(ws) && utf8.RuneCountInString(text[ws[i].start:ws[j].end]) <= n; j++ {
			if want[ws[j].folded] {
				seen[ws[j].folded] = true
			}
		}
		if len(seen) > bestScore {
			best, bestScore = i, len(seen)
		}
	}
	start := 0
	if bestScore > 0 {
		// Some context before the first hit, from a word boundary.
		start = ws[best].start
		for k := best; k > 0 && utf8.RuneCountInString(text[ws[k-1].start:ws[best].start]) < n/4; k-- {
			start = ws[k-1].start
		}
	}
	end := len(text)
	if c := runeOffset(text[start:], n); c < len(text)-start {
		end = start + c
		for _, w := range ws { // end on a word boundary
			if w.start < end && w.end > end {
				end = w.start
				break
			}
		}
	}
	var out Snippet
	if start > 0 {
		out = append(out, Span{Text: "… "})
	}
	pos := start
	for _, w := range ws {
		if w.start < start || w.end > end || !want[w.folded] {
			continue
		}
		out = append(out, Span{Text: text[pos:w.start]}, Span{Text: text[w.start:w.end], Hit: true})
		pos = w.end
	}
	out = append(out, Span{Text: text[pos:end]})
	if end < len(text) {
		out = append(out, Span{Text: " …"})
	}
	return compact(out)
}

// runeOffset returns the byte offset of the n-th rune of s, or len(s).
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// compact drops empty spans and turns newlines into spaces: a snippet is one run of text.
func compact(in Snippet) Snippet {
	var out Snippet
	for _, sp := range in {
		if sp.Text == "" {
			continue
		}
		b := []rune(sp.Text)
		for i, r := range b {
			if r == '\n' {
				b[i] = ' '
			}
		}
		out = append(out, Span{Text: string(b), Hit: sp.Hit})
	}
	return out
}
