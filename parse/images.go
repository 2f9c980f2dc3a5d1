package parse

import (
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Image is a photo of the article body: its URL, resolved, and its alt text.
type Image struct {
	URL string
	Alt string
}

// maxImages bounds the photos taken from one article: a gallery page is still one article, a
// page of thousands of images is a trap.
const maxImages = 100

// lazySrc are the attributes lazy-loading scripts read the real source from; src then holds a
// placeholder.
var lazySrc = []string{"data-src", "data-original", "data-lazy-src", "data-srcset-src", "src"}

// articleImages returns the photos inside the article's body roots, in document order, each URL
// once: what the archive must keep for the article to read as published (captions refer to them).
// Icons, tracking pixels and inline data are left out.
func articleImages(roots []*html.Node, base *url.URL) []Image {
	var out []Image
	seen := map[string]bool{}
	for _, r := range roots {
		for _, n := range findAll(r, func(n *html.Node) bool { return n.DataAtom == atom.Img }) {
			if len(out) >= maxImages {
				return out
			}
			u := imageSource(n, base)
			if u == "" || seen[u] || tiny(n) {
				continue
			}
			seen[u] = true
			out = append(out, Image{URL: u, Alt: Clean(attr(n, "alt"))})
		}
	}
	return out
}

func imageSource(n *html.Node, base *url.URL) string {
	for _, a := range lazySrc {
		v := strings.TrimSpace(attr(n, a))
		if v == "" || strings.HasPrefix(v, "data:") {
			continue
		}
		if u := resolveLink(base, v); u != "" {
			return u
		}
	}
	return ""
}

// tiny reports an image declared at most 32 pixels wide or high: a spacer, an icon, a pixel.
func tiny(n *html.Node) bool {
	for _, a := range []string{"width", "height"} {
		if v, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(attr(n, a)), "px")); err == nil && v > 0 && v <= 32 {
			return true
		}
	}
	return false
}
