package replica

import (
	"fmt"
	"hash/fnv"
	"html"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// ict is the sites' time zone, Asia/Ho_Chi_Minh (+07:00, no daylight saving time).
var ict = time.FixedZone("ICT", 7*3600)

// escape escapes text for HTML and XML.
func escape(s string) string { return html.EscapeString(s) }

// slugify turns a Vietnamese title into a URL slug as the CMSes do: diacritics dropped, đ → d,
// lower case, runs of anything else → "-".
func slugify(s string) string {
	fold := foldTable()
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range s {
		var c byte
		switch {
		case r < 0x80:
			c = byte(unicode.ToLower(r))
		case int(r) < len(fold):
			c = fold[r]
		}
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// foldTable maps the Latin letters below U+1F00 to their lower-case ASCII base letter (đ → d),
// and anything else to 0.
var foldTable = sync.OnceValue(func() []byte {
	t := make([]byte, 0x1F00)
	for r := rune(0x80); r < 0x1F00; r++ {
		switch r {
		case 'đ', 'Đ':
			t[r] = 'd'
			continue
		}
		for _, x := range norm.NFD.String(string(r)) {
			if x = unicode.ToLower(x); x >= 'a' && x <= 'z' {
				t[r] = byte(x)
			}
			break
		}
	}
	return t
})

// weekdays are the Vietnamese day names, Sunday first.
var weekdays = [7]string{"Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"}

// weekday names t's day in Vietnamese: "Thứ hai".
func weekday(t time.Time) string { return weekdays[t.Weekday()] }

// dmy writes a date the way Vietnamese prose does: "19-4-2021".
func dmy(t time.Time) string { return fmt.Sprintf("%d-%d-%d", t.Day(), int(t.Month()), t.Year()) }

// rfc3339 formats a publication time as parse.Date.String does for a page giving a time.
func rfc3339(t time.Time) string { return t.In(ict).Format(time.RFC3339) }

// isToneMark reports the five Vietnamese tone marks that windows-1258 writes as combining bytes.
func isToneMark(r rune) bool {
	switch r {
	case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
		return true
	}
	return false
}

// encode1258 encodes UTF-8 text as windows-1258 the way old Vietnamese sites stored it: a letter
// cp1258 holds is one byte; any other Vietnamese letter is its base letter (with circumflex,
// breve or horn composed) followed by a combining tone mark byte. Anything else becomes a
// numeric character reference. Decoding with cp1258 and then NFC gives back the NFC text.
func encode1258(s string) []byte {
	table := cp1258Table()
	out := make([]byte, 0, len(s))
	for _, r := range norm.NFC.String(s) {
		switch {
		case r < 0x80:
			out = append(out, byte(r))
		case r < rune(len(table)):
			out = append(out, table[r]...)
		default:
			out = append(out, rune1258(charmap.Windows1258, r)...)
		}
	}
	return out
}

// cp1258Table holds rune1258 of every rune below U+2000 (the Latin, Vietnamese and combining
// letters): every page is encoded on every request, and a letter split into base and tone
// costs two normalisations. Built once, then only read.
var cp1258Table = sync.OnceValue(func() [][]byte {
	table := make([][]byte, 0x2000)
	for r := range rune(len(table)) {
		table[r] = rune1258(charmap.Windows1258, r)
	}
	return table
})

// rune1258 encodes one rune as encode1258 does.
func rune1258(cm *charmap.Charmap, r rune) []byte {
	if b, ok := cm.EncodeRune(r); ok {
		return []byte{b}
	}
	if enc, ok := splitTone(cm, r); ok {
		return enc
	}
	return fmt.Appendf(nil, "&#%d;", r)
}

// splitTone encodes r as base letter plus tone mark, if cp1258 holds both.
func splitTone(cm *charmap.Charmap, r rune) ([]byte, bool) {
	var base, marks []rune
	for _, x := range norm.NFD.String(string(r)) {
		if isToneMark(x) {
			marks = append(marks, x)
		} else {
			base = append(base, x)
		}
	}
	if len(marks) == 0 {
		return nil, false
	}
	var out []byte
	for _, x := range norm.NFC.String(string(base)) + string(marks) {
		b, ok := cm.EncodeRune(x)
		if !ok {
			return nil, false
		}
		out = append(out, b)
	}
	return out, true
}

// contentHash is a short hash of the parts of an article, for ETags.
func contentHash(parts ...string) string {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return fmt.Sprintf("%016x", h.Sum64())
}

// notModified answers a conditional request for a resource with the given ETag and modification
// time, as RFC 9110 orders it: If-None-Match when present (weak comparison), else
// If-Modified-Since. It reports whether the response is 304 Not Modified.
func notModified(r *http.Request, etag string, mod time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, tag := range strings.Split(inm, ",") {
			tag = strings.TrimSpace(tag)
			if tag == "*" || strings.TrimPrefix(tag, "W/") == strings.TrimPrefix(etag, "W/") {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		t, err := http.ParseTime(ims)
		if err == nil && !mod.Truncate(time.Second).After(t) {
			return true
		}
	}
	return false
}

// joinText joins an article's parts as parse.Article.Text does.
func joinText(parts []string) string { return strings.Join(parts, "\n\n") }
