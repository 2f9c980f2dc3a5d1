package parse

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTags are the elements that break inline text into separate blocks.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Body: true,
	atom.Center: true, atom.Dd: true, atom.Details: true, atom.Dialog: true, atom.Div: true, atom.Dl: true,
	atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true, atom.Footer: true,
	atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Li: true, atom.Main: true, atom.Nav: true,
	atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true, atom.Table: true, atom.Tbody: true,
	atom.Thead: true, atom.Tfoot: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Ul: true,
	atom.Caption: true, atom.Html: true, atom.Summary: true, atom.Menu: true,
}

// dropTags never hold article text.
var dropTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Canvas: true, atom.Map: true,
	atom.Input: true, atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Link: true,
	atom.Meta: true, atom.Head: true, atom.Audio: true, atom.Video: true, atom.Math: true,
	atom.Label: true, atom.Option: true, atom.Datalist: true, atom.Dialog: true,
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// classID is the element's class and id, for pattern tests. A box's type attribute counts as a
// class: the Sapo CMS marks related-article boxes type="RelatedNewsBox".
func classID(n *html.Node) string {
	c, id := attr(n, "class"), attr(n, "id")
	if n.DataAtom == atom.Div || n.DataAtom == atom.Section || n.DataAtom == atom.Table {
		if t := attr(n, "type"); t != "" {
			c += " " + t
		}
	}
	if id == "" {
		return c
	}
	if c == "" {
		return id
	}
	return c + " " + id
}

// hiddenByStyle reports elements a browser would not show.
func hiddenByStyle(n *html.Node) bool {
	if hasAttr(n, "hidden") {
		return true
	}
	st := attr(n, "style")
	if st == "" {
		return false
	}
	st = strings.ToLower(strings.ReplaceAll(st, " ", ""))
	return strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden")
}

// alignedRight reports a right-aligned element, where these CMSes put the byline.
func alignedRight(n *html.Node) bool {
	if strings.EqualFold(attr(n, "align"), "right") {
		return true
	}
	st := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	return strings.Contains(st, "text-align:right") || strings.Contains(st, "float:right") ||
		strings.Contains(strings.ToLower(attr(n, "class")), "right")
}

// alignedCenter reports a centred element, where these CMSes put photo captions.
func alignedCenter(n *html.Node) bool {
	if strings.EqualFold(attr(n, "align"), "center") || n.DataAtom == atom.Center {
		return true
	}
	st := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	return strings.Contains(st, "text-align:center")
}

// textOf returns the element's text with block boundaries as spaces, cleaned.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			if dropTags[n.DataAtom] {
				return
			}
			if blockTags[n.DataAtom] || n.DataAtom == atom.Br {
				b.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && blockTags[n.DataAtom] {
			b.WriteByte(' ')
		}
	}
	walk(n)
	return Clean(b.String())
}

// findAll returns the elements below n (n included) for which keep is true, in document order,
// without descending into a kept element.
func findAll(n *html.Node, keep func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && keep(n) {
			out = append(out, n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// findFirst returns the first element below n for which keep is true, or nil.
func findFirst(n *html.Node, keep func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && keep(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findFirst(c, keep); f != nil {
			return f
		}
	}
	return nil
}

// isAncestor reports whether a is n or one of its ancestors.
func isAncestor(a, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}

func removeNodes(nodes []*html.Node) {
	for _, n := range nodes {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}
