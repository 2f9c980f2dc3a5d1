package config

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// defaultYAML is the configuration of the Bến Tre sites that Default returns.
//
//go:embed default.yaml
var defaultYAML []byte

// Load reads and validates the configuration file at path. Problems in the file wrap
// ErrInvalid and name path, line and key; a file that cannot be read does not wrap ErrInvalid.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	// One byte more than the limit tells an oversized file, without reading all of it.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes and validates a configuration, applying defaults. filename is used in error
// messages only. Every problem found is returned, joined with errors.Join, each one an *Error
// wrapping ErrInvalid.
func Parse(filename string, data []byte) (*Config, error) {
	if err := checkShape(filename, data); err != nil {
		return nil, err
	}
	root, err := parseYAML(filename, data)
	if err != nil {
		return nil, err
	}
	d := newDecoder(filename, root)
	d.budget = expansionFactor*len(data) + expansionSlack
	cfg := d.decodeFile(root)
	if err := joinErrors(d.problems); err != nil {
		return nil, err
	}
	return cfg, nil
}

// Default returns the embedded default configuration: the Bến Tre provincial sites. Each call
// returns a new Config that the caller may change.
func Default() *Config {
	cfg, err := Parse("default.yaml", defaultYAML)
	if err != nil {
		panic("config: embedded default.yaml is invalid: " + err.Error())
	}
	return cfg
}

// DefaultYAML returns the text of the embedded default configuration, comments and all: the
// example to copy and edit.
func DefaultYAML() []byte {
	return append([]byte(nil), defaultYAML...)
}

// parseYAML parses data into the body of its one YAML document, reporting syntax errors, an
// empty file and a file of several documents as *Error.
func parseYAML(filename string, data []byte) (ast.Node, error) {
	f, err := parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		return nil, syntaxError(filename, err)
	}
	var docs []*ast.DocumentNode
	for _, doc := range f.Docs {
		if doc != nil && doc.Body != nil {
			docs = append(docs, doc)
		}
	}
	switch {
	case len(docs) == 0:
		return nil, &Error{File: filename, Line: 1, Problem: "empty file (a configuration needs at least a sites list)"}
	case len(docs) > 1:
		return nil, &Error{File: filename, Line: lineOf(docs[1].Body), Problem: "more than one YAML document"}
	}
	return docs[0].Body, nil
}

// syntaxError turns an error of the YAML parser into an *Error at its line.
func syntaxError(filename string, err error) error {
	e := &Error{File: filename, Line: 1, Problem: "syntax error: " + err.Error()}
	var ye yaml.Error
	if errors.As(err, &ye) {
		e.Problem = "syntax error: " + ye.GetMessage()
		if tk := ye.GetToken(); tk != nil && tk.Position != nil && tk.Position.Line > 0 {
			e.Line = tk.Position.Line
		}
	}
	return e
}
