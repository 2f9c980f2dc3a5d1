package web

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// apiHit is one search result of /api/search.
type apiHit struct {
	URL       string `json:"url"`
	Site      string `json:"site"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Snippet   string `json:"snippet"`
	// SnippetHTML is the snippet HTML-escaped with the hits in <mark>.
	SnippetHTML string  `json:"snippet_html"`
	Version     int     `json:"version"`
	Latest      bool    `json:"latest"`
	Score       float64 `json:"score"`
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	sq, err := readQuery(r.URL.Query(), 20)
	if err != nil {
		s.apiFail(w, err)
		return
	}
	res, err := s.search(r.Context(), sq)
	if err != nil {
		s.apiFail(w, err)
		return
	}
	out := struct {
		Total uint64 `json:"total"`
		// Estimated is true when total is an estimate (phrase searches over many candidates).
		Estimated bool     `json:"estimated,omitempty"`
		Results   []apiHit `json:"results"`
	}{res.Total, res.Estimated, []apiHit{}}
	for _, h := range res.Hits {
		out.Results = append(out.Results, apiHit{URL: h.URL, Site: h.Site, Title: h.Title, Published: h.Published,
			Snippet: h.Snippet.String(), SnippetHTML: snippetHTML(h.Snippet), Version: h.Version, Latest: h.Latest, Score: h.Score})
	}
	writeJSON(w, http.StatusOK, out)
}

// apiVersion is one version in /api/page.
type apiVersion struct {
	Version   int       `json:"version"`
	Fetched   time.Time `json:"fetched"`
	Title     string    `json:"title"`
	Published string    `json:"published"`
	Text      string    `json:"text"`
}

func (s *Server) apiPage(w http.ResponseWriter, r *http.Request) {
	var out struct {
		URL    string `json:"url"`
		Site   string `json:"site"`
		Status string `json:"status"`
		// Kind is article, hub, resource or image; only articles have versions.
		Kind     string       `json:"kind"`
		Versions []apiVersion `json:"versions"`
		// Captures are every fetch of the page, oldest first, with its role.
		Captures []captureRow `json:"captures"`
	}
	err := s.withStore(r.Context(), func(st *archive.Store) error {
		p, err := findPage(r.Context(), st, r.URL.Query().Get("url"))
		if err != nil {
			return err
		}
		out.URL, out.Site, out.Status, out.Kind = p.URL, p.Site, string(p.Status), kindName(p.Kind)
		out.Versions = []apiVersion{}
		cs, err := st.Captures(r.Context(), p.URL)
		if err != nil {
			return err
		}
		out.Captures = captureRows(p, cs)
		for n := 1; n <= p.Versions; n++ {
			v, err := st.Version(r.Context(), p.URL, n)
			if err != nil {
				return err
			}
			text, err := st.Blob(r.Context(), v.TextBlob)
			if err != nil {
				return err
			}
			out.Versions = append(out.Versions, apiVersion{v.N, v.Fetched, v.Title, v.Published, string(text)})
		}
		return nil
	})
	if err != nil {
		s.apiFail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiDiff(w http.ResponseWriter, r *http.Request) {
	d, err := s.loadDiff(r)
	if err != nil {
		s.apiFail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		URL      string    `json:"url"`
		A        int       `json:"a"`
		B        int       `json:"b"`
		Same     bool      `json:"same"`
		Changes  int       `json:"changes"`
		Segments []segment `json:"segments"`
	}{d.URL, d.A.N, d.B.N, d.Same, d.Changes, d.Segs})
}

func (s *Server) apiFail(w http.ResponseWriter, err error) {
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		s.log.Error("api", "err", err)
	}
	writeJSON(w, status, struct {
		Error string `json:"error"`
	}{err.Error()})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
