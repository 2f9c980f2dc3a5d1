package parse

import (
	"errors"
	"strings"
	"testing"
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
		"2021-04-19T14:06:00+07:00", "ngày 5 tháng 3 năm 2021", "02:15 PM 19/04/2021", "2021-13-45T99:99"} {
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
