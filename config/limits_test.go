package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLimits: hostile shapes fail fast with one clear problem, each an ErrInvalid.
func TestLimits(t *testing.T) {
	bigRegexp := strings.Repeat("(tin|bài)-[0-9]+", 700) // about 10 kB
	var fanOut strings.Builder
	fmt.Fprintf(&fanOut, "x: &re '%s'\n", bigRegexp)
	fanOut.WriteString(site("exclude: [" + strings.TrimSuffix(strings.Repeat("*re, ", 1000), ", ") + "]"))
	laughs := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'j'; i++ {
		laughs += fmt.Sprintf("%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	laughs += site("exclude: *j")
	tests := []struct{ name, data, want string }{
		{"flow nesting", "sites: " + strings.Repeat("[", 50000), "nested deeper than 32 levels"},
		{"mapping nesting", "sites: " + strings.Repeat("{a: ", 50000), "nested deeper than 32 levels"},
		{"alias fan-out", fanOut.String(), "aliases expand the file"},
		{"billion laughs", laughs, "unknown key"}, // anchors are never expanded in depth: no laughing
		{"too large", site("") + "# " + strings.Repeat("x", MaxFileSize), "larger than"},
	}
	for _, tt := range tests {
		_, err := Parse("hostile.yaml", []byte(tt.data))
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %.200v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestLimits_Allowed: brackets in quoted regexps and comments do not count as nesting, and a
// file that uses aliases modestly is fine.
func TestLimits_Allowed(t *testing.T) {
	data := "# " + strings.Repeat("[", 100) + "\n" + site(fmt.Sprintf("exclude: ['%s', \"%s\", 'it''s \\[', '\\[x']\n", strings.Repeat(`\[`, 40), strings.Repeat(`\\[`, 40))) +
		"    listing_patterns: &p ['/tin-[a-z]+/', '/bai-[0-9]+/']\n"
	if _, err := Parse("ok.yaml", []byte(data)); err != nil {
		t.Errorf("a legitimate file refused: %v", err)
	}
	if _, err := Parse("default.yaml", defaultYAML); err != nil {
		t.Errorf("the default configuration: %v", err)
	}
}

// TestLoad_ReadsAtMostTheLimit: Load reads no more than MaxFileSize+1 bytes of a huge file.
func TestLoad_ReadsAtMostTheLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 40); err != nil { // a sparse terabyte
		t.Skipf("no sparse file here: %v", err)
	}
	f.Close()
	if _, err := Load(path); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("Load of a 1 TB file: %v", err)
	}
}
