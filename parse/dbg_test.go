package parse

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestDebugJunk(t *testing.T) {
	f := os.Getenv("DBG_FILE")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	s, _ := Decode(b, "")
	doc, _ := html.Parse(strings.NewReader(s))
	body := findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	st := nodeStats(body)
	var walk func(*html.Node, int)
	walk = func(n *html.Node, d int) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if isJunk(c, st, false, st[body].text) && st[c].text > 500 {
				fmt.Printf("JUNK %s class=%q text=%d ld=%.2f\n", c.Data, classID(c), st[c].text, st[c].linkDensity())
				continue
			}
			walk(c, d+1)
		}
	}
	walk(body, 0)
	all := walkBlocks(body)
	roots := chooseRoots(all, st)
	for _, r := range roots {
		fmt.Printf("ROOT %s %q text=%d\n", r.Data, classID(r), st[r].text)
	}
}

func TestDebugScores(t *testing.T) {
	f := os.Getenv("DBG_FILE")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	s, _ := Decode(b, "")
	doc, _ := html.Parse(strings.NewReader(s))
	body := findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	st := nodeStats(body)
	stripJunk(body, st, false)
	all := walkBlocks(body)
	for _, b := range all {
		if len(b.text) > 100 {
			fmt.Printf("BLOCK %s.%q link=%d len=%d %.60q\n", b.container.Data, classID(b.container), b.linkChars, len(b.text), b.text)
		}
	}
	roots := chooseRoots(all, st)
	for _, r := range roots {
		fmt.Printf("ROOT %s %q text=%d\n", r.Data, classID(r), st[r].text)
	}
}
