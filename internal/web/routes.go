package web

import (
	"crypto/subtle"
	"embed"
	"errors"
	"io/fs"
	"net/http"
	"net/url"

	"github.com/newsarchive/newsarchive/archive"
)

//go:embed static
var staticFS embed.FS

// pageCSP is the policy of the view's own pages: its stylesheet, same-origin frames for the
// "as captured" view, nothing else — no scripts at all.
const pageCSP = "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"

// capturedCSP is the policy of stored HTML: a sandbox (no scripts, no forms, a unique origin)
// that may load nothing from the network; only inline styles and data: images of the archived
// bytes render.
const capturedCSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'"

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", s.handleHome)
	mux.HandleFunc("GET /site/{site}", s.handleBrowse)
	mux.HandleFunc("GET /article", s.handleArticle)
	mux.HandleFunc("GET /captured", s.handleCapturedPage)
	mux.HandleFunc("GET /raw", s.handleRaw)
	mux.HandleFunc("GET /diff", s.handleDiff)
	mux.HandleFunc("GET /search", s.handleSearch)
	mux.HandleFunc("GET /api/search", s.apiSearch)
	mux.HandleFunc("GET /api/page", s.apiPage)
	mux.HandleFunc("GET /api/diff", s.apiDiff)
	var h http.Handler = securityHeaders(mux)
	if s.opts.Token != "" {
		h = tokenGuard(s.opts.Token, h)
	}
	return h
}

// securityHeaders sets the headers every response carries; /raw overrides the CSP.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", pageCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		next.ServeHTTP(w, r)
	})
}

// tokenCookie carries the token in a browser after it was given once as ?token=.
const tokenCookie = "newsarchive_token"

// tokenGuard admits requests that carry the token: "Authorization: Bearer TOKEN" (scripts), the
// cookie, or ?token=TOKEN once, which sets the cookie and redirects to the URL without it.
func tokenGuard(token string, next http.Handler) http.Handler {
	ok := func(got string) bool { return subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1 }
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if auth := r.Header.Get("Authorization"); len(auth) > 7 && auth[:7] == "Bearer " && ok(auth[7:]) {
			next.ServeHTTP(w, r)
			return
		}
		if c, err := r.Cookie(tokenCookie); err == nil && ok(c.Value) {
			next.ServeHTTP(w, r)
			return
		}
		if q := r.URL.Query(); q.Has("token") && ok(q.Get("token")) {
			http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			q.Del("token")
			u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
			http.Redirect(w, r, u.String(), http.StatusSeeOther)
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="newsarchive"`)
		http.Error(w, "401 cần mã truy cập (token): thêm ?token=… vào địa chỉ", http.StatusUnauthorized)
	})
}

// errBadRequest marks errors in what the request asked for.
var errBadRequest = errors.New("bad request")

// statusOf maps an error to the HTTP status it deserves.
func statusOf(err error) int {
	switch {
	case errors.Is(err, archive.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, errBadRequest), errors.Is(err, archive.ErrBadURL):
		return http.StatusBadRequest
	case errors.Is(err, archive.ErrLocked):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
