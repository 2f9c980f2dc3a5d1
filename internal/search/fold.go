package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldLo and foldHi bound the precomposed letters the fold table covers: Latin-1 Supplement to
// Latin Extended Additional, where every Vietnamese letter lives.
const foldLo, foldHi = 0x00C0, 0x1EFF

// folds maps a precomposed letter to its lower-case base letter (0: no entry). It is computed
// once and only read afterwards.
var folds = buildFolds()

func buildFolds() []rune {
	t := make([]rune, foldHi-foldLo+1)
	for r := rune(foldLo); r <= foldHi; r++ {
		d := norm.NFD.String(string(r))
		base, size := utf8.DecodeRuneInString(d)
		if base < utf8.RuneSelf && unicode.IsLetter(base) && strings.TrimFunc(d[size:], isMark) == "" {
			t[r-foldLo] = unicode.ToLower(base)
		}
	}
	t['đ'-foldLo], t['Đ'-foldLo] = 'd', 'd'
	return t
}

func isMark(r rune) bool { return unicode.Is(unicode.Mn, r) }

// foldRune returns r lower-cased without diacritics, or -1 for a combining mark, which folding
// drops.
func foldRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r >= foldLo && r <= foldHi && folds[r-foldLo] != 0:
		return folds[r-foldLo]
	case unicode.Is(unicode.Mn, r):
		return -1
	}
	return unicode.ToLower(r)
}

// Fold returns s lower-cased with its diacritics removed and đ/Đ made d: "Dừa Bến Tre" and
// "dua ben tre" fold alike. It accepts composed (NFC) and decomposed (NFD) text.
func Fold(s string) string {
	return string(appendFold(make([]byte, 0, len(s)), s))
}

func appendFold(dst []byte, s string) []byte {
	for _, r := range s {
		if f := foldRune(r); f >= 0 {
			dst = utf8.AppendRune(dst, f)
		}
	}
	return dst
}

// classify tells whether r belongs to a word (a letter, a digit or a combining mark) and what it
// folds to (-1: nothing, a mark).
func classify(r rune) (folded rune, inWord bool) {
	switch {
	case r < utf8.RuneSelf:
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			return r, true
		case 'A' <= r && r <= 'Z':
			return r + 'a' - 'A', true
		}
		return r, false
	case r >= foldLo && r <= foldHi && folds[r-foldLo] != 0:
		return folds[r-foldLo], true
	case unicode.Is(unicode.Mn, r):
		return -1, true
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return unicode.ToLower(r), true
	}
	return r, false
}

// Words splits text into the folded words the index holds: runs of letters, digits and
// combining marks, as the index's analyzer splits them.
func Words(s string) []string {
	var out []string
	eachWord(s, func(_, _ int, folded string) { out = append(out, folded) })
	return out
}

// eachWord calls fn with the byte range and folded form of every word of s.
func eachWord(s string, fn func(start, end int, folded string)) {
	var buf []byte
	start := -1
	for i, r := range s {
		f, in := classify(r)
		switch {
		case !in:
			if start >= 0 && len(buf) > 0 {
				fn(start, i, string(buf))
			}
			start = -1
			continue
		case start < 0:
			start, buf = i, buf[:0]
		}
		if f >= 0 {
			buf = utf8.AppendRune(buf, f)
		}
	}
	if start >= 0 && len(buf) > 0 {
		fn(start, len(s), string(buf))
	}
}
