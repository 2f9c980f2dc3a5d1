package web

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/archive/export"
	"github.com/newsarchive/newsarchive/internal/search"
	"github.com/newsarchive/newsarchive/parse"
)

// siteSummary is one row of the home page: what `status` prints for a site.
type siteSummary struct {
	Name      string    `json:"site"`
	Articles  int       `json:"articles"`
	Gone      int       `json:"gone"`
	Hubs      int       `json:"hubs"`
	LastCrawl time.Time `json:"last_crawl"`
	Failures  int       `json:"failures"`
}

// siteSummaries counts articles, gone pages and failures per site, in one archive open.
func (s *Server) siteSummaries(ctx context.Context) ([]siteSummary, error) {
	by := map[string]*siteSummary{}
	get := func(name string) *siteSummary {
		if by[name] == nil {
			by[name] = &siteSummary{Name: name}
		}
		return by[name]
	}
	err := s.withStore(ctx, func(st *archive.Store) error {
		for p, err := range st.Pages(ctx, "") {
			if err != nil {
				return err
			}
			x := get(p.Site)
			switch {
			case search.IsHub(p):
				x.Hubs++
			default:
				x.Articles++
				if p.Status == archive.StatusGone {
					x.Gone++
				}
			}
			if p.LastSeen.After(x.LastCrawl) {
				x.LastCrawl = p.LastSeen
			}
		}
		for f, err := range st.Failures(ctx, "") {
			if err != nil {
				return err
			}
			get(f.Site).Failures++
		}
		return nil
	})
	out := make([]siteSummary, 0, len(by))
	for _, x := range by {
		out = append(out, *x)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// listed is one article in a site's listing.
type listed struct {
	Page archive.Page
	Date time.Time // publication time, or first seen when undated
	// Dated reports whether Date is the publication date.
	Dated bool
}

// dateRange is an inclusive range of days; zero ends are open.
type dateRange struct{ From, To time.Time }

func (d dateRange) contains(t time.Time) bool {
	return (d.From.IsZero() || !t.Before(d.From)) && (d.To.IsZero() || !t.After(d.To))
}

// siteArticles lists a site's articles newest first, filtered by publication date.
func (s *Server) siteArticles(ctx context.Context, site string, dr dateRange, hubs bool) ([]listed, error) {
	var out []listed
	err := s.withStore(ctx, func(st *archive.Store) error {
		for p, err := range st.Pages(ctx, site) {
			if err != nil {
				return err
			}
			if search.IsHub(p) && !hubs {
				continue
			}
			l := listed{Page: p, Date: p.FirstSeen}
			if d, ok := parse.ParseDate(p.Published); ok {
				l.Date, l.Dated = d.Time, true
			}
			if dr.contains(l.Date) {
				out = append(out, l)
			}
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.After(out[j].Date)
		}
		return out[i].Page.URL < out[j].Page.URL
	})
	return out, err
}

// findPage resolves any URL form the archive can canonicalise to an archived page: the
// canonical form, else the same URL with the other scheme (sites moved to https; people paste
// either).
func findPage(ctx context.Context, st *archive.Store, raw string) (archive.Page, error) {
	if strings.TrimSpace(raw) == "" {
		return archive.Page{}, fmt.Errorf("%w: no url given", errBadRequest)
	}
	key, err := archive.Canonicalize(raw)
	if err != nil {
		return archive.Page{}, err
	}
	p, err := st.Page(ctx, key)
	if !errors.Is(err, archive.ErrNotFound) {
		return p, err
	}
	var other string
	switch {
	case strings.HasPrefix(key, "http://"):
		other = "https://" + key[len("http://"):]
	case strings.HasPrefix(key, "https://"):
		other = "http://" + key[len("https://"):]
	}
	if p2, err2 := st.Page(ctx, other); err2 == nil {
		return p2, nil
	}
	return p, err
}

// versionDoc is one version with its text as the text export prints it.
type versionDoc struct {
	archive.Version
	Document string
}

// loadVersion reads version n (0: the latest) of p with its text.
func loadVersion(ctx context.Context, st *archive.Store, p archive.Page, n int) (versionDoc, error) {
	if n < 0 || n > p.Versions {
		return versionDoc{}, fmt.Errorf("%w: %s has versions 1 to %d, not %d", archive.ErrNotFound, p.URL, p.Versions, n)
	}
	v, err := st.Version(ctx, p.URL, n)
	if err != nil {
		return versionDoc{}, err
	}
	text, err := st.Blob(ctx, v.TextBlob)
	if err != nil {
		return versionDoc{}, err
	}
	return versionDoc{Version: v, Document: export.Document(export.Item{Page: p, Version: v, Text: string(text)})}, nil
}

// parseDay reads a YYYY-MM-DD date in Vietnam's time zone; endOfDay gives its last instant.
func parseDay(s string, endOfDay bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, parse.Location())
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %q is not a date (YYYY-MM-DD)", errBadRequest, s)
	}
	if endOfDay {
		d = d.AddDate(0, 0, 1).Add(-time.Nanosecond)
	}
	return d, nil
}
