package parse

import (
	"fmt"
	"strings"
)

// Text is the article body as the text export prints it after the title and date lines: the
// lead, the blocks with captions in place, the byline as shown, separated by one blank line.
func (a *Article) Text() string {
	parts := make([]string, 0, len(a.Blocks)+2)
	if a.Lead != "" {
		parts = append(parts, a.Lead)
	}
	for _, b := range a.Blocks {
		parts = append(parts, b.Text)
	}
	if a.Byline != "" {
		parts = append(parts, a.Byline)
	}
	return strings.Join(parts, "\n\n")
}

// Plain is the running text alone: the lead and the body blocks without captions or byline, as
// article-extraction benchmarks score it.
func (a *Article) Plain() string {
	parts := make([]string, 0, len(a.Blocks)+1)
	if a.Lead != "" {
		parts = append(parts, a.Lead)
	}
	for _, b := range a.Blocks {
		if b.Kind != Caption {
			parts = append(parts, b.Text)
		}
	}
	return strings.Join(parts, "\n\n")
}

// DateLine formats the publication date as the sites print it: "19/04/2021 - 14:06", or
// "23/07/2020" for a bare date; "" when there is none.
func (d Date) DateLine() string {
	switch {
	case d.IsZero():
		return ""
	case d.HasTime:
		t := d.Time.In(Location())
		return t.Format("02/01/2006 - 15:04")
	default:
		return d.Time.Format("02/01/2006")
	}
}

// Document renders the whole article in the form of the seed files: title, date line, then Text,
// separated by blank lines, ending with a newline.
func (a *Article) Document() string {
	var parts []string
	for _, s := range []string{a.Title, a.Published.DateLine(), a.Text()} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return fmt.Sprintln(strings.Join(parts, "\n\n"))
}
