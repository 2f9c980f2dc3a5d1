package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/newsarchive/newsarchive/parse"
)

//go:embed templates
var templateFS embed.FS

// pageNames are the page templates; each is parsed with layout.html.
var pageNames = []string{"home", "browse", "article", "captured", "diff", "search", "error"}

// pageTemplates holds one parsed template set per page.
type pageTemplates struct{ sets map[string]*template.Template }

func loadTemplates() (*pageTemplates, error) {
	p := &pageTemplates{sets: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		p.sets[name] = t
	}
	return p, nil
}

// view is what every page template gets: the layout's fields and the page's own data.
type view struct {
	Title string
	// Q fills the search box in the header.
	Q    string
	Data any
}

// render writes a page, buffered so a template error becomes a 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, v view) {
	var buf bytes.Buffer
	if err := s.pages.sets[name].Execute(&buf, v); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "500 lỗi hiển thị trang", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fail renders an error page with the status the error deserves.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		s.log.Error("request", "url", r.URL.String(), "err", err)
	}
	msg := map[int]string{
		http.StatusNotFound:            "Không tìm thấy trong kho lưu trữ.",
		http.StatusBadRequest:          "Yêu cầu không hợp lệ.",
		http.StatusServiceUnavailable:  "Kho đang được ghi (một lượt thu thập đang lưu); vui lòng thử lại sau giây lát.",
		http.StatusInternalServerError: "Lỗi máy chủ.",
	}[status]
	s.render(w, status, "error", view{Title: http.StatusText(status), Data: struct {
		Status  int
		Message string
		Detail  string
	}{status, msg, err.Error()}})
}

// funcs are the template helpers: dates in Vietnam's time zone, link builders.
var funcs = template.FuncMap{
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.In(parse.Location()).Format("02/01/2006 15:04")
	},
	"isodate": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(parse.Location()).Format(time.RFC3339)
	},
	// published shows an archive publication date as the site's date line does.
	"published": func(s string) string {
		if d, ok := parse.ParseDate(s); ok {
			return d.DateLine()
		}
		return s
	},
	"articleURL": func(u string, v ...int) string {
		q := url.Values{"url": {u}}
		if len(v) > 0 && v[0] > 0 {
			q.Set("v", fmt.Sprint(v[0]))
		}
		return "/article?" + q.Encode()
	},
	"diffURL": func(u string, a, b int) string {
		return "/diff?" + url.Values{"url": {u}, "a": {fmt.Sprint(a)}, "b": {fmt.Sprint(b)}}.Encode()
	},
	"siteURL":   func(site string) string { return "/site/" + url.PathEscape(site) },
	"add":       func(a, b int) int { return a + b },
	"kindLabel": func(kind string) string { return kindLabels[kind] },
	"roleLabel": func(role string) string { return roleLabels[role] },
}

// kindLabels name the page kinds (kindName) for readers.
var kindLabels = map[string]string{
	"article":  "bài viết",
	"hub":      "trang mục lục (dẫn tới các bài)",
	"resource": "tài nguyên thu thập (robots.txt, sitemap, RSS)",
	"image":    "ảnh trong bài",
}

// roleLabels name the capture roles (roleName) for readers.
var roleLabels = map[string]string{
	"primary":   "bản chính",
	"alternate": "bản thay thế",
	"redirect":  "chuyển hướng",
}
