package sitegen

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// slugify turns a Vietnamese title into a URL slug as the site's CMS does: diacritics dropped,
// đ → d, lower case, runs of anything else → "-".
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.NewReplacer("đ", "d", "Đ", "D").Replace(s)) {
		r = unicode.ToLower(r)
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case unicode.Is(unicode.Mn, r):
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
