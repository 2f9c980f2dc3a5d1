package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/internal/search"
)

// readQuery reads a search from request parameters: q, site, from, to, order, all, hubs, and
// limit and page.
func readQuery(q url.Values, per int) (search.Query, error) {
	dr, err := readRange(q)
	if err != nil {
		return search.Query{}, err
	}
	sq := search.Query{Text: q.Get("q"), Site: q.Get("site"), From: dr.From, To: dr.To, Order: q.Get("order"),
		AllVersions: q.Get("all") == "1" || q.Get("all") == "true", Hubs: q.Get("hubs") == "1", Limit: per}
	if sq.Order != "" && sq.Order != search.OrderRelevance && sq.Order != search.OrderDate {
		return sq, fmt.Errorf("%w: order=%q is not relevance or date", errBadRequest, sq.Order)
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return sq, fmt.Errorf("%w: limit=%q", errBadRequest, v)
		}
		sq.Limit = min(n, search.MaxLimit)
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return sq, fmt.Errorf("%w: page=%q", errBadRequest, v)
		}
		sq.Offset = (n - 1) * sq.Limit
	}
	return sq, nil
}

// hitView is a search hit as the page shows it.
type hitView struct {
	search.Hit
	ShowVersion bool
}

// VersionLink is the version an all-versions hit links to; 0 (the latest) otherwise.
func (h hitView) VersionLink() int {
	if h.ShowVersion && !h.Latest {
		return h.Version
	}
	return 0
}

// search runs a query with the archive open for the hits' texts.
func (s *Server) search(ctx context.Context, q search.Query) (search.Results, error) {
	var res search.Results
	err := s.withStore(ctx, func(st *archive.Store) error {
		var err error
		res, err = s.opts.Index.Search(ctx, q, func(id string) (string, error) {
			b, err := st.Blob(ctx, id)
			return string(b), err
		})
		return err
	})
	return res, err
}

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	sq, err := readQuery(q, perPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	searched := q.Has("q") || q.Get("site") != ""
	var res search.Results
	if searched {
		if res, err = s.search(r.Context(), sq); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	pg, err := newPager(r, int(res.Total), sq.Limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hits := make([]hitView, len(res.Hits))
	for i, h := range res.Hits {
		hits[i] = hitView{h, sq.AllVersions}
	}
	title := "Tìm kiếm"
	if sq.Text != "" {
		title = sq.Text + " · Tìm kiếm"
	}
	s.render(w, http.StatusOK, "search", view{Title: title, Q: sq.Text, Data: struct {
		pager
		Q, Site, From, To, Order string
		All, Searched            bool
		Sites                    []string
		Total                    uint64
		Estimated                bool
		Hits                     []hitView
	}{pg, sq.Text, sq.Site, q.Get("from"), q.Get("to"), sq.Order, sq.AllVersions, searched, s.siteNames(), res.Total, res.Estimated, hits}})
}
