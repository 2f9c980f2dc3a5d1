package crawler

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/newsarchive/newsarchive/archive"
)

// FetcherOptions configure a Fetcher. Zero values take the defaults noted.
type FetcherOptions struct {
	// UserAgent names the crawler and how to reach its operator. Required.
	UserAgent string
	// Timeout bounds one fetch, redirects included. Default 30 s.
	Timeout time.Duration
	// MaxBodySize caps a body after decompression; longer bodies are cut and reported with
	// ErrTooLarge. Default 10 MiB.
	MaxBodySize int
	// MaxRedirects bounds a redirect chain. Default 10.
	MaxRedirects int
	// Transport sends the requests; nil uses a clone of http.DefaultTransport whose dialer
	// applies the network policy (see AllowedHosts). A Transport given here dials as it likes:
	// only the host checks of AllowedHosts apply.
	Transport http.RoundTripper
	// AllowedHosts are the hosts the fetcher may connect to, as a site's allowed_domains
	// (host, or host:port); a redirect elsewhere is not followed (ErrOffsiteRedirect). Empty
	// allows any host. Either way a host that resolves to a loopback, private, link-local,
	// multicast or unspecified address is refused (ErrForbiddenAddress) unless it is named as
	// such: an IP literal or localhost among AllowedHosts, or a URL given to PermitURL.
	AllowedHosts []string
	// NamedHosts are hosts the configuration names without restricting the fetcher to them
	// (the archive command passes every site's allowed_domains): an IP literal or localhost
	// among them may be connected to on its loopback or private address.
	NamedHosts []string
}

// Response is one fetch's result.
type Response struct {
	// URL is the URL asked for; FinalURL the one answered after redirects.
	URL, FinalURL string
	Status        int
	// Request and Header are the last hop's headers as sent and received.
	Request, Header http.Header
	Body            []byte
	// Hops is the redirect chain, the final answer last.
	Hops    []Hop
	Fetched time.Time
}

// Fetcher fetches single pages through a colly collector: an honest user agent, a timeout, a
// size cap applied after decompression, redirect limits and loop detection, HTML only.
type Fetcher struct {
	opts   FetcherOptions
	base   *colly.Collector
	rec    *recorder
	policy *netPolicy
}

// NewFetcher returns a Fetcher.
func NewFetcher(opts FetcherOptions) (*Fetcher, error) {
	if strings.TrimSpace(opts.UserAgent) == "" {
		return nil, errors.New("crawler: a user agent is required")
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.MaxBodySize <= 0 {
		opts.MaxBodySize = 10 << 20
	}
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = 10
	}
	policy := newNetPolicy(opts.AllowedHosts, opts.NamedHosts)
	if opts.Transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.DialContext = policy.dialContext
		if proxy := t.Proxy; proxy != nil {
			// A proxy the environment names (HTTP_PROXY, HTTPS_PROXY) may be connected to: the
			// operator named it. Behind it, the target's address is the proxy's to check; the
			// host checks of AllowedHosts and redirects still apply.
			t.Proxy = func(req *http.Request) (*url.URL, error) {
				u, err := proxy(req)
				if u != nil {
					policy.permit(hostPortOf(u))
				}
				return u, err
			}
		}
		opts.Transport = t
	}
	rec := newRecorder(opts.Transport, policy, int64(opts.MaxBodySize))
	// One byte over the cap tells a body that was cut from one that fits exactly.
	c := colly.NewCollector(colly.UserAgent(opts.UserAgent), colly.MaxBodySize(opts.MaxBodySize+1),
		colly.AllowURLRevisit(), colly.ParseHTTPErrorResponse())
	c.WithTransport(rec)
	c.SetRequestTimeout(opts.Timeout)
	c.SetRedirectHandler(redirectPolicy(opts.MaxRedirects, policy))
	return &Fetcher{opts: opts, base: c, rec: rec, policy: policy}, nil
}

// PermitURL allows the host of rawURL (with its port) to be connected to even on a loopback or
// private address: the archive command calls it for each URL the user names, so
// "archive http://127.0.0.1:8080/a" works while a redirect from there to another private
// address or port is still refused.
func (f *Fetcher) PermitURL(rawURL string) {
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		f.policy.permit(hostPortOf(u))
	}
}

// Close drops the fetcher's idle connections, so no goroutine outlives a run.
func (f *Fetcher) Close() {
	if t, ok := f.opts.Transport.(interface{ CloseIdleConnections() }); ok {
		t.CloseIdleConnections()
	}
}

// redirectPolicy stops chains that are too long, come back on themselves, leave http(s) or
// leave the allowed hosts: such a redirect is recorded as a hop and never requested.
func redirectPolicy(max int, policy *netPolicy) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= max {
			return fmt.Errorf("%w: more than %d", ErrTooManyRedirects, max)
		}
		for _, v := range via {
			if v.URL.String() == req.URL.String() {
				return fmt.Errorf("%w: back to %s", ErrRedirectLoop, req.URL)
			}
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("%w: redirect to %s", archive.ErrBadURL, archive.StripUserinfo(req.URL.String()))
		}
		if !policy.allowsURL(req.URL) {
			return fmt.Errorf("%w: %s", ErrOffsiteRedirect, archive.StripUserinfo(req.URL.String()))
		}
		return nil
	}
}

// Fetch gets one page. hdr adds request headers (If-None-Match, If-Modified-Since for a
// conditional GET). Error statuses come back as responses, not errors; a body that is not HTML,
// a cut body, and network failures are errors, with the response so far when there is one.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string, hdr http.Header) (*Response, error) {
	return f.FetchType(ctx, rawURL, hdr, isHTML)
}

// FetchType is Fetch for other kinds of document (robots.txt, feeds, sitemaps): accept says
// which Content-Type values to read.
func (f *Fetcher) FetchType(ctx context.Context, rawURL string, hdr http.Header, accept func(contentType string) bool) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w: %q", archive.ErrBadURL, archive.StripUserinfo(rawURL))
	}
	c := f.base.Clone()
	c.Context = ctx
	id := f.rec.newID()
	h := http.Header{}
	for k, v := range hdr {
		h[k] = v
	}
	h.Set(traceHeader, id)

	var resp *Response
	var notHTML error
	c.OnResponseHeaders(func(r *colly.Response) {
		// Error pages are kept whatever their type: a 404 marks an article gone.
		if ct := r.Headers.Get("Content-Type"); r.StatusCode/100 == 2 && !accept(ct) {
			notHTML = fmt.Errorf("%w: %s is %q", ErrNotHTML, r.Request.URL, ct)
			r.Request.Abort()
		}
	})
	clean := archive.StripUserinfo(rawURL)
	c.OnResponse(func(r *colly.Response) {
		resp = &Response{URL: clean, FinalURL: archive.StripUserinfo(r.Request.URL.String()), Status: r.StatusCode, Body: r.Body, Fetched: time.Now()}
		if r.Headers != nil {
			resp.Header = r.Headers.Clone()
		}
	})
	var fetchErr error
	c.OnError(func(r *colly.Response, err error) {
		fetchErr = err
		if r != nil && r.StatusCode != 0 && resp == nil {
			resp = &Response{URL: clean, FinalURL: archive.StripUserinfo(r.Request.URL.String()), Status: r.StatusCode, Body: r.Body, Fetched: time.Now()}
			if r.Headers != nil {
				resp.Header = r.Headers.Clone()
			}
		}
	})
	err = c.Request(http.MethodGet, rawURL, nil, nil, h)
	hops := f.rec.take(id)
	if resp == nil && errors.Is(fetchErr, ErrOffsiteRedirect) && len(hops) > 0 {
		// The redirect that was not followed is the answer: its status and Location are kept.
		last := hops[len(hops)-1]
		resp = &Response{URL: clean, Status: last.Status, Header: last.Response, Fetched: time.Now()}
	}
	if resp != nil {
		resp.Hops = hops
		if len(hops) > 0 {
			// The last hop's headers as received (colly saw them adjusted for the decoded
			// body); the body is colly's, which the transport kept from converting charsets.
			last := hops[len(hops)-1]
			resp.Request, resp.FinalURL, resp.Header = last.Request, last.URL, last.Response
		}
	}
	switch {
	case notHTML != nil:
		return resp, notHTML
	case err != nil && !errors.Is(err, colly.ErrAbortedAfterHeaders):
		return resp, fmt.Errorf("crawler: fetch %s: %w", clean, unwrapURLError(err))
	case fetchErr != nil && resp == nil:
		return nil, fmt.Errorf("crawler: fetch %s: %w", clean, unwrapURLError(fetchErr))
	case resp == nil:
		return nil, fmt.Errorf("crawler: fetch %s: no response", clean)
	}
	if len(resp.Body) > f.opts.MaxBodySize {
		resp.Body = resp.Body[:f.opts.MaxBodySize]
		return resp, fmt.Errorf("%w: %s is over %d bytes", ErrTooLarge, clean, f.opts.MaxBodySize)
	}
	return resp, nil
}

// unwrapURLError drops net/url's "Get \"…\":" wrapper, which repeats the URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// isHTML accepts HTML and XHTML, and a missing content type (old servers).
func isHTML(ct string) bool {
	if strings.TrimSpace(ct) == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.Contains(strings.ToLower(ct), "html")
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// isImage accepts image content types.
func isImage(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && strings.HasPrefix(mt, "image/")
}
