package textdiff

import "testing"

func TestLines(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"equal", "a\nb", "a\nb", ""},
		{"edit", "Tiêu đề\n\nĐoạn một.\n\nĐoạn hai.", "Tiêu đề\n\nĐoạn một, sửa.\n\nĐoạn hai.",
			"  Tiêu đề\n  \n- Đoạn một.\n+ Đoạn một, sửa.\n  \n  Đoạn hai.\n"},
		{"added at end", "a", "a\nb", "  a\n+ b\n"},
		{"removed", "a\nb\nc", "a\nc", "  a\n- b\n  c\n"},
		{"context folded", "1\n2\n3\n4\n5\n6\n7\n8\nx\n9", "1\n2\n3\n4\n5\n6\n7\n8\ny\n9",
			"  …\n  7\n  8\n- x\n+ y\n  9\n"},
	}
	for _, tt := range tests {
		if got := Lines(tt.a, tt.b, 2); got != tt.want {
			t.Errorf("%s: got\n%q\nwant\n%q", tt.name, got, tt.want)
		}
	}
}
