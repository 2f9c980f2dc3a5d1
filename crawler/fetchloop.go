package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/ingest"
)

// process fetches one task and acts on what came back.
func (r *siteRun) process(ctx context.Context, t task) {
	if t.kind == kindArticle && !r.checkDue(&t) {
		r.trace("skipped: archived and not due (recrawl policy; no sitemap, feed or title change signals it)", t.url)
		r.sum.add(func(s *Summary) { s.Skipped++ })
		return
	}
	if (t.kind == kindArticle || t.kind == kindOther) && r.resting(t.url) {
		r.trace("skipped: failed permanently before, resting until its next try", t.url, "kind", r.failed[t.url].Kind)
		r.sum.add(func(s *Summary) { s.Skipped++ })
		return
	}
	if !t.seed && (t.kind == kindListing || t.kind == kindOther) && !r.spendShape(t.shapeURL()) {
		r.trace("skipped: its URL shape spent the trap budget", t.url)
		r.sum.add(func(s *Summary) { s.Skipped++ })
		return
	}
	if t.kind != kindImage && !r.budget() {
		r.trace("skipped: max_pages reached", t.url)
		return // a photo is part of an article already paid for
	}
	var hdr http.Header
	if t.kind == kindArticle {
		hdr = r.conditional(t.url)
	}
	accept := isHTML
	switch t.kind {
	case kindFeed, kindSitemap:
		accept = acceptFeed
	case kindImage:
		accept = isImage
	}
	resp, err := r.fetch(ctx, t.url, hdr, accept)
	if resp != nil {
		r.trace("fetched", t.url, "status", resp.Status, "final", resp.FinalURL, "bytes", len(resp.Body), "hops", len(resp.Hops))
	}
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
		r.sum.add(func(s *Summary) { s.Errors[FailOffsiteRedirect]++ })
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
	case kindImage:
		r.keep(resp, t, ingest.ExpectImage)
		r.sum.add(func(s *Summary) { s.Images++ })
	default:
		r.readPage(resp, t)
	}
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
		return nil, fmt.Errorf("%w: %v", archive.ErrBadURL, err)
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
			return nil, fmt.Errorf("%w: %s: %v", errRobotsUnavailable, pu.Host, e.err)
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
	resp, err := r.withRetries(ctx, pu.Host, robotsURL, func(ctx context.Context) (*Response, error) {
		return r.fetcher.FetchType(ctx, robotsURL, nil, acceptText)
	})
	if err == nil && resp.Status == http.StatusOK && r.site.AllowsURL(resp.FinalURL) {
		r.keep(resp, task{url: robotsURL}, ingest.ExpectResource)
	}
	return resp, err
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
		// The site's summary line says it; the log has the detail for -v.
		r.c.log.Debug("host unreachable; its requests fail for the rest of the run", "site", r.site.Name, "host", host, "err", err)
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
	if errors.Is(err, errRobots) {
		return
	}
	kind := errorKind(resp, err)
	msg := fmt.Sprintf("HTTP %d", status(resp))
	if err != nil {
		msg = err.Error()
	}
	r.sum.add(func(s *Summary) { s.Errors[kind]++; s.LastError = msg })
	if remembered(kind) {
		r.remember(u, kind, err)
	}
	level := slog.LevelWarn
	if kind == FailUnreachable {
		level = slog.LevelDebug // said once, when the host was found unreachable
	}
	r.c.log.Log(context.Background(), level, "fetch failed", "site", r.site.Name, "url", u, "kind", kind, "status", status(resp), "err", err)
	if errors.Is(err, ErrHostResting) {
		return // the host asked for rest: its requests failing is no sign the site is broken
	}
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
