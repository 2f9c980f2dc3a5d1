package web

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// perPage is how many articles a browse or search page lists.
const perPage = 30

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	sums, err := s.cachedSummaries(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	total := 0
	for _, x := range sums {
		total += x.Articles
	}
	s.render(w, http.StatusOK, "home", view{Title: "Trang chủ", Data: struct {
		Sites []siteSummary
		Total int
	}{sums, total}})
}

// pager computes the page numbers and links of a paged listing.
type pager struct {
	Page, Pages, First int
	Prev, Next         string
}

func newPager(r *http.Request, total, per int) (pager, error) {
	n := 1
	if v := r.URL.Query().Get("page"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			return pager{}, fmt.Errorf("%w: page %q", errBadRequest, v)
		}
	}
	p := pager{Page: n, Pages: (total + per - 1) / per, First: (n-1)*per + 1}
	link := func(k int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(k))
		return (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
	}
	if n > 1 {
		p.Prev = link(n - 1)
	}
	if n < p.Pages {
		p.Next = link(n + 1)
	}
	return p, nil
}

func (s *Server) handleBrowse(w http.ResponseWriter, r *http.Request) {
	site := r.PathValue("site")
	q := r.URL.Query()
	dr, err := readRange(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items, err := s.siteArticles(r.Context(), site, dr, q.Get("hubs") == "1")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := newPager(r, len(items), perPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lo := min(len(items), (pg.Page-1)*perPage)
	s.render(w, http.StatusOK, "browse", view{Title: site, Data: struct {
		pager
		Site, From, To string
		Total          int
		Items          []listed
	}{pg, site, q.Get("from"), q.Get("to"), len(items), items[lo:min(len(items), lo+perPage)]}})
}

// readRange reads the from and to parameters (YYYY-MM-DD, inclusive).
func readRange(q url.Values) (dateRange, error) {
	from, err := parseDay(q.Get("from"), false)
	if err != nil {
		return dateRange{}, err
	}
	to, err := parseDay(q.Get("to"), true)
	return dateRange{from, to}, err
}

// versionParam reads a version number parameter; absent is def.
func versionParam(q url.Values, name string, def int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%w: %s=%q is not a version number", errBadRequest, name, v)
	}
	return n, nil
}

// articleData is what the article page shows.
type articleData struct {
	Page archive.Page
	// Kind is the page's kind by its API name (article, hub, resource, image).
	Kind string
	// Doc is the version shown; zero when the page has no versions (a hub, resource or photo,
	// or an article only ever seen gone).
	Doc      versionDoc
	IsLatest bool
	Versions []archive.Version
	Captures []captureRow
}

func (s *Server) handleArticle(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var d articleData
	err := s.withStore(r.Context(), func(st *archive.Store) error {
		var err error
		if d.Page, err = findPage(r.Context(), st, q.Get("url")); err != nil {
			return err
		}
		n, err := versionParam(q, "v", d.Page.Versions)
		if err != nil {
			return err
		}
		if d.Page.Versions > 0 || n > 0 {
			if d.Doc, err = loadVersion(r.Context(), st, d.Page, n); err != nil {
				return err
			}
			if d.Versions, err = st.Versions(r.Context(), d.Page.URL); err != nil {
				return err
			}
		}
		cs, err := st.Captures(r.Context(), d.Page.URL)
		d.Captures = captureRows(d.Page, cs)
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Kind = kindName(d.Page.Kind)
	d.IsLatest = d.Doc.N == d.Page.Versions
	title := d.Doc.Title
	if title == "" {
		title = d.Page.URL
	}
	s.render(w, http.StatusOK, "article", view{Title: title, Data: d})
}

// findCapture finds the capture of a page made at the nanosecond time given as t.
func findCapture(ctx context.Context, st *archive.Store, q url.Values) (archive.Page, archive.Capture, error) {
	p, err := findPage(ctx, st, q.Get("url"))
	if err != nil {
		return p, archive.Capture{}, err
	}
	ns, err := strconv.ParseInt(q.Get("t"), 10, 64)
	if err != nil {
		return p, archive.Capture{}, fmt.Errorf("%w: t=%q is not a capture time", errBadRequest, q.Get("t"))
	}
	cs, err := st.Captures(ctx, p.URL)
	if err != nil {
		return p, archive.Capture{}, err
	}
	for _, c := range cs {
		if c.Time.UnixNano() == ns && c.HTMLBlob != "" {
			return p, c, nil
		}
	}
	return p, archive.Capture{}, fmt.Errorf("%w: no stored HTML of %s at %s", archive.ErrNotFound, p.URL, time.Unix(0, ns).UTC().Format(time.RFC3339Nano))
}

func (s *Server) handleCapturedPage(w http.ResponseWriter, r *http.Request) {
	var c archive.Capture
	var p archive.Page
	err := s.withStore(r.Context(), func(st *archive.Store) error {
		var err error
		p, c, err = findCapture(r.Context(), st, r.URL.Query())
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	raw := "/raw?" + url.Values{"url": {p.URL}, "t": {strconv.FormatInt(c.Time.UnixNano(), 10)}}.Encode()
	s.render(w, http.StatusOK, "captured", view{Title: "Trang như đã lưu", Data: struct {
		URL    string
		Time   time.Time
		Status int
		Raw    string
	}{p.URL, c.Time, c.Status, raw}})
}

// handleRaw serves a capture's stored HTML under a sandbox policy, in the charset it came with.
func (s *Server) handleRaw(w http.ResponseWriter, r *http.Request) {
	var body []byte
	var c archive.Capture
	err := s.withStore(r.Context(), func(st *archive.Store) error {
		var err error
		if _, c, err = findCapture(r.Context(), st, r.URL.Query()); err != nil {
			return err
		}
		body, err = st.Blob(r.Context(), c.HTMLBlob)
		return err
	})
	if err != nil {
		w.Header().Set("Content-Security-Policy", capturedCSP)
		http.Error(w, err.Error(), statusOf(err))
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", capturedCSP)
	h.Set("Content-Type", capturedType(c))
	h.Set("Cache-Control", "private, max-age=3600")
	_, _ = w.Write(body)
}

// capturedType is the Content-Type to serve stored HTML with: the recorded one when it was HTML
// (its charset matters for windows-1258 pages), else text/html for the page's own <meta> to
// decide.
func capturedType(c archive.Capture) string {
	for k, vs := range c.Response {
		if http.CanonicalHeaderKey(k) != "Content-Type" || len(vs) == 0 {
			continue
		}
		mt, params, err := mime.ParseMediaType(vs[0])
		if err == nil && (mt == "text/html" || mt == "application/xhtml+xml") {
			if cs := params["charset"]; cs != "" {
				return mime.FormatMediaType("text/html", map[string]string{"charset": cs})
			}
		}
	}
	return "text/html"
}

// diffData is what the diff page and API show.
type diffData struct {
	URL     string
	A, B    versionDoc
	All     []int
	Mode    string
	Segs    []segment
	Same    bool
	Changes int
}

// loadDiff compares versions a and b of a page (default: the last two).
func (s *Server) loadDiff(r *http.Request) (diffData, error) {
	q := r.URL.Query()
	var d diffData
	err := s.withStore(r.Context(), func(st *archive.Store) error {
		p, err := findPage(r.Context(), st, q.Get("url"))
		if err != nil {
			return err
		}
		d.URL = p.URL
		a, err := versionParam(q, "a", max(1, p.Versions-1))
		if err != nil {
			return err
		}
		b, err := versionParam(q, "b", p.Versions)
		if err != nil {
			return err
		}
		if d.A, err = loadVersion(r.Context(), st, p, a); err != nil {
			return err
		}
		if d.B, err = loadVersion(r.Context(), st, p, b); err != nil {
			return err
		}
		for n := 1; n <= p.Versions; n++ {
			d.All = append(d.All, n)
		}
		return nil
	})
	if err != nil {
		return d, err
	}
	d.Segs = wordDiff(d.A.Document, d.B.Document)
	for i, sg := range d.Segs {
		if sg.Op != opEqual && (i == 0 || d.Segs[i-1].Op == opEqual) {
			d.Changes++
		}
	}
	d.Same = d.Changes == 0
	d.Mode = "side"
	if q.Get("mode") == "inline" {
		d.Mode = "inline"
	}
	return d, nil
}

func (s *Server) handleDiff(w http.ResponseWriter, r *http.Request) {
	d, err := s.loadDiff(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, http.StatusOK, "diff", view{Title: fmt.Sprintf("So sánh %d và %d: %s", d.A.N, d.B.N, d.B.Title), Data: d})
}
