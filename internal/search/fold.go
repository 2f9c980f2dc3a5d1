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

// Words splits folded text into the words the index holds: runs of letters and digits.
func Words(s string) []string {
	return strings.FieldsFunc(Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
