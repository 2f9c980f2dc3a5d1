package main

import (
	"strings"
	"testing"
)

// TestExtract_Explain shows the winning block and the dropped related box with the class word
// that dropped it.
func TestExtract_Explain(t *testing.T) {
	t.Parallel()
	var paras, related string
	for i := range 6 {
		paras += "<p>Đoạn văn số " + string(rune('A'+i)) + " của bài báo, có nhiều chữ, nhiều dấu phẩy, đủ dài để được chấm điểm là nội dung chính của trang.</p>"
		related += `<li><a href="/bai-khac-` + string(rune('a'+i)) + `.html">Một bài khác trong hộp tin liên quan, có tiêu đề dài</a> và mô tả ngắn của bài khác đó</li>`
	}
	page := `<html><head><title>Tiêu đề bài</title></head><body><h1>Tiêu đề bài</h1>` +
		`<div class="detail-content">` + paras + `</div><div class="box-tin-lien-quan"><ul>` + related + `</ul></div></body></html>`
	out, stderr, code := runCLI(t, []byte(page), "extract", "--explain", "--url", "https://example.vn/bai.html", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"winner: body > div.detail-content",
		"WINNER",
		`div.box-tin-lien-quan  [class/id word "lien-quan"]`,
		"extracted:\n\nTiêu đề bài",
		"Đoạn văn số F",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out[strings.Index(out, "extracted:"):], "Một bài khác") {
		t.Errorf("related box in the extracted text:\n%s", out)
	}
}
