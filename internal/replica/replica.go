// Package replica serves local replicas of the Bến Tre news sites newsarchive crawls, for
// end-to-end tests and benchmarks of `newsarchive crawl`. Every site is its own
// net/http/httptest server on 127.0.0.1: nothing here touches the internet.
//
// Start brings up four servers:
//
//   - Newspaper: the Báo Đồng Khởi newspaper CMS (dongkhoi.baovinhlong.vn), with listings, RSS
//     feeds, a sitemap, robots.txt, ETag/Last-Modified validators and the traps a crawler meets
//     on the real site (disallowed paths, print views, tracking-parameter duplicates, an endless
//     calendar, a PDF, a 404, a slow page, an oversized page, a 503 with Retry-After);
//   - NewspaperOld: the pre-merger host (baodongkhoi.vn), answering every request with a 301 to
//     the same path on Newspaper;
//   - Portal: a bentre.gov.vn department portal (sct.bentre.gov.vn markup);
//   - Legacy: an old table-layout ASP site served in windows-1258.
//
// The content comes in two generations. SetGeneration(2) switches every server at once to the
// second one, in which articles appear, change (with and without a signal) and disappear;
// Articles lists what each generation holds, for assertions. Requests logs every request every
// server received. ConfigYAML returns a newsarchive configuration that crawls the four servers.
//
// README.md in this directory lists every URL and behaviour.
package replica

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Names of the servers, as Request.Server gives them.
const (
	// ServerNewspaper is the Báo Đồng Khởi newspaper on its current host.
	ServerNewspaper = "newspaper"
	// ServerNewspaperOld is the newspaper's old host, which redirects to ServerNewspaper.
	ServerNewspaperOld = "newspaper-old"
	// ServerPortal is the government department portal.
	ServerPortal = "portal"
	// ServerLegacy is the old windows-1258 table-layout site.
	ServerLegacy = "legacy"
)

// Names of the sites in ConfigYAML, as Article.Site gives them.
const (
	// SiteNewspaper is the newspaper, crawled on both of its hosts.
	SiteNewspaper = "baodongkhoi"
	// SitePortal is the department portal.
	SitePortal = "sct-bentre"
	// SiteLegacy is the windows-1258 site.
	SiteLegacy = "tuyengiao-bentre"
)

// DefaultArticles is the number of newspaper articles when Options.Articles is zero.
const DefaultArticles = 12

// MinArticles is the fewest newspaper articles a replica has: the second generation changes,
// edits and deletes three of the newest ones, which must exist. Smaller values are raised to it.
const MinArticles = 8

// Options configures the replica sites.
type Options struct {
	// Articles is the number of ordinary dated articles on the newspaper site in generation 1
	// (default DefaultArticles, at least MinArticles); benchmarks use thousands. The newspaper
	// also has one special article (/tam-ngung-a997.html) besides these.
	Articles int
	// Delay is artificial latency added to every response of every server (default 0).
	Delay time.Duration
}

// Request is one request a replica server received, as Requests reports it.
type Request struct {
	// Server is the server that received it: ServerNewspaper, ServerNewspaperOld, ServerPortal
	// or ServerLegacy.
	Server string
	// Method is the HTTP method.
	Method string
	// Host is the Host header, "127.0.0.1:port".
	Host string
	// Path is the decoded URL path.
	Path string
	// RawQuery is the query string without "?".
	RawQuery string
	// Header holds the request headers (Host excluded, as net/http moves it to Host).
	Header http.Header
	// Status is the status code sent: 200, 301, 304, 404, 503…; 0 while the request is still
	// being served, or when no response was sent because the client went away or the sites
	// were closed first.
	Status int
	// Time is when the request arrived.
	Time time.Time
}

// Article is one article of a replica site, as newsarchive should archive it.
type Article struct {
	// Site is the site name in ConfigYAML: SiteNewspaper, SitePortal or SiteLegacy.
	Site string
	// URL is the article's canonical URL (on the Newspaper host for the newspaper).
	URL string
	// Title is the heading, without the site name.
	Title string
	// Published is the publication date as parse.Date.String gives it: RFC 3339 with +07:00
	// when the page gives a time, YYYY-MM-DD when it gives a date only.
	Published string
	// Text is the body as newsarchive's Article.Text prints it: the lead, the paragraphs,
	// intertitles and photo captions in place, and the byline or source line, separated by
	// blank lines. NFC, no NBSP, single spaces.
	Text string
	// Changed marks a generation-2 article corrected with a signal: its text changed and its
	// sitemap <lastmod> and Last-Modified header moved forward.
	Changed bool
	// Silent marks a generation-2 article whose text changed with no signal: same sitemap
	// <lastmod>, feed entry, listing place and Last-Modified header; only the body and the ETag
	// differ.
	Silent bool
	// Deleted marks an article gone in generation 2: it answers 404 and has left listings,
	// feeds and the sitemap. Its fields keep their generation-1 values.
	Deleted bool
	// New marks an article that first appears in generation 2.
	New bool
}

// Sites is a running set of replica servers. Its methods are safe for concurrent use.
type Sites struct {
	// Newspaper is the base URL of the newspaper ("http://127.0.0.1:port", no trailing slash).
	Newspaper string
	// NewspaperOld is the base URL of the newspaper's old host, which redirects to Newspaper.
	NewspaperOld string
	// Portal is the base URL of the department portal.
	Portal string
	// Legacy is the base URL of the windows-1258 site.
	Legacy string

	opts    Options
	delay   atomic.Int64 // Options.Delay, or what SetDelay set, in nanoseconds
	servers []*httptest.Server
	gen     atomic.Int32
	gen2At  atomic.Int64 // unix nanoseconds of the first switch to generation 2
	hits    atomic.Int64 // requests served, for view counters
	closing chan struct{}
	closed  sync.Once

	mu  sync.Mutex
	log []*Request

	np     *newspaper
	portal *portal
	legacy *legacy

	cacheMu sync.Mutex
	cache   [3][]Article
}

// Start starts all replica servers on 127.0.0.1 and returns once they accept requests. The
// content is generation 1. Close them with Close.
func Start(opts Options) *Sites {
	if opts.Articles == 0 {
		opts.Articles = DefaultArticles
	}
	opts.Articles = max(opts.Articles, MinArticles)
	opts.Delay = max(opts.Delay, 0)
	s := &Sites{opts: opts, closing: make(chan struct{})}
	s.gen.Store(1)
	s.delay.Store(int64(opts.Delay))

	// Bind every listener first so that each site knows every URL before it serves anything.
	names := []string{ServerNewspaper, ServerNewspaperOld, ServerPortal, ServerLegacy}
	urls := []*string{&s.Newspaper, &s.NewspaperOld, &s.Portal, &s.Legacy}
	for i := range names {
		ts := httptest.NewUnstartedServer(nil)
		ts.Config.ErrorLog = log.New(io.Discard, "", 0)
		*urls[i] = "http://" + ts.Listener.Addr().String()
		s.servers = append(s.servers, ts)
	}
	s.np = newNewspaper(s)
	s.portal = newPortal(s)
	s.legacy = newLegacy(s)
	handlers := []http.Handler{s.np, http.HandlerFunc(s.redirectOld), s.portal, s.legacy}
	for i, ts := range s.servers {
		ts.Config.Handler = s.logged(names[i], handlers[i])
		ts.Start()
	}
	return s
}

// Close stops every server. Requests still waiting (the slow page, Options.Delay) are cut short.
// Close may be called more than once.
func (s *Sites) Close() {
	s.closed.Do(func() {
		close(s.closing)
		for _, ts := range s.servers {
			ts.CloseClientConnections() // a client stuck on the oversized page must not hold Close up
			ts.Close()
		}
	})
}

// SetGeneration switches every server to generation n, 1 (the initial one) or 2, at once: a
// request sees one generation throughout. It panics on any other n.
//
// The signalled correction of generation 2 is dated the moment of the first switch (its sitemap
// <lastmod> and Last-Modified), so it is newer than any capture a crawler made of generation 1.
func (s *Sites) SetGeneration(n int) {
	checkGen(n)
	if n == 2 {
		s.gen2At.CompareAndSwap(0, time.Now().Truncate(time.Second).UnixNano())
	}
	s.gen.Store(int32(n))
}

// SetDelay changes the artificial latency of Options.Delay for the requests that arrive from now
// on: a test that needs a slow crawl to land a signal on can let the next crawl run at full speed.
func (s *Sites) SetDelay(d time.Duration) { s.delay.Store(int64(max(d, 0))) }

// Generation returns the generation being served.
func (s *Sites) Generation() int { return int(s.gen.Load()) }

// Requests returns the log of every request every server received, in order of arrival,
// including robots.txt, redirects, 304s and errors.
func (s *Sites) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.log))
	for i, r := range s.log {
		out[i] = *r
		out[i].Header = r.Header.Clone()
	}
	return out
}

// ResetLog empties the request log.
func (s *Sites) ResetLog() {
	s.mu.Lock()
	s.log = nil
	s.mu.Unlock()
}

// Articles returns the articles of generation gen (1 or 2) on every site: the newspaper's
// newest first (its special article /tam-ngung-a997.html last), then the portal's and the
// legacy site's, newest first. For generation 2 it also lists the deleted newspaper article,
// flagged Deleted. The result is computed once per generation; each call returns a new slice.
// It panics on a gen other than 1 or 2.
func (s *Sites) Articles(gen int) []Article {
	checkGen(gen)
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	if s.cache[gen] == nil {
		list := s.np.articles(gen)
		list = append(list, s.portal.articles(gen)...)
		list = append(list, s.legacy.articles(gen)...)
		s.cache[gen] = list
	}
	return slices.Clone(s.cache[gen])
}

func checkGen(n int) {
	if n != 1 && n != 2 {
		panic(fmt.Sprintf("replica: generation %d does not exist (1 or 2)", n))
	}
}

// redirectOld is the old newspaper host: everything moved to the new host in the 2025 merger.
func (s *Sites) redirectOld(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Location", s.Newspaper+r.URL.RequestURI())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusMovedPermanently)
	fmt.Fprintf(w, "<html><head><title>301 Moved Permanently</title></head><body><h1>Moved Permanently</h1><p>The document has moved <a href=\"%s\">here</a>.</p></body></html>\n",
		escape(s.Newspaper+r.URL.RequestURI()))
}

// logged records each request in the log, applies the delay (Options.Delay, SetDelay) and serves
// it with h.
func (s *Sites) logged(server string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e := &Request{
			Server: server, Method: r.Method, Host: r.Host, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
			Header: r.Header.Clone(),
		}
		s.mu.Lock()
		e.Time = time.Now() // under the lock: the log is in order of arrival, times included
		s.log = append(s.log, e)
		s.mu.Unlock()
		sw := &statusWriter{ResponseWriter: w, s: s, e: e}
		s.hits.Add(1)
		if d := time.Duration(s.delay.Load()); d > 0 && !s.wait(r.Context(), d) {
			return
		}
		h.ServeHTTP(sw, r)
	})
}

// wait sleeps for d, and reports false when the request or the sites ended first.
func (s *Sites) wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.closing:
		return false
	}
}

// statusWriter records the status code a handler sends in the request's log entry, before the
// response leaves, so that a client that has its answer finds it logged.
type statusWriter struct {
	http.ResponseWriter
	s    *Sites
	e    *Request
	sent bool
}

func (w *statusWriter) record(code int) {
	if w.sent {
		return
	}
	w.sent = true
	w.s.mu.Lock()
	w.e.Status = code
	w.s.mu.Unlock()
}

func (w *statusWriter) WriteHeader(code int) {
	w.record(code)
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	w.record(http.StatusOK)
	return w.ResponseWriter.Write(p)
}
