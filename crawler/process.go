package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
)

// process fetches one task and acts on what came back.
func (r *siteRun) process(ctx context.Context, t task) {
	if t.kind == kindArticle && !r.checkDue(&t) {
		r.sum.add(func(s *Summary) { s.Skipped++ })
		return
	}
	if (t.kind == kindArticle || t.kind == kindOther) && r.resting(t.url) {
		r.sum.add(func(s *Summary) { s.Skipped++ })
		return
	}
	if !r.budget() {
		return
	}
	var hdr http.Header
	if t.kind == kindArticle {
		hdr = r.conditional(t.url)
	}
	accept := isHTML
	if t.kind == kindFeed || t.kind == kindSitemap {
		accept = acceptFeed
	}
	resp, err := r.fetch(ctx, t.url, hdr, accept)
	if err != nil {
		if ctx.Err() == nil {
			r.fail(t.url, resp, err)
		}
		return
	}
	if resp.Status >= 400 && resp.Status != http.StatusNotFound && resp.Status != http.StatusGone {
		r.fail(t.url, resp, nil)
		return
	}
	r.succeed()
	if _, failedBefore := r.failed[t.url]; failedBefore && resp.Status < 400 {
		r.st.clearFailure(t.url)
	}
	if !r.site.AllowsURL(resp.FinalURL) {
		// A redirect off the site: recorded, neither stored under the site nor followed further.
		r.sum.add(func(s *Summary) { s.Errors["offsite-redirect"]++ })
		r.c.log.Info("redirect off the site", "site", r.site.Name, "url", t.url, "to", resp.FinalURL)
		r.remember(t.url, "offsite-redirect", fmt.Errorf("redirected to %s", resp.FinalURL))
		return
	}
	r.learnAlias(t.url, resp.FinalURL)
	switch t.kind {
	case kindFeed:
		r.readFeed(resp, t)
	case kindSitemap:
		r.readSitemap(resp, t)
	case kindListing:
		r.readListing(resp, t)
	default:
		r.readPage(resp, t)
	}
}

// due applies the incremental policy to an article URL: new ones are fetched; archived ones when
// the site signals a change, when the recrawl policy says so, or on a full run.
func (r *siteRun) due(t task) bool {
	p, ok := r.index[t.url]
	if !ok {
		return true
	}
	switch {
	case r.c.opts.Full:
		return true
	case !t.hint.Updated.IsZero() && t.hint.Updated.After(p.LastSeen):
		return true
	case p.Status == archive.StatusGone:
		return false
	case t.hint.Title != "" && p.Title != "" && titleChanged(t.hint.Title, p.Title):
		return true
	}
	born := p.FirstSeen
	if d, ok := parse.ParseDate(p.Published); ok {
		born = d.Time
	}
	return r.site.Recrawl.Due(born, p.LastSeen, r.c.opts.Now())
}

// permanentKinds are failures that another request soon would only repeat.
var permanentKinds = map[string]bool{
	"http-404": true, "http-410": true, "too-large": true, "not-html": true, "redirects": true, "bad-url": true,
	"offsite-redirect": true,
}

// resting reports a URL that failed permanently in an earlier run and is not yet due to be tried
// again: after a day, then two, four… up to thirty. A full run tries them all.
func (r *siteRun) resting(u string) bool {
	f, ok := r.failed[u]
	if !ok || r.c.opts.Full || !permanentKinds[f.Kind] {
		return false
	}
	wait := 24 * time.Hour << min(f.Count-1, 5)
	return r.c.opts.Now().Before(f.Last.Add(min(wait, 30*24*time.Hour)))
}

// remember records a failure in the archive, so later runs can rest the URL.
func (r *siteRun) remember(u, kind string, err error) {
	f := archive.Failure{URL: u, Site: r.site.Name, Kind: kind, Count: 1, Last: r.c.opts.Now()}
	if err != nil {
		f.Error = err.Error()
	}
	r.st.putFailure(f)
}

// titleChanged compares a listing's anchor text with the archived title. Listings may shorten
// titles (one containing the other is no change), and an anchor that shares less than half its
// words with the title is not the title at all ("Xem thêm", a photo caption).
func titleChanged(listed, archived string) bool {
	a, b := parse.Fold(listed), parse.Fold(archived)
	if strings.Contains(a, b) || strings.Contains(b, a) {
		return false
	}
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) < 4 {
		return false
	}
	in := map[string]bool{}
	for _, w := range wb {
		in[w] = true
	}
	common := 0
	for _, w := range wa {
		if in[w] {
			common++
		}
	}
	return common*2 >= len(wa)
}

// conditional returns If-None-Match / If-Modified-Since for an archived page, so an unchanged
// page answers 304 with no body.
func (r *siteRun) conditional(u string) http.Header {
	p, ok := r.index[u]
	if !ok || p.Status == archive.StatusGone {
		return nil
	}
	h := http.Header{}
	if p.ETag != "" {
		h.Set("If-None-Match", p.ETag)
	}
	if p.LastModified != "" {
		h.Set("If-Modified-Since", p.LastModified)
	}
	return h
}

// checkDue takes an article's merged hint and applies the policy in one hold of the lock, so a
// sitemap hint arriving meanwhile either is seen here or requeues the article.
func (r *siteRun) checkDue(t *task) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.seen[t.url]
	if ok {
		t.hint = s.hint
	}
	if r.due(*t) {
		return true
	}
	if ok {
		s.skipped = true
	}
	return false
}

// budget counts a page against max_pages, noting in the summary when the budget ran out.
func (r *siteRun) budget() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.site.MaxPages > 0 && r.fetched >= r.site.MaxPages {
		if !r.capped {
			r.capped = true
			r.sum.add(func(s *Summary) { s.Capped = true })
		}
		return false
	}
	r.fetched++
	return true
}

// fetch gets a URL politely: robots.txt, the host's delay and slots, retries with backoff and
// Retry-After for 429, 5xx and network errors.
func (r *siteRun) fetch(ctx context.Context, u string, hdr http.Header, accept func(string) bool) (*Response, error) {
	pu, err := url.Parse(u)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	if err := r.hostDown(pu.Host); err != nil {
		return nil, err
	}
	if r.robots != nil {
		e := r.robots.get(ctx, pu, r.fetchRobots)
		if err := r.hostDown(pu.Host); err != nil {
			return nil, err
		}
		if e.delay > 0 {
			r.limits.setDelay(pu.Host, e.delay)
		}
		if e.blocked {
			return nil, fmt.Errorf("%w: %s", errRobotsUnavailable, pu.Host)
		}
		if !e.allowed(pu) {
			r.sum.add(func(s *Summary) { s.Blocked++ })
			return nil, errRobots
		}
	}
	return r.withRetries(ctx, pu.Host, u, func(ctx context.Context) (*Response, error) {
		return r.fetcher.FetchType(ctx, u, hdr, accept)
	})
}

// withRetries makes a request within the host's limits, retrying 429, 5xx and network errors
// with backoff or the server's Retry-After (which holds every request to the host), and marks the
// host unreachable when its name does not resolve.
func (r *siteRun) withRetries(ctx context.Context, host, u string, do func(context.Context) (*Response, error)) (*Response, error) {
	for attempt := 0; ; attempt++ {
		resp, err := r.once(ctx, host, do)
		if isNoSuchHost(err) {
			r.markDown(host, err)
			return resp, err
		}
		if ctx.Err() != nil || !retryable(resp, err) || attempt >= r.site.Retries {
			return resp, err
		}
		wait, ok := backoff(attempt, r.site.RetryBackoff, resp)
		if !ok {
			return resp, err
		}
		r.c.log.Debug("retrying", "url", u, "attempt", attempt+1, "wait", wait, "status", status(resp), "err", err)
		r.limits.pause(host, time.Now().Add(wait))
	}
}

// errRobots marks a URL robots.txt disallows; it is counted as blocked, not as an error.
var errRobots = errors.New("crawler: disallowed by robots.txt")

// errRobotsUnavailable marks a host whose robots.txt could not be read (5xx, network errors, after
// retries): RFC 9309 says to crawl none of it, and the summary says why.
var errRobotsUnavailable = errors.New("crawler: robots.txt unavailable, host not crawled")

// once makes one request within the host's limits and counts it.
func (r *siteRun) once(ctx context.Context, host string, do func(context.Context) (*Response, error)) (*Response, error) {
	release, err := r.limits.acquire(ctx, host)
	if err != nil {
		return nil, err
	}
	defer release()
	resp, err := do(ctx)
	r.sum.add(func(s *Summary) {
		s.Requests++
		if resp != nil {
			s.Bytes += int64(len(resp.Body))
		}
	})
	return resp, err
}

func (r *siteRun) fetchRobots(ctx context.Context, robotsURL string) (*Response, error) {
	pu, err := url.Parse(robotsURL)
	if err != nil {
		return nil, err
	}
	return r.withRetries(ctx, pu.Host, robotsURL, func(ctx context.Context) (*Response, error) {
		return r.fetcher.FetchType(ctx, robotsURL, nil, acceptText)
	})
}

// ErrUnreachable marks requests not sent because their host was found unreachable earlier in the
// run (its name does not resolve): failing them at once keeps a dead site from taking minutes.
var ErrUnreachable = errors.New("crawler: host unreachable")

func (r *siteRun) hostDown(host string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err, ok := r.down[host]; ok {
		return fmt.Errorf("%w: %s: %v", ErrUnreachable, host, err)
	}
	return nil
}

func (r *siteRun) markDown(host string, err error) {
	r.mu.Lock()
	_, known := r.down[host]
	if !known {
		r.down[host] = unwrapURLError(errors.Unwrap(err))
	}
	r.mu.Unlock()
	if !known {
		r.c.log.Warn("host unreachable; its requests fail for the rest of the run", "site", r.site.Name, "host", host, "err", err)
	}
}

// isNoSuchHost reports a DNS answer that the name does not exist.
func isNoSuchHost(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de) && de.IsNotFound
}

func status(resp *Response) int {
	if resp == nil {
		return 0
	}
	return resp.Status
}

// fail records a failed URL and spends the site's error budget.
func (r *siteRun) fail(u string, resp *Response, err error) {
	if err == errRobots {
		return
	}
	kind := errorKind(resp, err)
	msg := fmt.Sprintf("HTTP %d", status(resp))
	if err != nil {
		msg = err.Error()
	}
	r.sum.add(func(s *Summary) { s.Errors[kind]++; s.LastError = msg })
	if permanentKinds[kind] || kind == "timeout" || kind == "http-5xx" || kind == "network" {
		r.remember(u, kind, err)
	}
	level := slog.LevelWarn
	if kind == "unreachable" {
		level = slog.LevelDebug // said once, when the host was found unreachable
	}
	r.c.log.Log(context.Background(), level, "fetch failed", "site", r.site.Name, "url", u, "kind", kind, "status", status(resp), "err", err)
	r.mu.Lock()
	r.failures++
	over := r.site.ErrorBudget > 0 && r.failures >= r.site.ErrorBudget
	n := r.failures
	r.mu.Unlock()
	if over {
		r.cancel(fmt.Errorf("%d requests in a row failed (error budget %d), the last: %s", n, r.site.ErrorBudget, msg))
	}
}

func (r *siteRun) succeed() {
	r.mu.Lock()
	r.failures = 0
	r.mu.Unlock()
}

// learnAlias remembers that a host redirects to another with the same path, so later links to
// the old host go straight to the new one.
func (r *siteRun) learnAlias(from, to string) {
	a, err1 := url.Parse(from)
	b, err2 := url.Parse(to)
	if err1 != nil || err2 != nil || a.Host == b.Host || a.Path != b.Path || !r.site.AllowsURL(to) {
		return
	}
	r.mu.Lock()
	r.aliases[a.Host] = b.Host
	r.mu.Unlock()
}

func (r *siteRun) readFeed(resp *Response, t task) {
	links, err := feedLinks(resp.Body)
	if err != nil {
		r.sum.add(func(s *Summary) { s.Errors["bad-feed"]++ })
		r.c.log.Warn("unreadable feed", "url", t.url, "err", err)
		return
	}
	r.follow(links, t.depth)
}

func (r *siteRun) readSitemap(resp *Response, t task) {
	links, index, err := sitemapLinks(resp.Body)
	if err != nil && len(links) == 0 {
		r.sum.add(func(s *Summary) { s.Errors["bad-sitemap"]++ })
		r.c.log.Warn("unreadable sitemap", "url", t.url, "err", err)
		return
	}
	if index {
		for _, l := range links {
			child, ok := sitemapChild(t, l)
			if !ok {
				r.sum.add(func(s *Summary) { s.Errors["sitemap-depth"]++ })
				r.c.log.Warn("sitemap index nested too deep", "url", t.url, "max", maxSitemapDepth)
				break
			}
			r.add(child, false)
		}
		return
	}
	r.follow(links, t.depth)
}

// readListing follows a listing's links and queues its next page while pages bring something
// new (on a full run, while they list anything, to the backfill depth).
func (r *siteRun) readListing(resp *Response, t task) {
	links := pageLinks(resp.Body, resp.FinalURL, resp.Header.Get("Content-Type"))
	fresh, articles := 0, 0
	var sig strings.Builder
	for _, l := range links {
		key, err := archive.Canonicalize(l.URL)
		if err != nil || !r.site.IsArticle(key) || !r.inScope(key) {
			continue
		}
		articles++
		sig.WriteString(key + " ")
		// Fresh means new to the archive: links another listing showed earlier in this run still
		// count, or a section sharing its first page with the home page would stop paging.
		if _, archived := r.index[r.archivedAs(r.unalias(key))]; !archived {
			fresh++
		}
	}
	r.mu.Lock()
	repeated := articles > 0 && r.lastPage[t.listing] == sig.String()
	r.lastPage[t.listing] = sig.String()
	r.mu.Unlock()
	if repeated {
		return // a site that ignores the page parameter shows the same page again
	}
	r.follow(links, t.depth)
	pg := r.site.Pagination
	if pg.Param == "" || resp.Status != http.StatusOK {
		return
	}
	limit, more := pg.MaxPages, fresh > 0
	if r.c.opts.Full {
		limit, more = max(pg.MaxPages, pg.BackfillPages), articles > 0
	}
	if !more || (limit > 0 && t.page >= limit) {
		return
	}
	next, err := pageURL(t.listing, pg.Param, t.page+1)
	if err != nil {
		return
	}
	r.add(task{url: next, kind: kindListing, depth: t.depth, page: t.page + 1, listing: t.listing}, true)
}

func (r *siteRun) unaliasLocked(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	if to, ok := r.aliases[p.Host]; ok {
		p.Host = to
		return p.String()
	}
	return u
}

// pageURL sets a listing's page parameter.
func pageURL(listing, param string, n int) (string, error) {
	u, err := url.Parse(listing)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set(param, strconv.Itoa(n))
	u.RawQuery = q.Encode()
	return archive.Canonicalize(u.String())
}

// readPage extracts an article or unknown page, stores it when it is an article, and follows its
// links.
func (r *siteRun) readPage(resp *Response, t task) {
	if resp.Status == http.StatusNotFound || resp.Status == http.StatusGone {
		if _, archived := r.index[t.url]; !archived {
			// A broken link, not a failing server: recorded, not charged to the error budget.
			kind := fmt.Sprintf("http-%d", resp.Status)
			r.sum.add(func(s *Summary) { s.Errors[kind]++ })
			r.c.log.Info("broken link", "site", r.site.Name, "url", t.url, "status", resp.Status)
			r.remember(t.url, kind, nil)
			return
		}
	}
	if resp.Status == http.StatusNotModified || resp.Status == http.StatusNotFound || resp.Status == http.StatusGone {
		r.storeFetch(ToFetch(resp, nil, t.url, r.site.Name))
		return
	}
	a, err := r.c.x.Extract(parse.Page{HTML: resp.Body, URL: resp.FinalURL, ContentType: resp.Header.Get("Content-Type"), Profile: r.site.Profile, Links: true})
	if err != nil {
		r.sum.add(func(s *Summary) { s.Errors["extract"]++ })
		r.c.log.Warn("extraction failed", "url", t.url, "err", err)
		return
	}
	if t.kind == kindArticle || a.IsArticle {
		key, err := PageKey(resp.FinalURL, a.Canonical, func(x, y string) bool {
			return r.site.AllowsURL("http://"+x+"/") && r.site.AllowsURL("http://"+y+"/")
		})
		if err == nil {
			if t.kind == kindOther {
				r.sum.add(func(s *Summary) { s.Found++ })
			}
			r.storeFetch(ToFetch(resp, &a, key, r.site.Name))
		}
	}
	links := make([]link, len(a.Links))
	for i, l := range a.Links {
		links[i] = link{URL: l.URL, Title: l.Text}
	}
	r.follow(links, t.depth)
}

// storeFetch hands a fetch to the storer and counts its outcome when it is committed.
func (r *siteRun) storeFetch(f archive.Fetch) {
	r.st.put(f, func(res archive.Result, err error) {
		r.sum.add(func(s *Summary) {
			if err != nil {
				s.Errors["store"]++
				return
			}
			switch res.Outcome {
			case archive.New:
				s.New++
			case archive.NewVersion:
				s.NewVersions++
			case archive.Unchanged:
				s.Unchanged++
			case archive.NotModified:
				s.NotModified++
			case archive.Gone:
				s.Gone++
			}
		})
	})
}
