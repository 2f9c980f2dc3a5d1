package search

import (
	"strings"
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

// word is one word of the original text: its byte range, the rune index of its start and end,
// and which query term it is (-1: none).
type word struct {
	start, end   int
	rstart, rend int
	term         int
}

// scanWords finds the words of text with their byte and rune offsets, folding each to look it up
// among the query's terms (index by folded term).
func scanWords(text string, index map[string]int) []word {
	var out []word
	var buf []byte
	start, rstart, rc := -1, 0, 0
	flush := func(end, rend int) {
		if len(buf) > 0 {
			t, ok := index[string(buf)]
			if !ok {
				t = -1
			}
			out = append(out, word{start, end, rstart, rend, t})
		}
		start = -1
	}
	for i, r := range text {
		f, in := classify(r)
		switch {
		case !in:
			if start >= 0 {
				flush(i, rc)
			}
		case start < 0:
			start, rstart, buf = i, rc, buf[:0]
			fallthrough
		default:
			if f >= 0 {
				buf = utf8.AppendRune(buf, f)
			}
		}
		rc++
	}
	if start >= 0 {
		flush(len(text), rc)
	}
	return out
}

// MakeSnippet cuts about n runes of text around the window holding the most distinct query words
// (folded), marking every word that matches one. Without a match it is the text's beginning.
func MakeSnippet(text string, terms []string, n int) Snippet {
	index := make(map[string]int, len(terms))
	for _, t := range terms {
		if _, ok := index[t]; !ok {
			index[t] = len(index)
		}
	}
	ws := scanWords(text, index)
	var hits []int // indexes in ws of the words that match a term
	for i, w := range ws {
		if w.term >= 0 {
			hits = append(hits, i)
		}
	}
	best, bestScore := 0, -1
	seen := make([]bool, len(index))
	for a, i := range hits {
		clear(seen)
		distinct := 0
		for _, j := range hits[a:] {
			if ws[j].rend-ws[i].rstart > n {
				break
			}
			if !seen[ws[j].term] {
				seen[ws[j].term] = true
				distinct++
			}
		}
		if distinct > bestScore {
			best, bestScore = i, distinct
		}
	}
	start := 0
	if bestScore > 0 {
		// Some context before the first hit, from a word boundary.
		start = ws[best].start
		for k := best; k > 0 && ws[best].rstart-ws[k-1].rstart < n/4; k-- {
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
	for _, i := range hits {
		w := ws[i]
		if w.start < start || w.end > end {
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
		out = append(out, Span{Text: strings.ReplaceAll(sp.Text, "\n", " "), Hit: sp.Hit})
	}
	return out
}
