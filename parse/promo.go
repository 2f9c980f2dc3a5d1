package parse

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// promoOpeners open, after Fold, the lines and boxes that send the reader elsewhere: links to
// other articles ("Tin liên quan", "Tham khảo thêm", "Đọc tiếp") and calls to sign up.
var promoOpeners = []string{
	"tin lien quan", "bai lien quan", "tham khao them", "xem them", "doc them", "doc tiep", "xem tiep",
	"co the ban quan tam", "ban co the quan tam", "co the ban chua doc", "tin cung chuyen muc", "tin khac",
	"cac tin khac", "tin moi", "tin bai lien quan", "dang ky nhan ban tin", "dang ky nhan tin", "dang ky ban tin",
	"dang ky theo doi", "moi ban doc", "moi quy doc gia", "quy doc gia quan tam", ">>", "»",
}

// promoText reports text that opens with a promo opener.
func promoText(s string) bool {
	f := strings.TrimLeft(Fold(s), " •·-–|*")
	for _, o := range promoOpeners {
		if strings.HasPrefix(f, o) {
			rest := f[len(o):]
			// A whole word: "tin khác" but not "tin khách".
			return rest == "" || !isWordRune([]rune(rest)[0]) || o == ">>" || o == "»"
		}
	}
	return false
}

// isPromoLine reports a body line that points elsewhere: an opener with a link ("Đọc tiếp: …")
// or an opener alone ("Tin liên quan").
func isPromoLine(b rawBlock) bool {
	return (b.linkChars > 0 || b.words <= 6) && promoText(b.text)
}

// isPromoBox reports an in-body box that opens with a promo opener and is mostly links, or holds
// a sign-up field: related-article teasers and newsletter boxes.
func isPromoBox(n *html.Node, s stats) bool {
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Table, atom.Ul, atom.Ol, atom.Aside, atom.Blockquote, atom.Form, atom.Figure:
	default:
		return false
	}
	if s.text == 0 || s.text > 2000 {
		return false
	}
	first := findFirst(n, func(c *html.Node) bool {
		for t := c.FirstChild; t != nil; t = t.NextSibling {
			if t.Type == html.TextNode && strings.TrimSpace(t.Data) != "" {
				return true
			}
		}
		return false
	})
	if first == nil || !promoText(textOf(first)) {
		return false
	}
	return s.linkDensity() >= 0.25 || findFirst(n, func(c *html.Node) bool { return c.DataAtom == atom.Input }) != nil
}
