package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/internal/search"
)

func get(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func getJSON(t *testing.T, u string, v any) int {
	t.Helper()
	resp, body := get(t, u)
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%s: not JSON: %v\n%s", u, err, body)
	}
	return resp.StatusCode
}

type apiSearchResult struct {
	Total   int `json:"total"`
	Results []struct {
		URL, Site, Title, Published, Snippet string
		SnippetHTML                          string `json:"snippet_html"`
	} `json:"results"`
}

// Every replica article is found in the top 3 by its title typed without diacritics.
func TestAPI_SearchEveryTitleWithoutDiacritics(t *testing.T) {
	t.Parallel()
	ra := replicaDB(t)
	_, hs := newTestServer(t, ra.db, "")
	for _, a := range ra.gen2 {
		q := search.Fold(a.Title)
		var r apiSearchResult
		if code := getJSON(t, hs.URL+"/api/search?"+url.Values{"q": {q}, "limit": {"3"}}.Encode(), &r); code != 200 {
			t.Fatalf("status %d", code)
		}
		found := false
		for _, h := range r.Results {
			found = found || h.URL == a.URL
		}
		if !found {
			t.Errorf("%q: %s not in the top 3 (%d results)", q, a.URL, r.Total)
		}
	}
	t.Logf("%d articles, each in the top 3 for its title without diacritics", len(ra.gen2))
}

func TestAPI_Page(t *testing.T) {
	t.Parallel()
	ra := replicaDB(t)
	_, hs := newTestServer(t, ra.db, "")
	a := ra.changedArticle(t)
	for _, form := range []string{a.URL, strings.Replace(a.URL, "http://", "https://", 1), a.URL + "?utm_source=facebook#top"} {
		var p struct {
			URL, Site, Status string
			Versions          []struct {
				Version                int
				Title, Published, Text string
			}
		}
		if code := getJSON(t, hs.URL+"/api/page?"+url.Values{"url": {form}}.Encode(), &p); code != 200 {
			t.Fatalf("%s: status %d", form, code)
		}
		if p.URL != a.URL || p.Site != a.Site || p.Status != "live" || len(p.Versions) != 2 {
			t.Fatalf("%s: got %s %s %s with %d versions", form, p.URL, p.Site, p.Status, len(p.Versions))
		}
		if p.Versions[1].Text != a.Text || p.Versions[1].Title != a.Title || p.Versions[1].Published != a.Published {
			t.Errorf("%s: latest version differs from the replica's", form)
		}
	}
	var e struct{ Error string }
	if code := getJSON(t, hs.URL+"/api/page?url=http://nowhere.example/x", &e); code != 404 || e.Error == "" {
		t.Errorf("unknown page: %d %q", code, e.Error)
	}
	if code := getJSON(t, hs.URL+"/api/page?url=file:///etc/passwd", &e); code != 400 {
		t.Errorf("file URL: %d %q", code, e.Error)
	}
}

func TestAPI_Diff(t *testing.T) {
	t.Parallel()
	ra := replicaDB(t)
	_, hs := newTestServer(t, ra.db, "")
	a := ra.changedArticle(t)
	var d struct {
		A, B, Changes int
		Same          bool
		Segments      []segment
	}
	if code := getJSON(t, hs.URL+"/api/diff?"+url.Values{"url": {a.URL}, "a": {"1"}, "b": {"2"}}.Encode(), &d); code != 200 {
		t.Fatalf("status %d", code)
	}
	// The correction only adds: a sentence to the first paragraph and an editor's note.
	if d.Same || d.Changes != 2 {
		t.Errorf("diff of the correction: %d changes, same %v", d.Changes, d.Same)
	}
	for _, s := range d.Segments {
		if s.Op == opDelete || s.Op == opInsert && !strings.Contains(a.Text, strings.TrimSpace(s.Text)) {
			t.Errorf("segment %s %q is not part of the correction", s.Op, s.Text)
		}
	}
}

func TestServer_Pages(t *testing.T) {
	t.Parallel()
	ra := replicaDB(t)
	_, hs := newTestServer(t, ra.db, "")
	a := ra.changedArticle(t)
	tests := []struct {
		name, path string
		status     int
		want       []string
	}{
		{"home", "/", 200, []string{`lang="vi"`, "baodongkhoi", "sct-bentre", "tuyengiao-bentre"}},
		{"browse", "/site/baodongkhoi", 200, []string{a.Title, "2 phiên bản"}},
		{"browse by date", "/site/baodongkhoi?from=2026-11-21&to=2026-11-21", 200, []string{"3 bài viết"}},
		{"bad date", "/site/baodongkhoi?from=hôm-qua", 400, []string{"YYYY-MM-DD"}},
		{"article", "/article?" + url.Values{"url": {a.URL}}.Encode(), 200, []string{a.Title, "Phiên bản 2", "So sánh với phiên bản 1", "Xem như đã lưu"}},
		{"old version", "/article?" + url.Values{"url": {a.URL}, "v": {"1"}}.Encode(), 200, []string{"phiên bản 1/2"}},
		{"diff", "/diff?" + url.Values{"url": {a.URL}}.Encode(), 200, []string{"<ins>", "So sánh phiên bản 1 và 2"}},
		{"search", "/search?q=dong+khoi", 200, []string{"<mark>", "kết quả"}},
		{"not archived", "/article?url=http://example.com/", 404, []string{"Không tìm thấy"}},
		{"no path", "/article?url=../../etc/passwd", 400, nil},
		{"static", "/static/style.css", 200, []string{"--accent"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, hs.URL+tt.path)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d\n%.500s", resp.StatusCode, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("CSP %q", csp)
			}
		})
	}
}
