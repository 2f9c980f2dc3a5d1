package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold strips diacritics and maps đ to d, lower-cased, for search and matching only: output text
// always keeps its diacritics.
//
// It is the NFD form of s without its nonspacing marks (Mn), lower-cased rune by rune, with đ and
// Đ as d. Fold runs over every text node of a page whose date is not where its profile says, and
// over every block, so text in ASCII and the Latin letters Vietnamese is written in takes a table
// instead of the NFD of the whole text (see latinFolds).
func Fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s) // NFD leaves ASCII as it is, and it has no marks or đ
	}
	if f, ok := foldLatin(s); ok {
		return f
	}
	return foldNFD(s)
}

// foldNFD is Fold for any text: the NFD of the whole of s, rune by rune.
func foldNFD(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for i := 0; i < len(d); {
		if c := d[i]; c < utf8.RuneSelf {
			b.WriteByte(lowerASCII(c))
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(d[i:])
		i += size
		b.WriteString(foldRune(r))
	}
	return b.String()
}

// foldRune is Fold of one rune of an NFD text: nothing for a nonspacing mark, d for đ and Đ, the
// rune lower-cased otherwise.
func foldRune(r rune) string {
	switch {
	case unicode.Is(unicode.Mn, r):
		return ""
	case r == 'đ' || r == 'Đ':
		return "d"
	}
	return string(unicode.ToLower(r))
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// foldLatin is Fold of s when every rune of s is ASCII or in latinFolds, and reports whether it
// was.
func foldLatin(s string) (string, bool) {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			b.WriteByte(lowerASCII(c))
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		f, ok := latinFolds.lookup(r)
		if !ok {
			return "", false
		}
		b.WriteString(f)
		i += size
	}
	return b.String(), true
}

// latinFolds holds Fold of each rune of the blocks Vietnamese is written in (Latin-1 Supplement,
// Latin Extended-A and -B, the combining diacritical marks, Latin Extended Additional) whose NFD
// is a starter followed by nonspacing marks only, or nonspacing marks only. In a text of such
// runes and ASCII, the NFD's canonical reordering moves nonspacing marks only, which Fold drops:
// Fold of the text is Fold of its runes one after the other. It is built once and only read.
var latinFolds = newFoldTable(
	[2]rune{0x80, 0x250},
	[2]rune{0x300, 0x370},
	[2]rune{0x1e00, 0x1f00},
)

// foldTable maps runes of a few ranges to Fold of the rune alone, where that is Fold's answer in
// any text of such runes (see latinFolds).
type foldTable []foldRange

type foldRange struct {
	lo    rune
	folds []string
	ok    []bool
}

func newFoldTable(ranges ...[2]rune) foldTable {
	t := make(foldTable, len(ranges))
	for i, rg := range ranges {
		fr := foldRange{lo: rg[0], folds: make([]string, rg[1]-rg[0]), ok: make([]bool, rg[1]-rg[0])}
		for r := rg[0]; r < rg[1]; r++ {
			if foldsAlone(r) {
				fr.folds[r-rg[0]], fr.ok[r-rg[0]] = foldNFD(string(r)), true
			}
		}
		t[i] = fr
	}
	return t
}

// foldsAlone reports whether the NFD of r is a starter (canonical combining class 0) followed by
// nonspacing marks, or nonspacing marks only.
func foldsAlone(r rune) bool {
	for i, c := range []rune(norm.NFD.String(string(r))) {
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		if i > 0 || norm.NFD.PropertiesString(string(c)).CCC() != 0 {
			return false
		}
	}
	return true
}

func (t foldTable) lookup(r rune) (string, bool) {
	for _, fr := range t {
		if i := int(r - fr.lo); i >= 0 && i < len(fr.folds) {
			return fr.folds[i], fr.ok[i]
		}
	}
	return "", false
}
