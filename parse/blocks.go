package parse

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// rawBlock is a block of text as found in the page, with what the filters need to judge it.
type rawBlock struct {
	text      string
	words     int
	kind      BlockKind
	container *html.Node // nearest block element
	linkChars int
	right     bool
	center    bool
	emphasis  bool // all text inside em/i, as captions often are
	afterImg  bool // first text after an image
	imgAlt    string
	caption   bool // inside a caption element or class
	byline    bool // inside an author, credit or source element
}

// blockWalker splits a tree into rawBlocks: every block element and every <br> ends a block.
type blockWalker struct {
	out []rawBlock

	buf       strings.Builder
	linkChars int
	linkDepth int
	emChars   int
	emDepth   int
	imgAlt    string
	imgSeen   bool
}

func walkBlocks(root *html.Node) []rawBlock {
	w := &blockWalker{}
	w.block(root)
	return w.out
}

func (w *blockWalker) block(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.inline(c, n)
	}
	w.flush(n)
}

func (w *blockWalker) inline(n, container *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.buf.WriteString(n.Data)
		if w.linkDepth > 0 {
			w.linkChars += len(strings.TrimSpace(n.Data))
		}
		if w.emDepth > 0 {
			w.emChars += len(strings.TrimSpace(n.Data))
		}
		return
	case html.ElementNode:
	default:
		return
	}
	switch {
	case dropTags[n.DataAtom]:
		return
	case n.DataAtom == atom.Br || n.DataAtom == atom.Hr:
		w.flush(container)
		return
	case n.DataAtom == atom.Img:
		w.flush(container)
		w.imgSeen, w.imgAlt = true, Clean(attr(n, "alt"))
		return
	case blockTags[n.DataAtom]:
		w.flush(container)
		w.block(n)
		return
	}
	link := n.DataAtom == atom.A
	em := n.DataAtom == atom.Em || n.DataAtom == atom.I
	if link {
		w.linkDepth++
	}
	if em {
		w.emDepth++
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.inline(c, container)
	}
	if link {
		w.linkDepth--
	}
	if em {
		w.emDepth--
	}
}

func (w *blockWalker) flush(container *html.Node) {
	raw := w.buf.String()
	w.buf.Reset()
	links, ems := w.linkChars, w.emChars
	w.linkChars, w.emChars = 0, 0
	if container == nil {
		return
	}
	text := Clean(raw)
	if text == "" {
		return
	}
	b := rawBlock{text: text, words: wordCount(text), container: container, linkChars: links, afterImg: w.imgSeen, imgAlt: w.imgAlt}
	visible := len(strings.Join(strings.Fields(raw), ""))
	b.emphasis = visible > 0 && ems*10 >= visible*9
	b.kind, b.caption = kindOf(container)
	for n := container; n != nil && n.Type == html.ElementNode && n.DataAtom != atom.Body; n = n.Parent {
		b.right = b.right || alignedRight(n)
		b.center = b.center || alignedCenter(n)
		ci := classID(n)
		if n.DataAtom == atom.Figcaption || n.DataAtom == atom.Figure || captionWords.match(ci) {
			b.caption = true
		} else if isAuthorElement(n) {
			b.byline = true
		}
		if !inlineWrapper(n) {
			break
		}
	}
	w.imgSeen, w.imgAlt = false, ""
	w.out = append(w.out, b)
}

// inlineWrapper reports block elements that only wrap one paragraph, so their alignment and
// caption class count for the text inside (a caption <div class="caption"><p>…</p></div>).
func inlineWrapper(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Span, atom.Em, atom.Strong, atom.I, atom.B, atom.Font, atom.Figcaption, atom.Caption:
		return true
	case atom.Div, atom.Td, atom.Figure:
		return singleTextChild(n)
	}
	return false
}

func singleTextChild(n *html.Node) bool {
	count := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode || (c.Type == html.TextNode && strings.TrimSpace(c.Data) != "") {
			count++
		}
	}
	return count <= 2
}

func kindOf(n *html.Node) (BlockKind, bool) {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return Heading, false
	case atom.Li, atom.Dd, atom.Dt:
		return ListItem, false
	case atom.Blockquote:
		return Quote, false
	case atom.Figcaption, atom.Caption:
		return Caption, true
	}
	return Paragraph, false
}
