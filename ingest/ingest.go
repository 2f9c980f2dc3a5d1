// Package ingest is the one stage between a fetched response and the archive: every path that
// archives something — the crawler, the archive command, WARC import, reparse — hands it an
// Exchange and stores the captures it returns. It decides, the same way for all of them, what a
// response is: which page it belongs to (the page key), what kind of page that is (article, hub,
// resource), whether it is that page itself or an alternate rendering of it (print view, AMP
// page, mobile host, duplicate URL), whether it says the page is gone (404, 410, a soft 404), and
// what article it holds.
//
// Layering: config, parse and archive know nothing of each other's callers; ingest joins them;
// the crawler and the commands call ingest and write what it returns through
// archive.Store.PutBatch.
package ingest

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/parse"
)

// Expect is what the caller took a URL for when it asked for it.
type Expect int

const (
	// ExpectUnknown is an in-scope link of no known kind: an article if the extractor finds one,
	// else a hub.
	ExpectUnknown Expect = iota
	// ExpectArticle is a URL the site's article pattern (or an archive entry) names an article.
	ExpectArticle
	// ExpectHub is a listing, section or home page the crawler pages through.
	ExpectHub
	// ExpectResource is robots.txt, a sitemap or a feed.
	ExpectResource
	// ExpectImage is a photo of an article.
	ExpectImage
)

// Hop is one redirect answer on the way to the final response.
type Hop struct {
	URL             string
	Status          int
	Request, Header http.Header
}

// Exchange is one HTTP exchange to archive: a crawled response or a WARC response record.
type Exchange struct {
	// URL is the URL asked for; FinalURL the one that answered, after redirects (empty: URL).
	URL, FinalURL string
	Status        int
	// Request and Header are the final request's and response's headers.
	Request, Header http.Header
	Body            []byte
	// Time is when the response arrived.
	Time time.Time
	// Hops are the redirects before the final answer, in order.
	Hops []Hop
	// Expect is what the URL was fetched as.
	Expect Expect
	// Links asks the extractor for the page's links, for a crawler.
	Links bool
	// AsPrimary marks a URL fetched because an alternate rendering named it: it is the page
	// itself, whatever its own rel=canonical says, so two pages naming each other cannot both
	// be alternates.
	AsPrimary bool
}

// Prepared is what an exchange means to the archive.
type Prepared struct {
	// Fetches are the captures to store: the exchange itself, and its redirect hops.
	Fetches []archive.Fetch
	// Key is the page the exchange belongs to; Kind what that page is; Role what the exchange is
	// to it.
	Key  string
	Kind archive.Kind
	Role archive.Role
	// Site is the configured site of the page, nil for a page of no configured site.
	Site *config.Site
	// Article is the extracted article (with links when asked), nil when nothing was extracted.
	Article *parse.Article
	// Primary is, for an alternate rendering, the page it renders: fetch it if it is not archived.
	Primary string
	// Gone says why the exchange shows its page no longer exists.
	Gone string
}

// Ingester prepares exchanges for the archive. It is safe for concurrent use.
type Ingester struct {
	cfg *config.Config
	x   *parse.Extractor
}

// New returns an Ingester extracting with x and the site profiles of cfg.
func New(cfg *config.Config, x *parse.Extractor) *Ingester {
	return &Ingester{cfg: cfg, x: x}
}

// SiteOf returns the configured site whose allowed domains hold u, or nil.
func (in *Ingester) SiteOf(u string) *config.Site {
	for _, s := range in.cfg.Sites {
		if s.AllowsURL(u) {
			return s
		}
	}
	return nil
}

// Prepare turns an exchange into captures. A response with nothing to keep (a server error)
// returns no fetches; an unreadable page returns an error.
func (in *Ingester) Prepare(ex Exchange) (Prepared, error) {
	if ex.FinalURL == "" {
		ex.FinalURL = ex.URL
	}
	final, err := archive.Canonicalize(ex.FinalURL)
	if err != nil {
		return Prepared{}, fmt.Errorf("ingest: %w", err) // archive.ErrBadURL
	}
	asked, err := archive.Canonicalize(ex.URL)
	if err != nil {
		asked = final
	}
	pr := Prepared{Key: final, Kind: archive.KindArticle, Site: in.SiteOf(final)}
	if pr.Site == nil {
		pr.Site = in.SiteOf(asked)
	}
	switch {
	case ex.Expect == ExpectResource:
		pr.Kind = archive.KindResource
		in.add(&pr, ex, nil)
	case ex.Expect == ExpectImage:
		pr.Kind = archive.KindImage
		in.add(&pr, ex, nil)
	case ex.Status == http.StatusNotModified:
		pr.Key = asked // a conditional request goes to the page's own key
		in.add(&pr, ex, nil)
	case ex.Status == http.StatusNotFound || ex.Status == http.StatusGone:
		pr.Key, pr.Gone = final, fmt.Sprintf("HTTP %d", ex.Status)
		in.add(&pr, ex, nil)
	case ex.Status >= 300 && ex.Status < 400 && ex.Header.Get("Location") != "":
		return redirect(pr, ex)
	case ex.Status != http.StatusOK:
		return pr, nil
	case ex.Expect == ExpectHub:
		pr.Kind = archive.KindHub
		in.add(&pr, ex, nil)
	default:
		return in.page(pr, ex, asked)
	}
	return pr, nil
}

// page prepares a 200 HTML page: soft 404s, alternates, hubs and articles.
func (in *Ingester) page(pr Prepared, ex Exchange, asked string) (Prepared, error) {
	if reason := redirectedAway(pr.Site, ex, asked, pr.Key); reason != "" {
		// The article asked for is gone; the page that answered is kept as the hub it is.
		pr.Key, pr.Gone = asked, reason
		pr.Fetches = append(pr.Fetches, archive.Fetch{
			URL: asked, FinalURL: stripUser(ex.FinalURL), Site: siteName(pr.Site, asked), Time: ex.Time,
			Status: ex.Hops[0].Status, Request: clean(ex.Hops[0].Request), Response: clean(ex.Hops[0].Header), Gone: reason,
		})
		hub := ex
		hub.Hops, hub.URL = nil, ex.FinalURL
		pr.Fetches = append(pr.Fetches, in.hubFetch(hub))
		return pr, nil
	}
	page := parse.Page{HTML: ex.Body, URL: ex.FinalURL, ContentType: ex.Header.Get("Content-Type"), Links: ex.Links}
	if pr.Site != nil {
		page.Profile = pr.Site.Profile
	}
	a, err := in.x.Extract(page)
	if err != nil {
		return pr, fmt.Errorf("ingest: extract %s: %w", ex.FinalURL, err)
	}
	pr.Article = &a
	if reason := notFoundPage(&a); reason != "" {
		pr.Gone = reason
		in.add(&pr, ex, nil)
		return pr, nil
	}
	if primary := in.primaryOf(pr.Site, pr.Key, a.Canonical); primary != "" && !ex.AsPrimary {
		pr.Role, pr.Primary, pr.Key = archive.RoleAlternate, primary, primary
		in.add(&pr, ex, nil)
		return pr, nil
	}
	if hub(pr.Site, pr.Key, ex.Expect, &a) {
		pr.Kind = archive.KindHub
		in.add(&pr, ex, nil)
		return pr, nil
	}
	in.add(&pr, ex, contentOf(&a))
	return pr, nil
}

// add appends the exchange's capture under pr.Key, and its redirect hops.
func (in *Ingester) add(pr *Prepared, ex Exchange, c *archive.Content) {
	f := archive.Fetch{
		URL: pr.Key, Site: siteName(pr.Site, pr.Key), Kind: pr.Kind, Role: pr.Role, Time: ex.Time,
		Status: ex.Status, Request: clean(ex.Request), Response: clean(ex.Header), Content: c, Gone: pr.Gone,
	}
	if u := stripUser(ex.URL); u != pr.Key {
		f.FetchURL = u
	}
	if u := stripUser(ex.FinalURL); u != pr.Key && u != f.FetchURL {
		f.FinalURL = u
	}
	if ex.Status == http.StatusOK {
		f.Body = ex.Body
	}
	pr.Fetches = append(pr.Fetches, f)
	pr.Fetches = append(pr.Fetches, hops(pr.Key, f.Site, f.Kind, ex)...)
}

func (in *Ingester) hubFetch(ex Exchange) archive.Fetch {
	key, _ := archive.Canonicalize(ex.URL)
	site := in.SiteOf(key)
	return archive.Fetch{URL: key, Site: siteName(site, key), Kind: archive.KindHub, Time: ex.Time,
		Status: ex.Status, Request: clean(ex.Request), Response: clean(ex.Header), Body: ex.Body}
}

// redirect prepares a redirect answer on its own (a WARC record): a hop of the page it points to.
func redirect(pr Prepared, ex Exchange) (Prepared, error) {
	base, err := url.Parse(ex.URL)
	if err != nil {
		return pr, fmt.Errorf("ingest: %w: %v", archive.ErrBadURL, err)
	}
	loc, err := base.Parse(ex.Header.Get("Location"))
	if err != nil {
		return pr, nil
	}
	key, err := archive.Canonicalize(loc.String())
	if err != nil {
		return pr, nil
	}
	pr.Key, pr.Role = key, archive.RoleRedirect
	pr.Fetches = []archive.Fetch{{
		URL: key, FetchURL: stripUser(ex.URL), Site: siteName(pr.Site, key), Role: archive.RoleRedirect,
		Time: ex.Time, Status: ex.Status, Request: clean(ex.Request), Response: clean(ex.Header),
	}}
	return pr, nil
}

// hops are an exchange's redirects as captures of the page they led to, each a microsecond
// before the next so a replay sees them in order.
func hops(key, site string, kind archive.Kind, ex Exchange) []archive.Fetch {
	var out []archive.Fetch
	for i, h := range ex.Hops {
		if h.Status < 300 || h.Status >= 400 {
			continue
		}
		out = append(out, archive.Fetch{
			URL: key, FetchURL: stripUser(h.URL), Site: site, Kind: kind, Role: archive.RoleRedirect,
			Time: ex.Time.Add(-time.Duration(len(ex.Hops)-i) * time.Microsecond), Status: h.Status,
			Request: clean(h.Request), Response: clean(h.Header),
		})
	}
	return out
}

// contentOf is the part of an extracted article the archive compares and keeps.
func contentOf(a *parse.Article) *archive.Content {
	return &archive.Content{
		Title: a.Title, Published: a.Published.String(), Author: a.Author, Lead: a.Lead, Text: a.Text(),
	}
}

func siteName(s *config.Site, key string) string {
	if s != nil {
		return s.Name
	}
	if u, err := url.Parse(key); err == nil {
		return u.Host
	}
	return ""
}

// clean returns headers without credentials or sessions (see archive.WithoutSecrets): whatever
// the source, a crawl or another tool's WARC, none is stored.
func clean(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	return archive.WithoutSecrets(h)
}

// stripUser removes user:password@ from a URL.
func stripUser(raw string) string { return archive.StripUserinfo(raw) }
