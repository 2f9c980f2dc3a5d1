package config

import (
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// field is one key of a mapping decoded onto a *T.
type field[T any] struct {
	key string
	// perSite marks a site key refused in the defaults block: it identifies one site.
	perSite bool
	// set decodes the non-null value v of the key at path onto dst, reporting what is wrong.
	set func(d *decoder, v ast.Node, path string, dst *T)
}

// decoded is what decodeFields saw of one mapping.
type decoded struct {
	node ast.Node         // the mapping, for its line
	keys map[string]entry // the keys present, null or not
	bad  map[string]bool  // the keys whose value had a problem
}

// has reports whether key is present with a non-null value.
func (m decoded) has(d *decoder, key string) bool {
	e, ok := m.keys[key]
	return ok && !d.isNull(e.value)
}

// usable reports whether key is present, non-null and without problems.
func (m decoded) usable(d *decoder, key string) bool {
	return m.has(d, key) && !m.bad[key]
}

// scope says which rules beyond its fields a mapping follows.
type scope int

const (
	plain      scope = iota
	inDefaults       // the defaults block: per-site keys are refused
	topLevel         // the file: keys starting with "x-" are ignored, a place for anchors
)

// decodeFields decodes the mapping n at path onto dst, key by key, leaving fields whose key is
// absent or null untouched. It reports unknown keys, with the nearest known key as a
// suggestion, and keys the scope refuses. It returns false when n is not a mapping.
func decodeFields[T any](d *decoder, n ast.Node, path string, fields []field[T], dst *T, sc scope) (decoded, bool) {
	m := decoded{node: n, keys: map[string]entry{}, bad: map[string]bool{}}
	es, ok := d.entries(n, path)
	if !ok {
		return m, false
	}
	for _, e := range es {
		p := joinPath(path, e.key)
		i := slices.IndexFunc(fields, func(f field[T]) bool { return f.key == e.key })
		switch {
		case i < 0 && sc == topLevel && strings.HasPrefix(e.key, "x-"):
			continue
		case i < 0:
			d.unknownKey(e, p, fieldKeys(fields))
			continue
		case sc == inDefaults && fields[i].perSite:
			d.report(e.node, p, "not allowed in defaults (set it on each site)")
			continue
		}
		m.keys[e.key] = e
		if d.isNull(e.value) {
			continue
		}
		before := len(d.problems)
		fields[i].set(d, e.value, p, dst)
		if len(d.problems) > before {
			m.bad[e.key] = true
		}
	}
	return m, true
}

// fieldKeys lists the keys of fields.
func fieldKeys[T any](fields []field[T]) []string {
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.key
	}
	return keys
}

// unknownKey reports an unknown key, suggesting the nearest of known when one is close.
func (d *decoder) unknownKey(e entry, path string, known []string) {
	if s, ok := suggest(e.key, known); ok {
		d.report(e.node, path, "unknown key, did you mean %q?", s)
		return
	}
	d.report(e.node, path, "unknown key")
}
