// Package textdiff shows how two article texts differ, paragraph by paragraph.
package textdiff

import (
	"strings"
)

// maxCells bounds the LCS table; texts larger than this are compared as one replaced block.
const maxCells = 25_000_000

// Lines returns a unified-style diff of a and b by lines: unchanged lines start with two spaces,
// removed ones with "- ", added ones with "+ ". Runs of more than context unchanged lines are
// folded into "  …". It returns "" when the texts are equal.
func Lines(a, b string, context int) string {
	if a == b {
		return ""
	}
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	ops := diff(x, y)
	var out strings.Builder
	for i := 0; i < len(ops); i++ {
		op := ops[i]
		if op.kind != ' ' {
			out.WriteString(string(op.kind) + " " + op.line + "\n")
			continue
		}
		j := i
		for j < len(ops) && ops[j].kind == ' ' {
			j++
		}
		run := ops[i:j]
		if len(run) > 2*context+1 {
			head, tail := run[:min(context, len(run))], run[len(run)-context:]
			if i == 0 {
				head = nil
			}
			if j == len(ops) {
				tail = nil
			}
			for _, o := range head {
				out.WriteString("  " + o.line + "\n")
			}
			out.WriteString("  …\n")
			for _, o := range tail {
				out.WriteString("  " + o.line + "\n")
			}
		} else {
			for _, o := range run {
				out.WriteString("  " + o.line + "\n")
			}
		}
		i = j - 1
	}
	return out.String()
}

type op struct {
	kind byte
	line string
}

// diff is the classic LCS diff, after trimming the common head and tail.
func diff(x, y []string) []op {
	var head, tail []op
	for len(x) > 0 && len(y) > 0 && x[0] == y[0] {
		head = append(head, op{' ', x[0]})
		x, y = x[1:], y[1:]
	}
	for len(x) > 0 && len(y) > 0 && x[len(x)-1] == y[len(y)-1] {
		tail = append([]op{{' ', x[len(x)-1]}}, tail...)
		x, y = x[:len(x)-1], y[:len(y)-1]
	}
	var mid []op
	if (len(x)+1)*(len(y)+1) > maxCells {
		for _, l := range x {
			mid = append(mid, op{'-', l})
		}
		for _, l := range y {
			mid = append(mid, op{'+', l})
		}
	} else {
		mid = lcs(x, y)
	}
	return append(append(head, mid...), tail...)
}

func lcs(x, y []string) []op {
	var out []op
	for _, o := range LCS(x, y) {
		out = append(out, op{o.Kind, o.Text})
	}
	return out
}

// Op is one step of a diff: Kind ' ' keeps Text, '-' removes it, '+' adds it.
type Op struct {
	Kind byte
	Text string
}

// LCS is the classic longest-common-subsequence diff of two token lists (lines, words), with no
// bound on their size: callers bound it.
func LCS(x, y []string) []Op {
	n, m := len(x), len(y)
	t := make([][]int32, n+1)
	for i := range t {
		t[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	var out []Op
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case x[i] == y[j]:
			out = append(out, Op{' ', x[i]})
			i++
			j++
		case t[i+1][j] >= t[i][j+1]:
			out = append(out, Op{'-', x[i]})
			i++
		default:
			out = append(out, Op{'+', y[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, Op{'-', x[i]})
	}
	for ; j < m; j++ {
		out = append(out, Op{'+', y[j]})
	}
	return out
}
