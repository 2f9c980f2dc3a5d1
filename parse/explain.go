package parse

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"golang.org/x/net/html"
)

// Trace records why the extractor chose the blocks it chose: the elements it dropped as chrome
// (with the rule or class word that hit) and the scored candidates for the body. It is what
// `newsarchive extract --explain` prints, so whoever adapts a profile to a new site sees what to
// change. A nil *Trace records nothing.
type Trace struct {
	// Dropped are the elements removed before scoring that held MinTraceText characters or more.
	Dropped []TraceBlock
	// Candidates are the best-scoring containers, best first.
	Candidates []TraceBlock
	// Winner is the container the extractor chose, after the second look and the climb to an
	// ancestor; Roots adds the siblings taken with it.
	Winner TraceBlock
	Roots  []TraceBlock
	// Profile names the profile whose body selector chose the body instead, if any.
	Profile string
}

// TraceBlock is one element as the trace shows it.
type TraceBlock struct {
	// Path is a short CSS-like path: "div.detail-content#main".
	Path string
	// Text is the element's text size in bytes, LinkShare the share of it inside links.
	Text      int
	LinkShare float64
	// Score is the candidate score (0 for dropped elements); Why the rule that dropped it or
	// the notes on a candidate.
	Score float64
	Why   string
	// Start is the first words of the element's text.
	Start string
}

// MinTraceText is the smallest dropped element the trace lists: smaller ones are menus' items and
// buttons.
const MinTraceText = 200

// Explain extracts p like Extract and returns the trace of its choices with the article.
func (x *Extractor) Explain(p Page) (Article, *Trace, error) {
	tr := &Trace{}
	p.trace = tr
	a, err := x.Extract(p)
	if a.Profile != "" {
		tr.Profile = a.Profile
	}
	return a, tr, err
}

func (tr *Trace) dropped(n *html.Node, s stats, why string) {
	if tr == nil || s.text < MinTraceText {
		return
	}
	tr.Dropped = append(tr.Dropped, traceBlock(n, s, 0, why))
}

func (tr *Trace) scored(scores map[*html.Node]*candidate, st map[*html.Node]stats, first, winner *html.Node, roots []*html.Node) {
	if tr == nil {
		return
	}
	type cand struct {
		n *html.Node
		c *candidate
	}
	var all []cand
	for n, c := range scores {
		all = append(all, cand{n, c})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].c.score > all[j].c.score })
	for i := 0; i < len(all) && i < 8; i++ {
		n := all[i].n
		var notes []string
		if cw := classWeight(n); cw != 0 {
			notes = append(notes, fmt.Sprintf("class weight %+.0f", cw))
		}
		if _, w := junkWords.find(classID(n)); w != "" {
			notes = append(notes, "junk word \""+w+"\" (kept: large share of the page or content words)")
		}
		switch {
		case n == winner:
			notes = append(notes, "WINNER")
		case n == first:
			notes = append(notes, "best score, replaced by the second look or the climb")
		case isAncestor(n, winner):
			notes = append(notes, "ancestor of the winner")
		case isAncestor(winner, n):
			notes = append(notes, "inside the winner")
		default:
			notes = append(notes, "lost")
		}
		tr.Candidates = append(tr.Candidates, traceBlock(n, st[n], all[i].c.score, strings.Join(notes, "; ")))
	}
	if c := scores[winner]; c != nil {
		tr.Winner = traceBlock(winner, st[winner], c.score, "")
	} else {
		tr.Winner = traceBlock(winner, st[winner], 0, "")
	}
	for _, r := range roots {
		score := 0.0
		if c := scores[r]; c != nil {
			score = c.score
		}
		tr.Roots = append(tr.Roots, traceBlock(r, st[r], score, ""))
	}
}

func traceBlock(n *html.Node, s stats, score float64, why string) TraceBlock {
	start := textOf(n)
	if words := strings.Fields(start); len(words) > 12 {
		start = strings.Join(words[:12], " ") + " …"
	}
	return TraceBlock{Path: nodePath(n), Text: s.text, LinkShare: s.linkDensity(), Score: score, Why: why, Start: start}
}

// nodePath names an element by its tag, classes and id, with its parent's for context.
func nodePath(n *html.Node) string {
	name := func(n *html.Node) string {
		s := n.Data
		if c := strings.Fields(attr(n, "class")); len(c) > 0 {
			s += "." + strings.Join(c, ".")
		}
		if id := attr(n, "id"); id != "" {
			s += "#" + id
		}
		return s
	}
	if p := n.Parent; p != nil && p.Type == html.ElementNode {
		return name(p) + " > " + name(n)
	}
	return name(n)
}

// Write prints the trace for a person: the winner, the roots, the candidates and the dropped
// blocks.
func (tr *Trace) Write(w io.Writer) error {
	var b strings.Builder
	if tr.Profile != "" {
		fmt.Fprintf(&b, "profile %s chose the body by its selector; the generic choice below is not used\n", tr.Profile)
	}
	fmt.Fprintf(&b, "winner: %s (score %.1f, %d chars, links %.0f%%)\n", tr.Winner.Path, tr.Winner.Score, tr.Winner.Text, 100*tr.Winner.LinkShare)
	for _, r := range tr.Roots {
		fmt.Fprintf(&b, "  root: %s (score %.1f, %d chars)\n", r.Path, r.Score, r.Text)
	}
	b.WriteString("candidates:\n")
	for _, c := range tr.Candidates {
		fmt.Fprintf(&b, "  %6.1f  %5d chars  links %3.0f%%  %s  [%s]\n          %q\n", c.Score, c.Text, 100*c.LinkShare, c.Path, c.Why, c.Start)
	}
	fmt.Fprintf(&b, "dropped before scoring (%d chars or more):\n", MinTraceText)
	for _, d := range tr.Dropped {
		fmt.Fprintf(&b, "  %5d chars  links %3.0f%%  %s  [%s]\n          %q\n", d.Text, 100*d.LinkShare, d.Path, d.Why, d.Start)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
