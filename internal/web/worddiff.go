package web

import (
	"unicode"
	"unicode/utf8"

	"github.com/newsarchive/newsarchive/internal/textdiff"
)

// maxDiffCells bounds the word LCS table; larger changed regions show as one removal and one
// addition.
const maxDiffCells = 4_000_000

// Diff operations.
const (
	opEqual  = "equal"
	opDelete = "delete"
	opInsert = "insert"
)

// segment is a run of text that is equal in both versions, only in the old one (delete) or only
// in the new one (insert).
type segment struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// wordDiff compares two texts word by word: what a reader needs to see a corrected figure or an
// added sentence inside an unchanged paragraph.
func wordDiff(a, b string) []segment {
	x, y := tokens(a), tokens(b)
	var head, tail int
	for head < len(x) && head < len(y) && x[head] == y[head] {
		head++
	}
	for tail < len(x)-head && tail < len(y)-head && x[len(x)-1-tail] == y[len(y)-1-tail] {
		tail++
	}
	var segs []segment
	add := func(op string, toks []string) {
		for _, t := range toks {
			if n := len(segs); n > 0 && segs[n-1].Op == op {
				segs[n-1].Text += t
				continue
			}
			segs = append(segs, segment{op, t})
		}
	}
	add(opEqual, x[:head])
	mx, my := x[head:len(x)-tail], y[head:len(y)-tail]
	if (len(mx)+1)*(len(my)+1) > maxDiffCells {
		add(opDelete, mx)
		add(opInsert, my)
	} else {
		for _, o := range lcsTokens(mx, my) {
			add(o.op, []string{o.tok})
		}
	}
	add(opEqual, x[len(x)-tail:])
	return regroup(segs)
}

type tokOp struct{ op, tok string }

// lcsTokens is textdiff's LCS over words, in this package's operation names.
func lcsTokens(x, y []string) []tokOp {
	ops := textdiff.LCS(x, y)
	out := make([]tokOp, len(ops))
	for i, o := range ops {
		switch o.Kind {
		case '-':
			out[i] = tokOp{opDelete, o.Text}
		case '+':
			out[i] = tokOp{opInsert, o.Text}
		default:
			out[i] = tokOp{opEqual, o.Text}
		}
	}
	return out
}

// regroup joins changes split by a lone space or punctuation the LCS matched between them
// ("A b" → "C d" reads as one replaced phrase, not two) and orders each change as deletion then
// insertion.
func regroup(in []segment) []segment {
	var out []segment
	for i := 0; i < len(in); i++ {
		s := in[i]
		if s.Op == opEqual && i > 0 && i+1 < len(in) && isFiller(s.Text) && in[i-1].Op != opEqual && in[i+1].Op != opEqual {
			out = appendSeg(out, segment{opDelete, s.Text})
			out = appendSeg(out, segment{opInsert, s.Text})
			continue
		}
		out = appendSeg(out, s)
	}
	return out
}

// appendSeg adds s, merging it into the change run at the end: deletions collect before
// insertions so a replaced phrase reads whole on each side.
func appendSeg(out []segment, s segment) []segment {
	if s.Op == opEqual {
		if n := len(out); n > 0 && out[n-1].Op == opEqual {
			out[n-1].Text += s.Text
			return out
		}
		return append(out, s)
	}
	// Find the change run at the end: [delete] [insert].
	start := len(out)
	for start > 0 && out[start-1].Op != opEqual {
		start--
	}
	var del, ins string
	for _, c := range out[start:] {
		if c.Op == opDelete {
			del += c.Text
		} else {
			ins += c.Text
		}
	}
	if s.Op == opDelete {
		del += s.Text
	} else {
		ins += s.Text
	}
	out = out[:start]
	if del != "" {
		out = append(out, segment{opDelete, del})
	}
	if ins != "" {
		out = append(out, segment{opInsert, ins})
	}
	return out
}

// isFiller reports whether an equal run between two changes is too small to read on its own.
func isFiller(s string) bool {
	return utf8.RuneCountInString(s) <= 1 && s != "\n"
}

// tokens splits text into words (letters, digits, combining marks) and single other characters,
// so spaces, punctuation and line breaks are compared too.
func tokens(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if word {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
		out = append(out, string(r))
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}
