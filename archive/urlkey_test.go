package archive

import (
	"errors"
	"strings"
	"testing"
)

func TestCanonicalize(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"HTTPS://BaoDongKhoi.VN/a-19042021-a1.html", "https://baodongkhoi.vn/a-19042021-a1.html"},
		{"https://baodongkhoi.vn:443/a.html#comments", "https://baodongkhoi.vn/a.html"},
		{"http://sct.bentre.gov.vn:80", "http://sct.bentre.gov.vn/"},
		{"http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x"},
		{"https://a.vn/x?utm_source=fb&id=3&utm_medium=social&fbclid=abc", "https://a.vn/x?id=3"},
		{"https://a.vn/x?zarsrc=30&b=2&a=1", "https://a.vn/x?a=1&b=2"},
		{"https://a.vn/x?", "https://a.vn/x"},
		{"https://a.vn/Pages/chi-tiet-tin.aspx?ItemID=12", "https://a.vn/Pages/chi-tiet-tin.aspx?ItemID=12"},
		{"https://a.vn/tìm-kiếm", "https://a.vn/t%C3%ACm-ki%E1%BA%BFm"},
		{"  https://a.vn/x  ", "https://a.vn/x"},
		{"https://a.vn./x", "https://a.vn/x"},
		{"http://a.vn:08080/x", "http://a.vn:8080/x"},
		{"https://a.vn/a/b/../c/./d.html?x=1", "https://a.vn/a/c/d.html?x=1"},
		{"https://a.vn/../../etc/passwd", "https://a.vn/etc/passwd"},
		{"https://a.vn/a/..", "https://a.vn/"},
		{"https://a.vn/%2e%2e/x", "https://a.vn/x"},
	}
	for _, tt := range tests {
		got, err := Canonicalize(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Canonicalize(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "javascript:alert(1)", "file:///etc/passwd", "mailto:a@b.vn", "/relative", "https://", "ftp://a.vn/", "https://. ", "https://./x", "https://..", "http://a.vn:0/", "http://a.vn:65536/", "http://a.vn:99999999999999999999/", "https://a.vn/" + strings.Repeat("x", 10000)} {
		if got, err := Canonicalize(bad); !errors.Is(err, ErrBadURL) {
			t.Errorf("Canonicalize(%.40q) = %q, %v; want ErrBadURL", bad, got, err)
		}
	}
}

func FuzzCanonicalize(f *testing.F) {
	for _, s := range []string{"https://a.vn/x?utm_source=1&b=2#f", "http://A.VN:80", "https://[::1]:443/x", "https://a.vn/%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Canonicalize(s)
		if err != nil {
			return
		}
		again, err := Canonicalize(c)
		if err != nil || again != c {
			t.Fatalf("not idempotent: %q → %q → %q, %v", s, c, again, err)
		}
	})
}

func FuzzDecodeRecord(f *testing.F) {
	for _, v := range []any{&Page{URL: "https://a.vn/", Versions: 2}, &Version{N: 1}, &Capture{Status: 200}} {
		b, _ := encodeRecord(v)
		f.Add(b)
	}
	page, _ := encodeRecord(&Page{Versions: 1})
	f.Add(numbered(7, page))
	f.Add([]byte{pageNumberedRecord, 7, pageNumberedRecord, 7})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = pageNumber(b)
		var p Page
		var v Version
		var c Capture
		_ = decodeRecord(b, &p)
		_ = decodeRecord(b, &v)
		_ = decodeRecord(b, &c)
	})
}
