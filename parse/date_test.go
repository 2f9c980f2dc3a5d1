package parse

import (
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // Date.String(); "" for no date
	}{
		{"19/04/2021 - 14:06", "2021-04-19T14:06:00+07:00"},
		{"08/01/2026 - 18:21", "2026-01-08T18:21:00+07:00"},
		{"(Cập nhật: 23/07/2020)", "2020-07-23"},
		{"Thứ hai, 19/04/2021 14:06 (GMT+7)", "2021-04-19T14:06:00+07:00"},
		{"Thứ hai, 30/11/2020 06:58 (GMT+7)", "2020-11-30T06:58:00+07:00"},
		{"23/07/2020 10:15", "2020-07-23T10:15:00+07:00"},
		{"14:06 | 19/04/2021", "2021-04-19T14:06:00+07:00"},
		{"Cập nhật lúc 9h30 ngày 5/3/2021", "2021-03-05T09:30:00+07:00"},
		{"ngày 5 tháng 3 năm 2021", "2021-03-05"},
		{"2021-04-19", "2021-04-19"},
		{"2021-04-19T14:06:00+07:00", "2021-04-19T14:06:00+07:00"},
		{"2021-04-19T07:06:00Z", "2021-04-19T14:06:00+07:00"},
		{"2021-04-19T14:06:00.000+0700", "2021-04-19T14:06:00+07:00"},
		{"02:15 PM 19/04/2021", "2021-04-19T14:15:00+07:00"},
		{"19.04.2021", "2021-04-19"},
		{"31/02/2021", ""},
		{"19/13/2021", ""},
		{"Lượt xem: 1234", ""},
		{"", ""},
		{"25:61 19/04/2021", "2021-04-19"},
		{"99/99/9999", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, ok := ParseDate(tt.in)
			if got := d.String(); got != tt.want || ok != (tt.want != "") {
				t.Errorf("ParseDate(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

func TestDateFromURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://baodongkhoi.vn/chu-truong-chinh-sach-moi-21042010-a4359.html", "2010-04-21"},
		{"https://baodongkhoi.vn/x-16112020-a80176.html", "2020-11-16"},
		{"https://example.com/2021/04/19/story", "2021-04-19"},
		{"https://example.com/news-20210419-123.html", "2021-04-19"},
		{"https://baodongkhoi.vn/thoi-su/", ""},
		{"https://baodongkhoi.vn/x-99999999-a1.html", ""},
	}
	for _, tt := range tests {
		d, _ := DateFromURL(tt.in)
		if got := d.String(); got != tt.want {
			t.Errorf("DateFromURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDateLine(t *testing.T) {
	d, _ := ParseDate("19/04/2021 - 14:06")
	if got := d.DateLine(); got != "19/04/2021 - 14:06" {
		t.Errorf("DateLine = %q", got)
	}
	d, _ = ParseDate("(Cập nhật: 23/07/2020)")
	if got := d.DateLine(); got != "23/07/2020" {
		t.Errorf("bare DateLine = %q", got)
	}
}
