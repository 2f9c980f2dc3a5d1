package parse

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func FuzzExtract(f *testing.F) {
	f.Add([]byte(`<html><head><title>T - Site</title></head><body><h1>T</h1><p>Một câu, hai câu, ba câu đủ dài để làm đoạn văn.</p></body></html>`), "https://baodongkhoi.vn/a-19042021-a1.html")
	f.Add([]byte(`<table><tr><td>a<br><br>b<br>c</td></tr></table>`), "")
	f.Add([]byte("<meta charset=windows-1258><p>Ha\xf2a B\xecnh</p>"), "http://x/")
	f.Add([]byte(strings.Repeat("<div>", 2000)+"text"), "http://x/")
	f.Add([]byte(`<script type="application/ld+json">{"datePublished":"2021-04-19"}</script><time datetime="x">`), "http://x/")
	f.Fuzz(func(t *testing.T, page []byte, pageURL string) {
		for _, prof := range []*Profile{nil, DefaultProfiles()[0]} {
			a, err := Extract(page, pageURL, prof)
			if errors.Is(err, ErrInternal) {
				t.Fatalf("internal error: %v", err)
			}
			for _, s := range []string{a.Title, a.Lead, a.Author, a.Text()} {
				if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) {
					t.Fatalf("output not valid NFC UTF-8: %q", s)
				}
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"19/04/2021 - 14:06", "(Cập nhật: 23/07/2020)", "Thứ hai, 19/04/2021 14:06 (GMT+7)",
		"2021-04-19T14:06:00+07:00", "ngày 5 tháng 3 năm 2021", "02:15 PM 19/04/2021", "2021-13-45T99:99",
		"Cập nhật: 10 giờ 12 phút, ngày 28-3-2025", "3/24/2024 7:12:35 AM", "10g12 - 28/03/2025", "28 tháng 3, 2025 - 10:12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s)
		if !ok {
			if !d.IsZero() {
				t.Fatalf("no date but non-zero result %v", d)
			}
			return
		}
		if y := d.Time.Year(); y < 1969 || y > 2101 {
			t.Fatalf("year %d out of range for %q", y, s)
		}
		if d.Time.Location() != Location() {
			t.Fatalf("date not in Asia/Ho_Chi_Minh: %v", d.Time)
		}
		again, ok := ParseDate(d.String())
		if !ok || !again.Time.Equal(d.Time) || again.HasTime != d.HasTime {
			t.Fatalf("round trip of %q: %v → %q → %v", s, d, d.String(), again)
		}
	})
}

// dateLayouts are the ways the sites print a publication time, as fmt patterns over day, month,
// year, hour and minute (with the 12-hour forms handled by the fuzz target).
var dateLayouts = []string{
	"Thứ sáu, %02[1]d/%02[2]d/%[3]d %02[4]d:%02[5]d (GMT+7)",
	"%02[1]d/%02[2]d/%[3]d | %02[4]d:%02[5]d",
	"%02[4]d:%02[5]d %[1]d/%[2]d/%[3]d",
	"%02[4]d:%02[5]d ngày %02[1]d/%02[2]d/%[3]d",
	"Cập nhật: %[4]d giờ %[5]d phút, ngày %[1]d-%[2]d-%[3]d",
	"Cập nhật lúc %[4]dh%02[5]d ngày %[1]d/%[2]d/%[3]d",
	"Ngày %[1]d tháng %[2]d năm %[3]d, %02[4]d:%02[5]d",
	"%[3]d-%02[2]d-%02[1]dT%02[4]d:%02[5]d:00+07:00",
}

// FuzzDateLayouts prints a time in each layout the sites use and reads it back: every
// Vietnamese date line must give the minute it shows, and the en-US form ("3/4/2024 7:12:00 PM")
// its month-first date.
func FuzzDateLayouts(f *testing.F) {
	f.Add(int64(1743131520), uint8(0))
	f.Add(int64(1711239155), uint8(4))
	f.Fuzz(func(t *testing.T, unix int64, layout uint8) {
		tm := time.Unix(1e9+unix%(3e9), 0).In(Location()).Truncate(time.Minute)
		if y := tm.Year(); y < 1971 || y > 2099 {
			return
		}
		var s string
		if int(layout) == len(dateLayouts) || int(layout)%16 == 15 {
			h := tm.Hour() % 12
			if h == 0 {
				h = 12
			}
			mark := "AM"
			if tm.Hour() >= 12 {
				mark = "PM"
			}
			s = fmt.Sprintf("%d/%d/%d %d:%02d:00 %s", tm.Month(), tm.Day(), tm.Year(), h, tm.Minute(), mark)
		} else {
			s = fmt.Sprintf(dateLayouts[int(layout)%len(dateLayouts)], tm.Day(), int(tm.Month()), tm.Year(), tm.Hour(), tm.Minute())
		}
		d, ok := ParseDate(s)
		if !ok || !d.HasTime || !d.Time.Equal(tm) {
			t.Fatalf("ParseDate(%q) = %v, %v; want %v", s, d, ok, tm)
		}
	})
}
