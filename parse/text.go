package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Clean returns s as NFC with every run of white space (nbsp, tabs, newlines, zero-width spaces)
// folded to one space and the ends trimmed. Invalid UTF-8 becomes U+FFFD.
func Clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	b.Grow(len(s))
	space, ascii := false, true
	for _, r := range s {
		ascii = ascii && r < utf8.RuneSelf
		if isSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if ascii {
		return b.String()
	}
	return norm.NFC.String(b.String())
}

// isSpace reports white space, including the invisible characters CMS editors leave behind.
func isSpace(r rune) bool {
	switch r {
	case '\u00a0', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return true
	}
	return unicode.IsSpace(r)
}

// Fold strips diacritics and maps đ to d, lower-cased, for search and matching only: output text
// always keeps its diacritics.
func Fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s) // NFD leaves ASCII as it is, and it has no marks or đ
	}
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for i := 0; i < len(d); {
		// ASCII bytes, most of a Vietnamese text, skip the rune decoding and table look-ups:
		// Fold runs over every text node of a page that has no date where the profile says.
		if c := d[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(d[i:])
		i += size
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// wordCount counts runs of letters and digits.
func wordCount(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}
