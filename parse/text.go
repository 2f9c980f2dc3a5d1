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
	for i := 0; i < len(s); {
		// ASCII bytes, most of a Vietnamese text, skip the rune decoding: Clean runs over the
		// text of every block.
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			ascii = false
		}
		i += size
		if isSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if size == 1 {
			b.WriteByte(byte(r))
		} else {
			b.WriteRune(r)
		}
	}
	if ascii {
		return b.String()
	}
	return norm.NFC.String(b.String())
}

// isSpace reports white space, including the invisible characters CMS editors leave behind.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r' // unicode.IsSpace's ASCII spaces
	}
	switch r {
	case '\u00a0', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return true
	}
	return unicode.IsSpace(r)
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
