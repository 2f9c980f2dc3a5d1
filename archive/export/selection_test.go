package export

import (
	"os"
	"strings"
	"testing"
)

// TestSelection_DamagedRun: a run file cut short or holding an absurd length fails the walk with
// an error naming the file, instead of yielding a wrong ref or allocating without bound.
func TestSelection_DamagedRun(t *testing.T) {
	t.Parallel()
	for name, damage := range map[string]func([]byte) []byte{
		"cut":         func(b []byte) []byte { return b[:len(b)-3] },
		"huge length": func(b []byte) []byte { return append(b, 0xff, 0xff, 0xff, 0xff, 0x7f) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sel := newSelection(t.TempDir())
			sel.limit = 2
			for i, u := range []string{"https://x.vn/c", "https://x.vn/a", "https://x.vn/b"} {
				if err := sel.add(ref{url: u, sortDate: "2026-01-0" + string(rune('1'+i)), n: 1}); err != nil {
					t.Fatal(err)
				}
			}
			defer sel.close()
			b, err := os.ReadFile(sel.runs[0])
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(sel.runs[0], damage(b), 0o644); err != nil {
				t.Fatal(err)
			}
			var walkErr error
			for _, err := range sel.refs() {
				if err != nil {
					walkErr = err
					break
				}
			}
			if walkErr == nil || !strings.Contains(walkErr.Error(), sel.runs[0]) {
				t.Errorf("walk of a damaged run: %v, want an error naming %s", walkErr, sel.runs[0])
			}
		})
	}
}
