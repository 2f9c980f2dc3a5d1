package parse

import (
	"strings"

	"golang.org/x/net/html"
)

// maxDepth is how deep flattenDeep lets elements nest; x/net/html refuses documents nested deeper
// than 512 elements, and no real page comes near this.
const maxDepth = 256

// voidElements never have an end tag, so they do not count toward nesting depth.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true,
}

// flattenDeep drops the tags of elements nested deeper than maxDepth, keeping all text, so that a
// hostile page nested 100,000 levels deep still parses and its text is read.
func flattenDeep(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	b.Grow(len(s))
	depth := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			if voidElements[string(name)] {
				b.Write(z.Raw())
				continue
			}
			depth++
			if depth <= maxDepth {
				b.Write(z.Raw())
			}
		case html.EndTagToken:
			if depth <= maxDepth {
				b.Write(z.Raw())
			}
			if depth > 0 {
				depth--
			}
		default:
			b.Write(z.Raw())
		}
	}
}
