package parse

import "testing"

func TestExtract_Links(t *testing.T) {
	page := `<html><head><base href="https://dongkhoi.baovinhlong.vn/"></head><body>
<nav><a href="thoi-su/">Thời sự</a></nav>
<p><a href="/a-19042021-a1.html#comments"> Hội nghị  lần thứ 6 </a> <a href="javascript:void(0)">x</a> <a href="#top">top</a></p>
</body></html>`
	a, err := (&Extractor{}).Extract(Page{HTML: []byte(page), URL: "https://baodongkhoi.vn/x.html", Links: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []Link{
		{URL: "https://dongkhoi.baovinhlong.vn/thoi-su/", Text: "Thời sự"},
		{URL: "https://dongkhoi.baovinhlong.vn/a-19042021-a1.html", Text: "Hội nghị lần thứ 6"},
	}
	if len(a.Links) != len(want) || a.Links[0] != want[0] || a.Links[1] != want[1] {
		t.Errorf("links = %+v", a.Links)
	}
	if b, _ := Extract([]byte(page), "https://baodongkhoi.vn/x.html", nil); b.Links != nil {
		t.Error("links collected without being asked for")
	}
}
