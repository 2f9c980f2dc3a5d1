package parse

import (
	"fmt"
	"strings"
	"testing"
)

func TestAuthorNames(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hà Thu (tổng hợp)", "Hà Thu"},
		{"Theo Hồ Hương", "Hồ Hương"},
		{"Tin, ảnh: Thu Huyền", "Thu Huyền"},
		{"Bài và ảnh: Hữu Hiệp", "Hữu Hiệp"},
		{"Tin: Thu Huyền - Ảnh: Minh Tuấn", "Thu Huyền, Minh Tuấn"},
		{"Nguồn: Bentre.gov.vn", "Bentre.gov.vn"},
		{"Theo TTXVN", "TTXVN"},
		{"Kiều Loan", "Kiều Loan"},
		{"H. Hiệp", "H. Hiệp"},
		{"Nhóm PV", ""},
		{"Hà Thu - 10:12 28/3/2025", "Hà Thu"},
		{"Tác giả: Nguyễn Văn A, Trần Thị B", "Nguyễn Văn A, Trần Thị B"},
		{"PV Hà Thu", "Hà Thu"},
		{"Hà Thu tổng hợp", "Hà Thu"},
		{"BAN CHẤP HÀNH ĐẢNG BỘ TỈNH KHÓA XI", "BAN CHẤP HÀNH ĐẢNG BỘ TỈNH KHÓA XI"},
		{"12/03/2025", ""},
	}
	for _, tt := range tests {
		if got := authorNames(tt.in); got != tt.want {
			t.Errorf("authorNames(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestExtract_Authors finds the author wherever a CMS puts it, and keeps the byline as shown.
func TestExtract_Authors(t *testing.T) {
	body := strings.Repeat(`<p>Đây là một đoạn văn dài của bài báo, có nhiều chữ, nhiều dấu phẩy, đủ để được chấm điểm là nội dung chính.</p>`, 6)
	tests := []struct {
		name, head, html, author, byline string
	}{
		{"JSON-LD author object", `<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Hà Thu"},"publisher":{"@type":"Organization","name":"Báo Mẫu"}}</script>`,
			`<h1>Tiêu đề bài</h1><div class="content">` + body + `</div>`, "Hà Thu", ""},
		{"JSON-LD author list", `<script type="application/ld+json">[{"@type":"NewsArticle","author":[{"name":"Hà Thu"},{"name":"Minh Tuấn"}]}]</script>`,
			`<h1>Tiêu đề bài</h1><div class="content">` + body + `</div>`, "Hà Thu, Minh Tuấn", ""},
		{"article:author", `<meta property="article:author" content="Hồ Hương">`, `<h1>Tiêu đề bài</h1><div class="content">` + body + `</div>`, "Hồ Hương", ""},
		{"dable:author", `<meta property="dable:author" content="Hồ Hương">`, `<h1>Tiêu đề bài</h1><div class="content">` + body + `</div>`, "Hồ Hương", ""},
		{"meta author is the site", `<meta name="author" content="Báo Mẫu">`, `<h1>Tiêu đề bài</h1><div class="content">` + body + `</div>`, "", ""},
		{".detail-author in the header", ``, `<div class="tool-view"><h1>Tiêu đề bài</h1><div class="detail-author">Hà Thu</div><div class="content">` + body + `</div></div>`, "Hà Thu", "Hà Thu"},
		{"a.author", ``, `<h1>Tiêu đề bài</h1><p><a class="author" href="/tac-gia/ha-thu">Hà Thu</a></p><div class="content">` + body + `</div>`, "Hà Thu", "Hà Thu"},
		{"sibling source box", ``, `<h1>Tiêu đề bài</h1><div><div class="content">` + body + `</div><div class="content_source">Hà Thu (tổng hợp)</div></div>`, "Hà Thu", "Hà Thu (tổng hợp)"},
		{"credit line, not a caption", ``, `<h1>Tiêu đề bài</h1><div class="content">` + body + `<p class="the-article-credit"><strong>Theo Hồ Hương</strong></p></div>`, "Hồ Hương", "Theo Hồ Hương"},
		{"closing line beats structured data", `<meta property="article:author" content="Ban Biên tập">`, `<h1>Tiêu đề bài</h1><div class="content">` + body + `<p>Theo Hồ Hương</p></div>`, "Hồ Hương", "Theo Hồ Hương"},
		{"comment author ignored", ``, `<h1>Tiêu đề bài</h1><div class="content">` + body + `</div><div class="comments"><span class="author">Bạn Đọc</span><p>Hay quá</p></div>`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<html><head><title>Tiêu đề bài</title>` + tt.head + `</head><body>` + tt.html + `</body></html>`
			a, err := Extract([]byte(page), "https://example.vn/bai.html", nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Author != tt.author || a.Byline != tt.byline {
				t.Errorf("author, byline = %q, %q; want %q, %q", a.Author, a.Byline, tt.author, tt.byline)
			}
			if tt.byline != "" && !strings.HasSuffix(a.Text(), "\n\n"+tt.byline) {
				t.Errorf("text does not end with the byline as shown:\n%s", a.Text())
			}
			for _, c := range a.Captions {
				if strings.Contains(c, "Hồ Hương") {
					t.Errorf("credit line taken as a caption: %q", c)
				}
			}
		})
	}
}

// TestExtract_PromoBoxes keeps links to other articles and sign-up boxes out of the body.
func TestExtract_PromoBoxes(t *testing.T) {
	para := func(i int) string {
		return fmt.Sprintf(`<p>Đây là một đoạn văn dài của bài báo (đoạn %d), có nhiều chữ, nhiều dấu phẩy, đủ để được chấm điểm là nội dung chính.</p>`, i)
	}
	boxes := map[string]string{
		"notebox":        `<div class="notebox"><p>Mời bạn đọc gửi câu hỏi về chuyên mục qua email của tòa soạn.</p></div>`,
		"related teaser": `<div type="RelatedNewsBox"><a href="/a.html">Bài khác hoàn toàn không liên quan</a><p>Tóm tắt của một bài khác, không thuộc bài này.</p></div>`,
		"Tham khảo thêm": `<p>Tham khảo thêm: <a href="/b.html">Bài khác hoàn toàn không liên quan đến nội dung</a></p>`,
		"Đọc tiếp":       `<p><strong>Đọc tiếp:</strong> <a href="/c.html">Bài khác hoàn toàn không liên quan</a></p>`,
		"Tin liên quan":  `<div><p><b>Tin liên quan</b></p><ul><li><a href="/d.html">Bài khác hoàn toàn không liên quan</a></li><li><a href="/e.html">Một bài khác nữa cũng không liên quan</a></li></ul></div>`,
		"newsletter":     `<div class="box"><p>Đăng ký nhận bản tin mỗi sáng</p><form><input type="email" name="email"><button>Đăng ký</button></form></div>`,
	}
	for name, box := range boxes {
		t.Run(name, func(t *testing.T) {
			page := `<html><head><title>Tiêu đề bài</title></head><body><h1>Tiêu đề bài</h1><div class="content">` +
				para(1) + para(2) + box + para(3) + para(4) + `</div></body></html>`
			a, err := Extract([]byte(page), "https://example.vn/bai.html", nil)
			if err != nil {
				t.Fatal(err)
			}
			text := a.Text()
			for _, bad := range []string{"không liên quan", "Tham khảo", "Đọc tiếp", "Tin liên quan", "Đăng ký", "Mời bạn đọc"} {
				if strings.Contains(text, bad) {
					t.Errorf("promo text %q kept:\n%s", bad, text)
				}
			}
			if strings.Count(text, "Đây là một đoạn") != 4 {
				t.Errorf("body paragraphs lost:\n%s", text)
			}
		})
	}
}

// TestExtract_SecondLook: a body of many short, comma-less paragraphs in a column whose class
// costs it points must not lose to the comma-rich standfirst beside the headline.
func TestExtract_SecondLook(t *testing.T) {
	var paras string
	for i := range 16 {
		paras += fmt.Sprintf(`<p>Đây là đoạn văn thứ %d của bài báo và nó nói về nội dung chính của trang này một cách đầy đủ nhất.</p>`, i)
	}
	page := `<html><head><title>Tiêu đề bài</title></head><body><div class="top"><h1>Tiêu đề bài</h1>` +
		`<div class="box"><p>Tóm tắt, một câu dài, có dấu phẩy, có nhiều chữ, nói về nội dung, ở ngay dưới tiêu đề, một, hai, ba, bốn, năm, sáu.</p></div></div>` +
		`<div class="col-right">` + paras + `</div></body></html>`
	a, err := Extract([]byte(page), "https://example.vn/bai.html", nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(a.Text(), "Đây là đoạn văn"); n != 16 {
		t.Errorf("body has %d of 16 paragraphs:\n%s", n, a.Text())
	}
}
