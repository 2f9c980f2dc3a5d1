package parse

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// The replica article's body photos are its images, resolved, once each; the site's logo,
// banners and sidebar thumbnails are not.
func TestArticleImages(t *testing.T) {
	html, err := os.ReadFile("testdata/sites/baodongkhoi-001.html")
	if err != nil {
		t.Fatal(err)
	}
	x := &Extractor{Profiles: DefaultProfiles()}
	const u = "https://baodongkhoi.vn/hoi-nghi-lan-thu-6-ban-chap-hanh-dang-bo-tp-ben-tre-19042021-a80176.html"
	a, err := x.Extract(Page{HTML: html, URL: u})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Images) == 0 {
		t.Fatal("no image found in the article body")
	}
	seen := map[string]bool{}
	for _, im := range a.Images {
		if !strings.HasPrefix(im.URL, "https://baodongkhoi.vn/") || seen[im.URL] {
			t.Errorf("image %q: not resolved against the page, or twice", im.URL)
		}
		seen[im.URL] = true
		if strings.Contains(strings.ToLower(im.URL), "logo") || strings.Contains(im.URL, "/adv/") {
			t.Errorf("site chrome taken for an article image: %s", im.URL)
		}
	}
	if len(a.Images) > len(a.Captions)+2 {
		t.Errorf("%d images for %d captions: %v", len(a.Images), len(a.Captions), a.Images)
	}
}

func TestArticleImages_LazyAndTiny(t *testing.T) {
	var body strings.Builder
	for i := range 6 {
		fmt.Fprintf(&body, "<p>Ngày %d-11, Ủy ban nhân dân tỉnh Bến Tre tổ chức hội nghị đánh giá kết quả phát triển vùng nguyên liệu dừa hữu cơ năm 2026 với sự tham dự của %d đơn vị.</p>", i+1, 10*i+3)
		if i == 2 {
			body.WriteString(`<img src="data:image/gif;base64,R0lGOD" data-src="/anh/dua-1.jpg" alt="Vườn dừa">` +
				`<img src="/anh/pixel.gif" width="1" height="1"><img src="/anh/dua-1.jpg"><img src="https://cdn.example.vn/anh/dua-2.jpg">`)
		}
	}
	page := `<html><head><title>Dừa Bến Tre</title></head><body><h1>Dừa Bến Tre</h1><div class="content">` + body.String() + `</div></body></html>`
	a, err := (&Extractor{}).Extract(Page{HTML: []byte(page), URL: "https://bao.example.vn/dua-a1.html"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, im := range a.Images {
		got = append(got, im.URL)
	}
	want := "https://bao.example.vn/anh/dua-1.jpg https://cdn.example.vn/anh/dua-2.jpg"
	if strings.Join(got, " ") != want {
		t.Errorf("images %v, want %s", got, want)
	}
}
