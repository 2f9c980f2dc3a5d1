package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzParse checks that Parse never panics, that every error it returns wraps ErrInvalid, and
// that whatever it accepts survives YAML() and Parse unchanged.
func FuzzParse(f *testing.F) {
	f.Add(DefaultYAML())
	files, _ := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"", "sites: []", "sites:\n  - name: s\n    start_urls: [https://s.vn/]\n",
		"a: &a [*a]\nsites: *a\n",
		"x: &m {<<: *m}\nsites:\n  - <<: *m\n",
		"sites:\n  - &s {name: a, start_urls: ['https://a.vn/'], <<: *s}\n",
		"sites:\n  - name: s\n    start_urls: [https://s.vn/]\n    max_body_size: 1.5e300GiB\n",
		"sites:\n  - {name: s, start_urls: ['http://[::1]:80/'], profile: {remove: ['']}}\n",
		"? [a]\n: b\n", "!!map {sites: !!seq [!!map {name: !!str 1}]}", "--- |\n  text\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("fuzz.yaml", data)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error does not wrap ErrInvalid: %v", err)
			}
			return
		}
		out, err := cfg.YAML()
		if err != nil {
			t.Fatalf("YAML: %v", err)
		}
		back, err := Parse("effective.yaml", out)
		if err != nil {
			t.Fatalf("Parse(YAML()): %v\n%s", err, out)
		}
		if !reflect.DeepEqual(back, cfg) {
			t.Fatalf("round trip differs:\n%s", out)
		}
	})
}
