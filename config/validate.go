package config

import (
	"net/url"
	"slices"

	"github.com/goccy/go-yaml/ast"
)

// The checks here look at several keys of a site, or at several sites, once every key has
// been decoded. A check is skipped when a key it needs already had a problem, so that one
// mistake is reported once.

// checkSite checks what no single key of site s at path can show, and fills in the defaults
// that depend on other keys: allowed_domains and the name of an inline profile.
func (d *decoder) checkSite(s *Site, path string, m decoded) {
	if !m.has(d, "name") {
		d.report(m.node, joinPath(path, "name"), "missing")
	}
	if !d.checkStartURLs(s, path, m) {
		return
	}
	if !m.has(d, "allowed_domains") {
		s.AllowedDomains = hostsOf(s.StartURLs)
	} else if m.bad["allowed_domains"] {
		return
	}
	for _, key := range []string{"start_urls", "feeds", "sitemaps"} {
		if m.usable(d, key) {
			d.checkInScope(s, joinPath(path, key), m.keys[key].value, key == "start_urls" && !m.bad["exclude"])
		}
	}
	if s.Profile != nil && s.Profile.Name == "" {
		s.Profile.Name = s.Name
	}
}

// checkStartURLs reports missing or empty start_urls, and returns whether they are usable.
func (d *decoder) checkStartURLs(s *Site, path string, m decoded) bool {
	switch {
	case !m.has(d, "start_urls"):
		d.report(m.node, joinPath(path, "start_urls"), "missing")
		return false
	case m.bad["start_urls"]:
		return false
	case len(s.StartURLs) == 0:
		d.report(m.keys["start_urls"].value, joinPath(path, "start_urls"), "is empty")
		return false
	}
	return true
}

// checkInScope reports each URL of the list v at path that is outside the site's allowed
// domains, and, when excluded is set, each one that an exclude pattern matches.
func (d *decoder) checkInScope(s *Site, path string, v ast.Node, excluded bool) {
	items, _ := d.list(v, path)
	for i, item := range items {
		text, _ := d.scalar(item, path, "a URL")
		u, problem := parseHTTPURL(text)
		p := indexPath(path, i)
		switch {
		case problem != "":
		case !s.AllowsURL(text):
			d.report(item, p, "host %q is not in allowed_domains", u.Host)
		case excluded:
			if re := s.excludedBy(text); re != nil {
				d.report(item, p, "%q matches exclude pattern %q", text, re.String())
			}
		}
	}
}

// hostsOf returns the distinct hosts (with their port, if any) of urls, in order.
func hostsOf(urls []string) []string {
	var hosts []string
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		if h, problem := parseHost(u.Host); problem == "" && !slices.Contains(hosts, h) {
			hosts = append(hosts, h)
		}
	}
	return hosts
}

// checkName reports a site whose name an earlier site has; seen maps each name to the line
// and path of its first site.
func (d *decoder) checkName(s *Site, path string, m decoded, seen map[string]entry) {
	if s.Name == "" || !m.usable(d, "name") {
		return
	}
	e := m.keys["name"]
	if first, dup := seen[s.Name]; dup {
		d.report(e.value, joinPath(path, "name"), "duplicate site name %q (first at line %d, %s)", s.Name, lineOf(first.value), first.key)
		return
	}
	seen[s.Name] = entry{key: path, node: e.node, value: e.value}
}
