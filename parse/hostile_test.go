package parse

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/internal/testmain"
)

// TestExtract_Hostile feeds pages a broken or hostile server may send; each must come back as an
// error or an article, never a panic or a hang.
func TestExtract_Hostile(t *testing.T) {
	t.Parallel()
	para := "<p>" + strings.Repeat("Đại hội đã bầu Ban Chấp hành Đảng bộ thành phố khóa mới, gồm 40 đồng chí. ", 5) + "</p>"
	tests := []struct {
		name    string
		page    []byte
		wantErr error
	}{
		{"empty", nil, ErrNotHTML},
		{"spaces", []byte("  \n\t "), ErrNotHTML},
		{"png", append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0}, 500)...), ErrNotHTML},
		{"nested 100k", []byte(strings.Repeat("<div>", 100000) + para + strings.Repeat("</div>", 100000)), nil},
		{"nested 100k unclosed", []byte(strings.Repeat("<div><span>", 100000) + para), nil},
		{"nested spans", []byte(strings.Repeat("<span><b>", 50000) + para), nil},
		{"10 MB line", []byte("<html><body>" + strings.Repeat("x", 10<<20) + "</body></html>"), nil},
		{"many paragraphs", []byte(strings.Repeat(para, 2000)), nil}, // 0.8 MB; the line above is past MaxInput
		{"invalid utf8", []byte("<meta charset=utf-8><p>\xff\xfe\xfd Bến Tre \xc3</p>" + para), nil},
		{"unknown charset", []byte("<meta charset=x-unknown>" + para), nil},
		{"unclosed everything", []byte(strings.Repeat("<table><tr><td><a href=x><p>", 5000)), nil},
		{"utf16 bom", append([]byte{0xff, 0xfe}, []byte("<\x00p\x00>\x00a\x00")...), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if len(tt.page) > MaxInput {
				// Two thirds of the test's CPU under the race detector, for one goroutine.
				testmain.WithoutRace(t, "an input past MaxInput")
			}
			a, err := Extract(tt.page, "https://example.vn/a.html", nil)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if strings.Contains(string(tt.page), para) && !strings.Contains(a.Text(), "Đại hội đã bầu") {
				t.Errorf("the page's paragraph is lost: %.200q", a.Text())
			}
			if len(a.Text()) > 2*MaxInput {
				t.Errorf("text of %d bytes from an input capped at %d", len(a.Text()), MaxInput)
			}
		})
	}
}

// TestExtractor_WarnsOnce checks that a profile selector that finds nothing falls back to the
// generic extractor, logging once per profile and field, never an empty article.
func TestExtractor_WarnsOnce(t *testing.T) {
	var logs bytes.Buffer
	x := &Extractor{Logger: newTestLogger(&logs)}
	prof := &Profile{Name: "broken", Body: "#no-such-body", Title: "h1.no-such-title"}
	page := []byte(`<html><head><title>Tiêu đề bài viết - Site</title></head><body><h1>Tiêu đề bài viết</h1>` +
		"<p>Đại hội đã bầu Ban Chấp hành Đảng bộ thành phố khóa mới, gồm 40 đồng chí tiêu biểu.</p>" +
		"<p>Trong quý I-2021, Đảng bộ và nhân dân thành phố đã tập trung lãnh đạo, tổ chức thực hiện.</p>" +
		"<p>Phát biểu chỉ đạo tại hội nghị, Bí thư Thành ủy đề nghị tiếp tục thực hiện các biện pháp.</p>" +
		"<p>Tập trung lãnh đạo triển khai, quán triệt thực hiện Nghị quyết Đại hội XIII của Đảng.</p></body></html>")
	for range 3 {
		a, err := x.Extract(Page{HTML: page, URL: "https://example.vn/a.html", Profile: prof})
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != "Tiêu đề bài viết" || len(a.Blocks) != 4 || !a.IsArticle {
			t.Fatalf("fallback article = %q, %d blocks, article %v", a.Title, len(a.Blocks), a.IsArticle)
		}
	}
	if n := strings.Count(logs.String(), "field=body"); n != 1 {
		t.Errorf("body warning logged %d times, want 1:\n%s", n, logs.String())
	}
	if n := strings.Count(logs.String(), "field=title"); n != 1 {
		t.Errorf("title warning logged %d times, want 1", n)
	}
}
