package parse

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxLinks bounds the links read from one page.
const maxLinks = 50000

// collectLinks returns the http(s) links of a document, resolved against base, fragments
// dropped.
func collectLinks(doc *html.Node, base *url.URL) []Link {
	var out []Link
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if len(out) >= maxLinks {
			return
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.A || n.DataAtom == atom.Area) {
			if u := resolveLink(base, attr(n, "href")); u != "" {
				out = append(out, Link{URL: u, Text: textOf(n)})
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func resolveLink(base *url.URL, href string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	u, err := base.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}

// Links returns the http(s) links of a page (a listing the crawler reads only for its links),
// resolved against its <base href> when it has one, without extracting an article.
func Links(page []byte, pageURL, contentType string) []Link {
	if len(page) > MaxInput {
		page = page[:MaxInput]
	}
	text, _ := decode(page, contentType)
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		if doc, err = html.Parse(strings.NewReader(flattenDeep(text))); err != nil {
			return nil
		}
	}
	return collectLinks(doc, baseURL(doc, pageURL))
}
