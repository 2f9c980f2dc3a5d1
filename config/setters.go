package config

import (
	"regexp"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"
)

// The setters decode one non-null value onto a field, reporting what is wrong and leaving the
// field untouched when anything is. List setters set nil for an empty list.

// setString sets a string.
func (d *decoder) setString(v ast.Node, path string, dst *string) {
	if s, ok := d.scalar(v, path, "a string"); ok {
		*dst = s
	}
}

// setParsed sets a value read from a scalar by parseFn, which returns a problem or "".
func setParsed[T any](d *decoder, v ast.Node, path, want string, dst *T, parseFn func(string) (T, string)) bool {
	s, ok := d.scalar(v, path, want)
	if !ok {
		return false
	}
	x, problem := parseFn(s)
	if problem != "" {
		d.report(v, path, "%s", problem)
		return false
	}
	*dst = x
	return true
}

// setBool sets a boolean.
func (d *decoder) setBool(v ast.Node, path string, dst *bool) {
	setParsed(d, v, path, "a boolean", dst, parseBool)
}

// setInt sets an integer of at least least.
func (d *decoder) setInt(v ast.Node, path string, dst *int, least int) {
	var n int
	if !setParsed(d, v, path, "an integer", &n, parseInt) {
		return
	}
	switch {
	case n < 0 && least == 0:
		d.report(v, path, "%d is negative", n)
	case n < least:
		d.report(v, path, "must be at least %d, not %d", least, n)
	default:
		*dst = n
	}
}

// setDuration sets a duration that is not negative, and not zero when positive is set.
func (d *decoder) setDuration(v ast.Node, path string, dst *time.Duration, positive bool) {
	var x time.Duration
	if !setParsed(d, v, path, "a duration", &x, parseDuration) {
		return
	}
	switch {
	case x < 0:
		d.report(v, path, "%s is negative", formatDuration(x))
	case x == 0 && positive:
		d.report(v, path, "must be more than 0s")
	default:
		*dst = x
	}
}

// setSize sets a positive byte count.
func (d *decoder) setSize(v ast.Node, path string, dst *int64) {
	var n int64
	if !setParsed(d, v, path, "a size", &n, parseSize) {
		return
	}
	if n == 0 {
		d.report(v, path, "must be more than 0 bytes")
		return
	}
	*dst = n
}

// setName sets a site name.
func (d *decoder) setName(v ast.Node, path string, dst *string) {
	setParsed(d, v, path, "a string", dst, parseName)
}

// setUserAgent sets a user agent: not blank, one line.
func (d *decoder) setUserAgent(v ast.Node, path string, dst *string) {
	s, ok := d.scalar(v, path, "a string")
	switch {
	case !ok:
	case strings.TrimSpace(s) == "":
		d.report(v, path, "is empty")
	case strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }):
		d.report(v, path, "%q holds a control character", s)
	default:
		*dst = s
	}
}

// setPattern sets a regular expression; the empty string sets nil.
func (d *decoder) setPattern(v ast.Node, path string, dst **regexp.Regexp) {
	setParsed(d, v, path, "a regexp", dst, func(s string) (*regexp.Regexp, string) {
		if s == "" {
			return nil, ""
		}
		return parsePattern(s)
	})
}

// setList sets a list whose items are read from scalars by parseFn.
func setList[T any](d *decoder, v ast.Node, path, want string, dst *[]T, parseFn func(string) (T, string)) {
	items, ok := d.list(v, path)
	if !ok {
		return
	}
	var out []T
	good := true
	for i, item := range items {
		var x T
		if setParsed(d, item, indexPath(path, i), want, &x, parseFn) {
			out = append(out, x)
		} else {
			good = false
		}
	}
	if good {
		*dst = out
	}
}

// setURLs sets a list of absolute http or https URLs.
func (d *decoder) setURLs(v ast.Node, path string, dst *[]string) {
	setList(d, v, path, "a URL", dst, func(s string) (string, string) {
		_, problem := parseHTTPURL(s)
		return s, problem
	})
}

// setHosts sets a list of hosts or host:port pairs, lower-cased.
func (d *decoder) setHosts(v ast.Node, path string, dst *[]string) {
	setList(d, v, path, "a host", dst, parseHost)
}

// setPatterns sets a list of regular expressions.
func (d *decoder) setPatterns(v ast.Node, path string, dst *[]*regexp.Regexp) {
	setList(d, v, path, "a regexp", dst, parsePattern)
}

// setSelectors sets a list of CSS selectors.
func (d *decoder) setSelectors(v ast.Node, path string, dst *[]string) {
	setList(d, v, path, "a CSS selector", dst, func(s string) (string, string) { return s, parseSelector(s) })
}

// setSelector sets one CSS selector; the empty string is no selector.
func (d *decoder) setSelector(v ast.Node, path string, dst *string) {
	setParsed(d, v, path, "a CSS selector", dst, func(s string) (string, string) {
		if s == "" {
			return "", ""
		}
		return s, parseSelector(s)
	})
}
