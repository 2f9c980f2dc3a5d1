package crawler

import (
	"context"
	"errors"
	"net"
	"net/http"

	"github.com/newsarchive/newsarchive/archive"
)

var (
	// ErrTooManyRedirects means a redirect chain was longer than the limit.
	ErrTooManyRedirects = errors.New("crawler: too many redirects")
	// ErrRedirectLoop means a redirect chain came back to a URL it had visited.
	ErrRedirectLoop = errors.New("crawler: redirect loop")
	// ErrNotHTML means the server answered with a content type that is not a web page.
	ErrNotHTML = errors.New("crawler: not HTML")
	// ErrTooLarge means the body was cut at the size cap.
	ErrTooLarge = errors.New("crawler: body over the size cap")
)

// ErrEncoding means a body's content-coding is unknown or its compressed data is damaged.
var ErrEncoding = errors.New("crawler: undecodable content-coding")

// ErrOffsiteRedirect means a redirect pointed off the allowed hosts: it is recorded, and the
// target is never requested.
var ErrOffsiteRedirect = errors.New("crawler: redirect off the allowed hosts not followed")

// ErrForbiddenAddress means a connection was refused by the network policy: a host not allowed,
// or one resolving to a loopback, private, link-local, multicast or unspecified address that
// the configuration does not name.
var ErrForbiddenAddress = errors.New("crawler: address not allowed")

// ErrHostResting means a host asked, through Retry-After, to be left alone longer than
// max_retry_after allows in one run: its requests fail at once until the next run.
var ErrHostResting = errors.New("crawler: host resting until the next run")

// The kinds of failure a run counts in Summary.Errors and records of a URL in the archive. The
// strings are what existing archives hold and what the summary line prints: never change one.
const (
	// FailNotHTML is a document that is not a web page (ErrNotHTML).
	FailNotHTML archive.FailureKind = "not-html"
	// FailTooLarge is a body over the size cap (ErrTooLarge).
	FailTooLarge archive.FailureKind = "too-large"
	// FailRedirects is a redirect chain too long or looping.
	FailRedirects archive.FailureKind = "redirects"
	// FailBadURL is a URL that is not an absolute http(s) URL (archive.ErrBadURL).
	FailBadURL archive.FailureKind = "bad-url"
	// FailOffsiteRedirect is a redirect off the allowed hosts (ErrOffsiteRedirect).
	FailOffsiteRedirect archive.FailureKind = "offsite-redirect"
	// FailForbiddenAddress is a connection the network policy refused (ErrForbiddenAddress).
	FailForbiddenAddress archive.FailureKind = "forbidden-address"
	// FailBadEncoding is an undecodable content-coding (ErrEncoding).
	FailBadEncoding archive.FailureKind = "bad-encoding"
	// FailHostResting is a request to a host resting until the next run (ErrHostResting).
	FailHostResting archive.FailureKind = "host-resting"
	// FailUnreachable is a request to a host found unreachable (ErrUnreachable).
	FailUnreachable archive.FailureKind = "unreachable"
	// FailRobotsUnavailable is a request to a host whose robots.txt could not be read.
	FailRobotsUnavailable archive.FailureKind = "robots-unavailable"
	// FailTimeout is a request that ran out of time.
	FailTimeout archive.FailureKind = "timeout"
	// FailNetwork is any other failure to get an answer.
	FailNetwork archive.FailureKind = "network"
	// FailHTTP429 is an answer "429 Too Many Requests".
	FailHTTP429 archive.FailureKind = "http-429"
	// FailHTTP5xx is a server error answer.
	FailHTTP5xx archive.FailureKind = "http-5xx"
	// FailHTTP4xx is a client error answer other than the broken links below.
	FailHTTP4xx archive.FailureKind = "http-4xx"
	// FailHTTP404 is a broken link: "404 Not Found" for a URL not archived.
	FailHTTP404 archive.FailureKind = "http-404"
	// FailHTTP410 is a broken link: "410 Gone" for a URL not archived.
	FailHTTP410 archive.FailureKind = "http-410"
	// FailOther is an answer that failed for no reason above.
	FailOther archive.FailureKind = "other"
	// FailBadFeed is a feed that could not be parsed.
	FailBadFeed archive.FailureKind = "bad-feed"
	// FailBadSitemap is a sitemap that could not be parsed.
	FailBadSitemap archive.FailureKind = "bad-sitemap"
	// FailSitemapDepth is a sitemap index nested deeper than followed.
	FailSitemapDepth archive.FailureKind = "sitemap-depth"
	// FailExtract is a page the extractor could not read.
	FailExtract archive.FailureKind = "extract"
	// FailStore is a capture the archive did not store.
	FailStore archive.FailureKind = "store"
)

// brokenLink is the kind of a 404 or 410 answer for a URL not archived.
func brokenLink(status int) archive.FailureKind {
	if status == http.StatusGone {
		return FailHTTP410
	}
	return FailHTTP404
}

// permanent reports failures that another request soon would only repeat: the URL rests
// between runs (see siteRun.resting).
func permanent(k archive.FailureKind) bool {
	switch k {
	case FailHTTP404, FailHTTP410, FailTooLarge, FailNotHTML, FailRedirects, FailBadURL, FailOffsiteRedirect:
		return true
	}
	return false
}

// remembered reports failures recorded of a URL in the archive: the permanent ones, which rest
// the URL, and the transient ones an operator wants to see repeat.
func remembered(k archive.FailureKind) bool {
	return permanent(k) || k == FailTimeout || k == FailHTTP5xx || k == FailNetwork
}

// errorKinds maps the crawler's sentinel errors to their kinds, in the order they are tested.
var errorKinds = []struct {
	err  error
	kind archive.FailureKind
}{
	{ErrNotHTML, FailNotHTML},
	{ErrTooLarge, FailTooLarge},
	{ErrTooManyRedirects, FailRedirects},
	{ErrRedirectLoop, FailRedirects},
	{archive.ErrBadURL, FailBadURL},
	{ErrOffsiteRedirect, FailOffsiteRedirect},
	{ErrForbiddenAddress, FailForbiddenAddress},
	{ErrEncoding, FailBadEncoding},
	{ErrHostResting, FailHostResting},
	{ErrUnreachable, FailUnreachable},
	{errRobotsUnavailable, FailRobotsUnavailable},
	{context.DeadlineExceeded, FailTimeout},
}

// errorKind names a failure for the summary and the archive, from the error's chain
// (errors.Is, errors.As), never its text, or from the answer's status when err is nil.
func errorKind(resp *Response, err error) archive.FailureKind {
	if err != nil {
		for _, k := range errorKinds {
			if errors.Is(err, k.err) {
				return k.kind
			}
		}
		if ne := net.Error(nil); errors.As(err, &ne) && ne.Timeout() {
			return FailTimeout
		}
		return FailNetwork
	}
	switch {
	case resp.Status == http.StatusTooManyRequests:
		return FailHTTP429
	case resp.Status >= 500:
		return FailHTTP5xx
	case resp.Status >= 400:
		return FailHTTP4xx
	}
	return FailOther
}
