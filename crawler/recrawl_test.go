package crawler

import (
	"testing"
	"time"
)

func TestHintNewer(t *testing.T) {
	seen := time.Date(2026, 11, 27, 8, 0, 5, 300e6, time.UTC) // captured at 08:00:05.3
	for _, tc := range []struct {
		name    string
		updated time.Time
		want    bool
	}{
		{"no date", time.Time{}, false},
		{"a second before the capture's second", time.Date(2026, 11, 27, 8, 0, 4, 0, time.UTC), false},
		{"the capture's own second: may be after it", time.Date(2026, 11, 27, 8, 0, 5, 0, time.UTC), true},
		{"a later second", time.Date(2026, 11, 27, 8, 0, 6, 0, time.UTC), true},
		{"to the millisecond, before", time.Date(2026, 11, 27, 8, 0, 5, 200e6, time.UTC), false},
		{"to the millisecond, after", time.Date(2026, 11, 27, 8, 0, 5, 400e6, time.UTC), true},
		{"another zone, same instant as the capture's second", time.Date(2026, 11, 27, 15, 0, 5, 0, time.FixedZone("ICT", 7*3600)), true},
	} {
		if got := hintNewer(tc.updated, seen); got != tc.want {
			t.Errorf("%s: hintNewer(%s, %s) = %v, want %v", tc.name, tc.updated, seen, got, tc.want)
		}
	}
}
