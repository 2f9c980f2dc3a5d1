package config

import (
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/newsarchive/newsarchive/parse"
)

// profileFields are the keys of an inline extraction profile, parse.Profile's yaml keys.
func profileFields() []field[parse.Profile] {
	type f = field[parse.Profile]
	return []f{
		{"name", false, func(d *decoder, v ast.Node, p string, pr *parse.Profile) { d.setString(v, p, &pr.Name) }},
		{"hosts", false, func(d *decoder, v ast.Node, p string, pr *parse.Profile) {
			setList(d, v, p, "a host", &pr.Hosts, parseProfileHost)
		}},
		{"title", false, func(d *decoder, v ast.Node, p string, pr *parse.Profile) { d.setSelector(v, p, &pr.Title) }},
		{"date", false, func(d *decoder, v ast.Node, p string, pr *parse.Profile) { d.setSelector(v, p, &pr.Date) }},
		{"lead", false, func(d *decoder, v ast.Node, p string, pr *parse.Profile) { d.setSelector(v, p, &pr.Lead) }},
		{"body", false, func(d *decoder, v ast.Node, p string, pr *parse.Profile) { d.setSelector(v, p, &pr.Body) }},
		{"byline", false, func(d *decoder, v ast.Node, p string, pr *parse.Profile) { d.setSelector(v, p, &pr.Byline) }},
		{"remove", false, func(d *decoder, v ast.Node, p string, pr *parse.Profile) { d.setSelectors(v, p, &pr.Remove) }},
	}
}

// parseProfileHost reads a profile host: a host, or a host suffix starting with ".".
func parseProfileHost(text string) (string, string) {
	if rest, ok := strings.CutPrefix(text, "."); ok {
		h, problem := parseHost(rest)
		if problem != "" || strings.Contains(h, ":") {
			return "", "\"" + text + "\" is not a host or host suffix"
		}
		return "." + h, ""
	}
	return parseHost(text)
}

// setProfile sets a site's extraction profile: the name of a built-in profile, or a mapping
// written inline.
func (d *decoder) setProfile(v ast.Node, path string, dst **parse.Profile) {
	if r, ok := d.resolve(v); ok {
		switch r.(type) {
		case *ast.MappingNode, *ast.MappingValueNode:
			p := &parse.Profile{}
			if m, ok := decodeFields(d, v, path, profileFields(), p, plain); ok && len(m.bad) == 0 {
				*dst = p
			}
			return
		}
	}
	name, ok := d.scalar(v, path, "a profile name or mapping")
	if !ok {
		return
	}
	if p, ok := builtinProfile(name); ok {
		*dst = p
		return
	}
	d.report(v, path, "unknown profile %q (built-in: %s)", name, strings.Join(builtinProfileNames(), ", "))
}

// builtinProfile returns a fresh copy of the built-in profile of that name.
func builtinProfile(name string) (*parse.Profile, bool) {
	profiles := parse.DefaultProfiles()
	i := slices.IndexFunc(profiles, func(p *parse.Profile) bool { return p.Name == name })
	if i < 0 {
		return nil, false
	}
	return profiles[i], true
}

// builtinProfileNames lists the names of the built-in profiles.
func builtinProfileNames() []string {
	var names []string
	for _, p := range parse.DefaultProfiles() {
		names = append(names, p.Name)
	}
	return names
}
