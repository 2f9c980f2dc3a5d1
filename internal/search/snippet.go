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

// wordScanner reads the words of a text one by one with their byte and rune offsets, folding
// each to look it up among the query's terms (index by folded term).
type wordScanner struct {
	text  string
	index map[string]int
	pos   int // byte offset of the next rune
	rc    int // rune index of the next rune
	buf   []byte
}

// next returns the next word; false at the end of the text.
func (sc *wordScanner) next() (word, bool) {
	start, rstart := -1, 0
	sc.buf = sc.buf[:0]
	for sc.pos < len(sc.text) {
		r, size := utf8.DecodeRuneInString(sc.text[sc.pos:])
		f, in := classify(r)
		if !in {
			if start >= 0 && len(sc.buf) > 0 {
				return sc.word(start, rstart), true
			}
			start = -1
		} else {
			if start < 0 {
				start, rstart, sc.buf = sc.pos, sc.rc, sc.buf[:0]
			}
			if f >= 0 {
				sc.buf = utf8.AppendRune(sc.buf, f)
			}
		}
		sc.pos += size
		sc.rc++
	}
	if start >= 0 && len(sc.buf) > 0 {
		return sc.word(start, rstart), true
	}
	return word{}, false
}

// word makes the word that started at byte start, rune rstart and ends before the next rune.
func (sc *wordScanner) word(start, rstart int) word {
	t, ok := sc.index[string(sc.buf)]
	if !ok {
		t = -1
	}
	return word{start, sc.pos, rstart, sc.rc, t}
}

// makeSnippet cuts about n runes of text around the window holding the most distinct query words
// (folded), marking every word that matches one. Without a match it is the text's beginning.
//
// It reads the text only as far as it must: once a window holds every word of the query, no
// later one can be better, so a text that has them near its beginning is not read to the end.
func makeSnippet(text string, terms []string, n int) Snippet {
	index := make(map[string]int, len(terms))
	for _, t := range terms {
		if _, ok := index[t]; !ok {
			index[t] = len(index)
		}
	}
	sc := wordScanner{text: text, index: index}
	var ws []word
	var hits []int // indexes in ws of the words that match a term
	best, bestScore := 0, -1
	seen := make([]bool, len(index))
	// score gives the number of distinct terms in the window of n runes from hit a on.
	score := func(a int) int {
		clear(seen)
		distinct := 0
		for _, j := range hits[a:] {
			if ws[j].rend-ws[hits[a]].rstart > n {
				break
			}
			if !seen[ws[j].term] {
				seen[ws[j].term] = true
				distinct++
			}
		}
		return distinct
	}
	pending := 0 // the first hit whose window is not scored yet
	for done := false; !done; {
		w, ok := sc.next()
		if ok {
			ws = append(ws, w)
			if w.term >= 0 {
				hits = append(hits, len(ws)-1)
			}
		}
		// A hit's window is complete once a word ends beyond it, or the text does.
		for ; pending < len(hits) && (!ok || w.rend-ws[hits[pending]].rstart > n); pending++ {
			if d := score(pending); d > bestScore {
				best, bestScore = hits[pending], d
			}
			if bestScore == len(index) {
				break
			}
		}
		done = !ok || bestScore == len(index) && len(index) > 0 || len(index) == 0 && w.rend > n
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
