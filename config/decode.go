package config

import (
	"fmt"

	"github.com/goccy/go-yaml/ast"
)

// Limits that keep hostile files (alias loops, merge bombs) from running away.
const (
	maxAliasChain = 16   // aliases and anchors followed to reach one value
	maxMergeDepth = 8    // merge keys within merged mappings
	maxMerges     = 1000 // merged mappings in one file
)

// decoder turns the YAML syntax tree of one file into a Config, collecting every problem it
// meets instead of stopping at the first.
type decoder struct {
	file     string
	problems []*Error
	// aliases holds what each alias stands for, resolved in document order; an alias of an
	// undefined anchor is absent.
	aliases map[*ast.AliasNode]ast.Node
	// merges counts down the merged mappings still allowed.
	merges int
	// budget bounds the decoded size, aliases expanded (see spend); negative is no bound.
	budget, spent int
	exhausted     bool
}

// newDecoder returns a decoder for the document body root of the named file.
func newDecoder(file string, root ast.Node) *decoder {
	return &decoder{file: file, aliases: resolveAliases(root), merges: maxMerges, budget: -1}
}

// anchorVisitor records anchors and the alias uses that follow them, in document order.
type anchorVisitor struct {
	anchors map[string]ast.Node
	aliases map[*ast.AliasNode]ast.Node
}

// Visit implements ast.Visitor.
func (v *anchorVisitor) Visit(n ast.Node) ast.Visitor {
	switch n := n.(type) {
	case *ast.AnchorNode:
		if n.Name != nil {
			v.anchors[n.Name.GetToken().Value] = n.Value
		}
	case *ast.AliasNode:
		if n.Value != nil {
			if target, ok := v.anchors[n.Value.GetToken().Value]; ok {
				v.aliases[n] = target
			}
		}
	}
	return v
}

// resolveAliases maps each alias under root to the value of the anchor it names.
func resolveAliases(root ast.Node) map[*ast.AliasNode]ast.Node {
	v := &anchorVisitor{anchors: map[string]ast.Node{}, aliases: map[*ast.AliasNode]ast.Node{}}
	if root != nil {
		ast.Walk(v, root)
	}
	return v.aliases
}

// report records a problem at n's line.
func (d *decoder) report(n ast.Node, path, format string, args ...any) {
	d.problems = append(d.problems, &Error{File: d.file, Line: lineOf(n), Path: path, Problem: fmt.Sprintf(format, args...)})
}

// lineOf returns the line n starts on, or 1 when it has none.
func lineOf(n ast.Node) int {
	if n == nil {
		return 1
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil && tk.Position.Line > 0 {
		return tk.Position.Line
	}
	return 1
}

// resolve strips tags and anchors from n and follows aliases. It returns nil and false for an
// alias of an undefined anchor or an alias chain too long to be anything but a loop.
func (d *decoder) resolve(n ast.Node) (ast.Node, bool) {
	for range maxAliasChain {
		switch v := n.(type) {
		case *ast.TagNode:
			n = v.Value
		case *ast.AnchorNode:
			n = v.Value
		case *ast.AliasNode:
			n = d.aliases[v]
		case *ast.MappingKeyNode:
			n = v.Value
		default:
			return n, n != nil
		}
		if n == nil {
			return nil, false
		}
	}
	return nil, false
}

// isNull reports whether n is null or absent: such a value leaves a key unset.
func (d *decoder) isNull(n ast.Node) bool {
	r, ok := d.resolve(n)
	if !ok {
		return false
	}
	_, null := r.(*ast.NullNode)
	return null
}

// kindOf names the kind of a resolved node for messages: "a string", "a list", ….
func kindOf(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode, *ast.LiteralNode:
		return "a string"
	case *ast.IntegerNode:
		return "an integer"
	case *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "a number"
	case *ast.BoolNode:
		return "a boolean"
	case *ast.NullNode:
		return "null"
	case nil:
		return "nothing"
	}
	return "a " + n.Type().YAMLName()
}

// scalar returns the text of the scalar n, reporting "expected <want>, got a list" and the like
// when n is not a scalar. Scalars are read by their text, so quoting never matters: 5000 and
// "5000" are the same integer.
func (d *decoder) scalar(n ast.Node, path, want string) (string, bool) {
	r, ok := d.resolve(n)
	if !ok {
		d.report(n, path, "undefined alias")
		return "", false
	}
	switch v := r.(type) {
	case *ast.StringNode:
		return v.Value, d.spend(n, path, 1+len(v.Value))
	case *ast.LiteralNode:
		if v.Value == nil {
			return "", true
		}
		return v.Value.Value, d.spend(n, path, 1+len(v.Value.Value))
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return v.GetToken().Value, d.spend(n, path, 1+len(v.GetToken().Value))
	}
	hint := ""
	if kindOf(r) == "a mapping" {
		hint = " (quote a value that holds a colon)"
	}
	d.report(n, path, "expected %s, got %s%s", want, kindOf(r), hint)
	return "", false
}

// list returns the items of the sequence n, reporting anything else.
func (d *decoder) list(n ast.Node, path string) ([]ast.Node, bool) {
	r, ok := d.resolve(n)
	if !ok {
		d.report(n, path, "undefined alias")
		return nil, false
	}
	seq, ok := r.(*ast.SequenceNode)
	if !ok {
		d.report(n, path, "expected a list, got %s", kindOf(r))
		return nil, false
	}
	if !d.spend(n, path, 1+len(seq.Values)) {
		return nil, false
	}
	return seq.Values, true
}

// entry is one key of a mapping and its value.
type entry struct {
	key   string
	node  ast.Node // the key, for its line
	value ast.Node
}

// entries returns the keys of the mapping n with their values, merge keys ("<<: *base")
// expanded, explicit keys winning over merged ones. It reports duplicate keys and keys that
// are not scalars, and returns false when n is not a mapping.
func (d *decoder) entries(n ast.Node, path string) ([]entry, bool) {
	es, ok := d.entriesDepth(n, path, 0)
	if ok && !d.spend(n, path, 1+len(es)) {
		return nil, false
	}
	return es, ok
}

// entriesDepth is entries within depth merges.
func (d *decoder) entriesDepth(n ast.Node, path string, depth int) ([]entry, bool) {
	r, ok := d.resolve(n)
	if !ok {
		d.report(n, path, "undefined alias")
		return nil, false
	}
	var values []*ast.MappingValueNode
	switch m := r.(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	default:
		d.report(n, path, "expected a mapping, got %s", kindOf(r))
		return nil, false
	}
	seen := map[string]int{}
	var out, merged []entry
	for _, mv := range values {
		if mv == nil || mv.Key == nil {
			continue
		}
		if mv.Key.IsMergeKey() {
			merged = append(merged, d.merge(mv.Value, path, depth)...)
			continue
		}
		key, ok := d.keyText(mv.Key)
		if !ok {
			d.report(mv.Key, path, "keys must be strings")
			continue
		}
		if first, dup := seen[key]; dup {
			d.report(mv.Key, joinPath(path, key), "duplicate key (first at line %d)", first)
			continue
		}
		seen[key] = lineOf(mv.Key)
		out = append(out, entry{key: key, node: mv.Key, value: mv.Value})
	}
	for _, e := range merged {
		if _, dup := seen[e.key]; !dup {
			seen[e.key] = lineOf(e.node)
			out = append(out, e)
		}
	}
	return out, true
}

// merge returns the entries a merge key's value brings: one mapping or a list of them.
func (d *decoder) merge(n ast.Node, path string, depth int) []entry {
	if depth >= maxMergeDepth || d.merges <= 0 {
		d.report(n, path, "too many merge keys")
		return nil
	}
	r, ok := d.resolve(n)
	if !ok {
		d.report(n, path, "undefined alias")
		return nil
	}
	sources := []ast.Node{n}
	if seq, isSeq := r.(*ast.SequenceNode); isSeq {
		sources = seq.Values
	}
	var out []entry
	for _, src := range sources {
		d.merges--
		if d.merges < 0 {
			d.report(n, path, "too many merge keys")
			return out
		}
		es, _ := d.entriesDepth(src, path, depth+1)
		out = append(out, es...)
	}
	return out
}

// keyText returns the text of a mapping key.
func (d *decoder) keyText(k ast.Node) (string, bool) {
	r, ok := d.resolve(k)
	if !ok {
		return "", false
	}
	switch v := r.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.NullNode:
		return v.GetToken().Value, true
	}
	return "", false
}

// joinPath appends key to path with a dot.
func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// indexPath appends a list index to path.
func indexPath(path string, i int) string {
	return fmt.Sprintf("%s[%d]", path, i)
}
