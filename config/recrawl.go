package config

import (
	"time"

	"github.com/goccy/go-yaml/ast"
)

// RecrawlRule says how often an archived article of a given age is fetched again.
type RecrawlRule struct {
	// YoungerThan is the age below which the rule applies (key younger_than). Zero, allowed
	// only in the last rule, makes the rule apply to every older article.
	YoungerThan time.Duration
	// Every is the least time between two fetches of such an article (key every).
	Every time.Duration
}

// Recrawl is a site's recrawl policy: rules in increasing order of YoungerThan. An article's
// age is the time since its publication date, or since it was first seen when it has none.
// Articles older than the last rule's YoungerThan are never fetched again, unless the last rule
// has no YoungerThan. Listings, feeds and sitemaps are not subject to it: they are fetched on
// every run.
//
// In YAML:
//
//	recrawl:
//	  - {younger_than: 48h, every: 6h}
//	  - {younger_than: 720h, every: 72h}
//	  - {every: 2160h}
type Recrawl []RecrawlRule

// interval returns how often an article of the given age is fetched again, and false when it
// is not fetched again at all.
func (r Recrawl) interval(age time.Duration) (time.Duration, bool) {
	for _, rule := range r {
		if rule.YoungerThan == 0 || age < rule.YoungerThan {
			return rule.Every, true
		}
	}
	return 0, false
}

// Due reports whether an article published (or first seen) at born and last fetched at
// fetched is due for another fetch at now.
func (r Recrawl) Due(born, fetched, now time.Time) bool {
	every, ok := r.interval(now.Sub(born))
	return ok && now.Sub(fetched) >= every
}

// setRecrawl sets a recrawl policy: a list of rules from young to old, each with every and,
// except perhaps the last, younger_than.
func (d *decoder) setRecrawl(v ast.Node, path string, dst *Recrawl) {
	items, ok := d.list(v, path)
	if !ok {
		return
	}
	var rules Recrawl
	for i, item := range items {
		r, ok := d.recrawlRule(item, indexPath(path, i), i == len(items)-1)
		if !ok {
			continue
		}
		if n := len(rules); n > 0 && n == i && r.YoungerThan != 0 && r.YoungerThan <= rules[n-1].YoungerThan {
			d.report(item, joinPath(indexPath(path, i), "younger_than"), "%s is not more than the rule before's %s (rules go from young to old)",
				formatDuration(r.YoungerThan), formatDuration(rules[n-1].YoungerThan))
			continue
		}
		rules = append(rules, r)
	}
	if len(rules) == len(items) {
		*dst = rules
	}
}

// recrawlRule decodes one rule of a recrawl policy.
func (d *decoder) recrawlRule(item ast.Node, path string, last bool) (RecrawlRule, bool) {
	var r RecrawlRule
	m, ok := decodeFields(d, item, path, recrawlRuleFields(), &r, plain)
	switch {
	case !ok || len(m.bad) > 0:
		return r, false
	case !m.has(d, "every"):
		d.report(item, joinPath(path, "every"), "missing")
		return r, false
	case !m.has(d, "younger_than") && !last:
		d.report(item, joinPath(path, "younger_than"), "missing (only the last rule may leave it out)")
		return r, false
	}
	return r, true
}
