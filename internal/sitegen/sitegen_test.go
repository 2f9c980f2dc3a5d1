package sitegen

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
)

func TestPage(t *testing.T) {
	s := New(1, "https://baodongkhoi.vn")
	p, q := s.Page(5), s.Page(6)
	if !bytes.Equal(p.HTML, New(1, "https://baodongkhoi.vn").Page(5).HTML) {
		t.Fatal("pages are not deterministic")
	}
	if bytes.Contains(p.HTML, []byte("\x00")) || bytes.Contains(p.HTML, []byte("Năng động, sáng tạo")) {
		t.Fatal("template marker or original title left in the page")
	}
	if p.URL == q.URL || p.Text == q.Text {
		t.Fatal("two pages share a URL or text")
	}
	for _, para := range strings.Split(p.Text, "\n\n") {
		if len(para) > 80 && strings.Contains(q.Text, para) {
			t.Errorf("pages 5 and 6 share a paragraph: %q", para)
		}
	}
	if n := len(p.HTML); n < 45<<10 || n > 60<<10 {
		t.Errorf("page is %d bytes, want about 52 KB", n)
	}
	slug := p.URL[strings.LastIndex(p.URL, "/")+1:]
	if bytes.Count(p.HTML, []byte(strings.TrimSuffix(slug, ".html"))) < 5 {
		t.Error("the page's slug is not in its canonical, og:url and share links")
	}
	r := s.Capture(5, 3, 1)
	if bytes.Equal(r.HTML, p.HTML) || r.Text == p.Text || !strings.HasPrefix(r.Text, p.Text[:len(p.Text)-200]) {
		t.Error("a recapture with an edit should change the page and append to the text")
	}
	if u := s.Capture(5, 3, 0); u.Text != p.Text {
		t.Error("a recapture without edits changed the text")
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Đảng bộ TP. Bến Tre":  "dang-bo-tp-ben-tre",
		"Hơn 1.300 thanh niên": "hon-1-300-thanh-nien",
	} {
		if got := slugify(in); got != want {
			t.Errorf("slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestGzipRatio keeps the generated text as compressible as real text: a page's text alone
// gzips about as well as a real article's.
func TestGzipRatio(t *testing.T) {
	s := New(1, "https://example.org")
	var text string
	for i := range 5 {
		text += s.Page(i).Text
	}
	gen := ratio(text)
	real := ratio(corpusText)
	if gen < real*0.85 || gen > real*1.15 {
		t.Errorf("generated text gzips to %.3f of its size, real text %.3f", gen, real)
	}
}

func ratio(s string) float64 {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, 6)
	w.Write([]byte(s))
	w.Close()
	return float64(b.Len()) / float64(len(s))
}
