package web

import (
	"html"
	"strings"

	"github.com/newsarchive/newsarchive/internal/search"
)

// snippetHTML renders a snippet escaped, with its hits in <mark>, for API clients that show it.
func snippetHTML(sn search.Snippet) string {
	var b strings.Builder
	for _, sp := range sn {
		if sp.Hit {
			b.WriteString("<mark>" + html.EscapeString(sp.Text) + "</mark>")
		} else {
			b.WriteString(html.EscapeString(sp.Text))
		}
	}
	return b.String()
}
