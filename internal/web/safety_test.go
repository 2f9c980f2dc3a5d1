package web

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// hostileArchive holds one page whose every field tries to inject markup.
func hostileArchive(t *testing.T) (string, string) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "a.db")
	s, err := archive.Open(context.Background(), db, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const u = "https://evil.example/a?x=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"
	key, _ := archive.Canonicalize(u)
	_, err = s.PutBatch(context.Background(), []archive.Fetch{{
		URL: key, Site: `<img src=x onerror=alert(1)>`, Time: time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC), Status: 200,
		Response: map[string][]string{"Content-Type": {"text/html; charset=utf-8"}},
		Body:     []byte(`<html><head><title>t</title></head><body><script>alert(1)</script></body></html>`),
		Content:  &archive.Content{Title: `Tin <script>alert("x")</script> Bến Tre`, Text: `Đoạn <b>một</b> & "hai" Bến Tre`},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return db, key
}

func TestServer_EscapesEverything(t *testing.T) {
	t.Parallel()
	db, key := hostileArchive(t)
	_, hs := newTestServer(t, db, "")
	for _, path := range []string{
		"/",
		"/site/" + url.PathEscape(`<img src=x onerror=alert(1)>`),
		"/article?" + url.Values{"url": {key}}.Encode(),
		"/search?q=ben+tre",
		"/search?q=" + url.QueryEscape(`"><script>alert(2)</script>`),
		"/article?url=" + url.QueryEscape(`http://x/"><script>alert(3)</script>`),
	} {
		resp, body := get(t, hs.URL+path)
		if strings.Contains(body, "<script>") || strings.Contains(body, "<img src=x") || strings.Contains(body, "<b>một</b>") {
			t.Errorf("%s (%d): unescaped markup in the page:\n%.2000s", path, resp.StatusCode, body)
		}
	}
}

func TestServer_RawIsSandboxed(t *testing.T) {
	t.Parallel()
	db, key := hostileArchive(t)
	_, hs := newTestServer(t, db, "")
	st, err := archive.Open(context.Background(), db, archive.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := st.Captures(t.Context(), key)
	st.Close()
	if err != nil || len(cs) != 1 {
		t.Fatal(err, cs)
	}
	resp, body := get(t, hs.URL+"/raw?"+url.Values{"url": {key}, "t": {itoa(cs[0].Time.UnixNano())}}.Encode())
	csp := resp.Header.Get("Content-Security-Policy")
	if resp.StatusCode != 200 || !strings.HasPrefix(csp, "sandbox;") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("raw: %d, CSP %q", resp.StatusCode, csp)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("raw Content-Type %q", ct)
	}
	if !strings.Contains(body, "<script>alert(1)</script>") {
		t.Errorf("raw did not serve the stored bytes: %q", body)
	}
	// A time that names no capture is not found; nothing else can be named.
	tn := itoa(cs[0].Time.UnixNano())
	for _, q := range []url.Values{
		{"url": {key}, "t": {"1"}},
		{"url": {key}, "t": {"../../etc/passwd"}},
		{"url": {"file:///etc/passwd"}, "t": {tn}},
		{"url": {"/etc/passwd"}, "t": {tn}},
	} {
		if resp, _ := get(t, hs.URL+"/raw?"+q.Encode()); resp.StatusCode == 200 {
			t.Errorf("raw?%s answered 200", q.Encode())
		}
	}
}

func TestServer_Token(t *testing.T) {
	t.Parallel()
	db, _ := hostileArchive(t)
	_, hs := newTestServer(t, db, "s3cret")
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(path, auth string, cookie *http.Cookie) *http.Response {
		req, _ := http.NewRequest("GET", hs.URL+path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		if cookie != nil {
			req.AddCookie(cookie)
		}
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	tests := []struct {
		name, path, auth string
		want             int
	}{
		{"none", "/api/search?q=x", "", 401},
		{"wrong bearer", "/api/search?q=x", "Bearer nope", 401},
		{"bearer", "/api/search?q=x", "Bearer s3cret", 200},
		{"wrong query token", "/?token=nope", "", 401},
		{"query token sets cookie", "/?token=s3cret", "", 303},
	}
	for _, tt := range tests {
		if got := do(tt.path, tt.auth, nil).StatusCode; got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
	resp := do("/search?q=x&token=s3cret", "", nil)
	if loc := resp.Header.Get("Location"); loc != "/search?q=x" {
		t.Errorf("redirect to %q keeps the token or loses the query", loc)
	}
	var c *http.Cookie
	for _, k := range resp.Cookies() {
		if k.Name == tokenCookie {
			c = k
		}
	}
	if c == nil || !c.HttpOnly {
		t.Fatalf("no HttpOnly token cookie: %v", resp.Cookies())
	}
	if got := do("/", "", c).StatusCode; got != 200 {
		t.Errorf("with the cookie: %d", got)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
