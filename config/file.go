package config

import (
	"github.com/goccy/go-yaml/ast"
)

// fileNodes holds the top-level keys of a file; defaults and sites are decoded after the
// others, in that order, whatever their order in the file.
type fileNodes struct {
	userAgent string
	defaults  ast.Node
	sites     ast.Node
}

// fileFields are the top-level keys of a file.
func fileFields() []field[fileNodes] {
	type f = field[fileNodes]
	return []f{
		{"user_agent", false, func(d *decoder, v ast.Node, p string, n *fileNodes) { d.setUserAgent(v, p, &n.userAgent) }},
		{"defaults", false, func(_ *decoder, v ast.Node, _ string, n *fileNodes) { n.defaults = v }},
		{"sites", false, func(_ *decoder, v ast.Node, _ string, n *fileNodes) { n.sites = v }},
	}
}

// decodeFile decodes the document body root into a Config. The Config is complete only when
// the decoder has recorded no problem.
func (d *decoder) decodeFile(root ast.Node) *Config {
	top := fileNodes{userAgent: DefaultUserAgent}
	m, ok := decodeFields(d, root, "", fileFields(), &top, topLevel)
	if !ok {
		return &Config{}
	}
	cfg := &Config{UserAgent: expandVersion(top.userAgent)}
	base := builtinSite()
	if top.defaults != nil {
		decodeFields(d, top.defaults, "defaults", siteFields(), base, inDefaults)
	}
	if top.sites == nil {
		at := root
		if e, ok := m.keys["sites"]; ok {
			at = e.node
		}
		d.report(at, "sites", "missing (list at least one site)")
		return cfg
	}
	cfg.Sites = d.decodeSites(top.sites, base)
	return cfg
}

// decodeSites decodes the sites list v, each site starting from a copy of base.
func (d *decoder) decodeSites(v ast.Node, base *Site) []*Site {
	items, ok := d.list(v, "sites")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.report(v, "sites", "is empty (list at least one site)")
		return nil
	}
	var sites []*Site
	names := map[string]entry{}
	for i, item := range items {
		path := indexPath("sites", i)
		s := base.clone()
		m, ok := decodeFields(d, item, path, siteFields(), s, plain)
		if !ok {
			continue
		}
		d.checkSite(s, path, m)
		d.checkName(s, path, m, names)
		sites = append(sites, s)
	}
	return sites
}
