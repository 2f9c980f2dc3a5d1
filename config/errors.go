package config

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// ErrInvalid is wrapped by every problem found in a configuration file: YAML syntax, unknown keys,
// wrong types and values that fail validation. Callers test for it with errors.Is to tell a bad
// configuration from a file that cannot be read.
var ErrInvalid = errors.New("invalid configuration")

// Error is one problem in a configuration file. Its text has the form
//
//	config.yaml:12: sites[1].delay: "fast" is not a duration
//
// A Parse or Load that finds several problems returns them all, joined with errors.Join in line
// order, one per line of the error's text.
type Error struct {
	// File is the name the configuration was loaded from.
	File string
	// Line is the 1-based line of the offending key or value.
	Line int
	// Path names the key, as in "sites[1].delay"; empty for problems of the file as a whole.
	Path string
	// Problem says what is wrong.
	Problem string
}

// Error returns "file:line: path: problem".
func (e *Error) Error() string {
	if e.Path == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Problem)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Path, e.Problem)
}

// Unwrap returns ErrInvalid.
func (e *Error) Unwrap() error { return ErrInvalid }

// joinErrors sorts problems by line (stably, so problems of one line keep the order they were
// found in) and joins them into one error, or returns nil when there are none.
func joinErrors(problems []*Error) error {
	if len(problems) == 0 {
		return nil
	}
	slices.SortStableFunc(problems, func(a, b *Error) int { return cmp.Compare(a.Line, b.Line) })
	errs := make([]error, len(problems))
	for i, p := range problems {
		errs[i] = p
	}
	return errors.Join(errs...)
}
