package parse

import (
	"strings"
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
		// Every common Vietnamese date line (issues 9 and 12).
		{"Thứ sáu, 28/03/2025 10:12 (GMT+7)", "2025-03-28T10:12:00+07:00"},
		{"28/03/2025 | 10:12", "2025-03-28T10:12:00+07:00"},
		{"10:12 28/3/2025", "2025-03-28T10:12:00+07:00"},
		{"07:12 ngày 24/03/2024", "2024-03-24T07:12:00+07:00"},
		{"Cập nhật: 10 giờ 12 phút, ngày 28-3-2025", "2025-03-28T10:12:00+07:00"},
		{"Ngày 28 tháng 3 năm 2025", "2025-03-28"},
		{"Thứ Sáu, ngày 28 tháng 03 năm 2025, 10:12", "2025-03-28T10:12:00+07:00"},
		{"28 tháng 3, 2025 - 10:12", "2025-03-28T10:12:00+07:00"},
		{"Thứ bảy, 29/3/2025, 08:05 (GMT+7)", "2025-03-29T08:05:00+07:00"},
		{"Cập nhật lúc: 10h12 ngày 28/03/2025", "2025-03-28T10:12:00+07:00"},
		{"10g12 - 28/03/2025", "2025-03-28T10:12:00+07:00"},
		{"28/03/2025 - 10:12:45", "2025-03-28T10:12:45+07:00"},
		{"Đăng ngày: 28-03-2025 10:12 SA", "2025-03-28T10:12:00+07:00"},
		{"28/03/2025 10:12 CH", "2025-03-28T22:12:00+07:00"},
		{"Thứ Sáu, 28/03/2025 - 2:12 chiều", "2025-03-28T14:12:00+07:00"},
		{"2025/03/28 10:12", "2025-03-28T10:12:00+07:00"},
		{"28.03.2025 10:12", "2025-03-28T10:12:00+07:00"},
		{"Chủ nhật, 30/03/2025 10:12", "2025-03-30T10:12:00+07:00"},
		{"28/03/2025 10:12 (GMT+07:00)", "2025-03-28T10:12:00+07:00"},
		// US order: from an AM/PM clock after the date, or from an impossible day.
		{"3/24/2024 7:12:35 AM", "2024-03-24T07:12:35+07:00"},
		{"3/4/2024 7:12:35 PM", "2024-03-04T19:12:35+07:00"},
		{"12/1/2023 12:05:00 AM", "2023-12-01T00:05:00+07:00"},
		{"03/24/2024", "2024-03-24"},
		{"03/24/2024 07:12", "2024-03-24T07:12:00+07:00"},
		{"04/03/2024 07:12", "2024-03-04T07:12:00+07:00"},
		{"07:12 PM 04/03/2024", "2024-03-04T19:12:00+07:00"},
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
		d, _ := dateFromURL(tt.in)
		if got := d.String(); got != tt.want {
			t.Errorf("dateFromURL(%q) = %q, want %q", tt.in, got, tt.want)
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

// TestFindDate_Page reads the date of whole pages where no date element is marked, where the
// metadata is in en-US order, or where the metadata labels a local time as UTC.
func TestFindDate_Page(t *testing.T) {
	const body = `<p>Đoạn văn thứ nhất của bài báo, đủ dài để làm một đoạn văn thật sự trong bài.</p>`
	tests := []struct {
		name, html, want string
	}{
		{"class-less div after h1", `<div><a href="/">Trang chủ</a> <div>Thứ hai, 01/01/2024</div></div><h1>Tiêu đề bài</h1><div>07:12 ngày 24/03/2024</div>` + body,
			"2024-03-24T07:12:00+07:00"},
		{"legacy date line in a td", `<table><tr><td><b>Tiêu đề bài</b><br><h1>Tiêu đề bài</h1></td></tr><tr><td><font size=1>Thứ sáu, 28/03/2025 10:12 (GMT+7)</font></td></tr></table>` + body,
			"2025-03-28T10:12:00+07:00"},
		{"byline and date on one line", `<h1>Tiêu đề bài</h1><div><span>Hà Thu</span> | <span>10:12 28/3/2025</span></div>` + body,
			"2025-03-28T10:12:00+07:00"},
		{"date bar above the h1", `<div>Cập nhật: 10 giờ 12 phút, ngày 28-3-2025</div><h1>Tiêu đề bài</h1>` + body,
			"2025-03-28T10:12:00+07:00"},
		{"words date", `<h1>Tiêu đề bài</h1><p>Ngày 28 tháng 3 năm 2025</p>` + body, "2025-03-28"},
		{"en-US metadata", `<meta itemprop="datePublished" content="3/4/2024 7:12:35 AM"><h1>Tiêu đề bài</h1>` + body,
			"2024-03-04T07:12:35+07:00"},
		{"local time labelled UTC", `<meta property="article:published_time" content="2024-03-24T07:12:00Z"><h1>Tiêu đề bài</h1><div class="date">24/03/2024 07:12</div>` + body,
			"2024-03-24T07:12:00+07:00"},
		{"metadata wins over a later update line", `<meta property="article:published_time" content="2024-03-24T07:12:00+07:00"><h1>Tiêu đề bài</h1><div>24/03/2024 09:40</div>` + body,
			"2024-03-24T07:12:00+07:00"},
		{"sidebar date far before the h1 ignored", `<ul><li>01/01/2020 10:00</li></ul>` + strings.Repeat("<p>Một dòng tin khác trong cột bên cạnh trang báo.</p>", 20) + `<h1>Tiêu đề bài</h1><div>Ngày 28 tháng 3 năm 2025</div>` + body,
			"2025-03-28"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<html><head><title>Tiêu đề bài</title></head><body>` + tt.html + `</body></html>`
			a, err := Extract([]byte(page), "https://example.vn/tin-tuc/bai.html", nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := a.Published.String(); got != tt.want {
				t.Errorf("published = %q, want %q", got, tt.want)
			}
		})
	}
}
