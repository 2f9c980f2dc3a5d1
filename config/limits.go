package config

import (
	"fmt"

	"github.com/goccy/go-yaml/ast"
)

// Limits that keep a hostile or broken file from taking the machine: the YAML parser's time
// and memory grow with the square of flow nesting ("[[[[…" of 50,000 levels took 31 s and
// 5 GB), and aliases can make a small file decode into a huge one.
const (
	// MaxFileSize is the largest configuration file read: the built-in one is 9 kB.
	MaxFileSize = 1 << 20
	// maxFlowDepth bounds [ and { nesting.
	maxFlowDepth = 32
	// expansionFactor bounds the decoded size (scalar bytes and list items, aliases expanded)
	// relative to the file's size, plus expansionSlack.
	expansionFactor = 4
	expansionSlack  = 64 << 10
)

// checkShape refuses, before parsing, a file over MaxFileSize or nested deeper than
// maxFlowDepth in flow style. Brackets inside quoted scalars and comments do not count; a quote
// opens a scalar only where a scalar may start, as in YAML.
func checkShape(filename string, data []byte) error {
	if len(data) > MaxFileSize {
		return &Error{File: filename, Line: 1, Problem: fmt.Sprintf("file of %d bytes, larger than the %d a configuration may have", len(data), MaxFileSize)}
	}
	line, depth := 1, 0
	var prev byte = '\n' // the last byte that was not a space or tab
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			line++
		case c == '#' && (i == 0 || data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n'):
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i-- // the newline is counted above
			continue
		case (c == '\'' || c == '"') && scalarStart(prev):
			end := closeQuote(data, i)
			for _, b := range data[i:end] {
				if b == '\n' {
					line++
				}
			}
			i = end
			prev = c
			continue
		case c == '[' || c == '{':
			if depth++; depth > maxFlowDepth {
				return &Error{File: filename, Line: line, Problem: fmt.Sprintf("lists and mappings nested deeper than %d levels", maxFlowDepth)}
			}
		case c == ']' || c == '}':
			depth = max(0, depth-1)
		}
		if c != ' ' && c != '\t' {
			prev = c
		}
	}
	return nil
}

// scalarStart reports whether a quote after prev begins a quoted scalar.
func scalarStart(prev byte) bool {
	switch prev {
	case '\n', ':', ',', '[', '{', '-', '?', '|', '>', '&', '!':
		return true
	}
	return false
}

// closeQuote returns the index of the quote closing the one at i (or the last byte).
func closeQuote(data []byte, i int) int {
	q := data[i]
	for j := i + 1; j < len(data); j++ {
		switch {
		case q == '"' && data[j] == '\\':
			j++
		case data[j] == q && q == '\'' && j+1 < len(data) && data[j+1] == '\'':
			j++ // '' is a quote inside single quotes
		case data[j] == q:
			return j
		}
	}
	return len(data) - 1
}

// spend charges n units of decoded size (scalar bytes, list items) to the file's budget and
// reports, once, a file whose aliases expand it past the budget; false means stop decoding.
func (d *decoder) spend(at ast.Node, path string, n int) bool {
	if d.budget < 0 {
		return true // no budget set
	}
	d.spent += n
	if d.spent <= d.budget {
		return true
	}
	if !d.exhausted {
		d.exhausted = true
		d.report(at, path, "aliases expand the file past %d bytes (%d times its size): refused", d.budget, expansionFactor)
	}
	return false
}
