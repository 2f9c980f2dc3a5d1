package web

import (
	"reflect"
	"testing"
)

func TestWordDiff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, a, b string
		want       []segment
	}{
		{"equal", "Bến Tre", "Bến Tre", []segment{{opEqual, "Bến Tre"}}},
		{"changed figure", "Giá tăng 20% trong năm.", "Giá tăng 25% trong năm.",
			[]segment{{opEqual, "Giá tăng "}, {opDelete, "20"}, {opInsert, "25"}, {opEqual, "% trong năm."}}},
		{"added sentence", "Một.\n\nHai.", "Một. Ba.\n\nHai.",
			[]segment{{opEqual, "Một."}, {opInsert, " Ba."}, {opEqual, "\n\nHai."}}},
		{"replaced phrase reads whole", "ông Nguyễn Văn A phát biểu", "bà Trần Thị B phát biểu",
			[]segment{{opDelete, "ông Nguyễn Văn A"}, {opInsert, "bà Trần Thị B"}, {opEqual, " phát biểu"}}},
		{"removed paragraph", "A.\n\nB.\n\nC.", "A.\n\nC.",
			[]segment{{opEqual, "A.\n\n"}, {opDelete, "B.\n\n"}, {opEqual, "C."}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wordDiff(tt.a, tt.b)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
			var a, b string
			for _, s := range got {
				if s.Op != opInsert {
					a += s.Text
				}
				if s.Op != opDelete {
					b += s.Text
				}
			}
			if a != tt.a || b != tt.b {
				t.Errorf("segments do not rebuild the texts: %q / %q", a, b)
			}
		})
	}
}
