package crawler

import "errors"

var (
	// ErrTooManyRedirects means a redirect chain was longer than the limit.
	ErrTooManyRedirects = errors.New("crawler: too many redirects")
	// ErrRedirectLoop means a redirect chain came back to a URL it had visited.
	ErrRedirectLoop = errors.New("crawler: redirect loop")
	// ErrNotHTML means the server answered with a content type that is not a web page.
	ErrNotHTML = errors.New("crawler: not HTML")
	// ErrBadURL means the URL is not an absolute http(s) URL.
	ErrBadURL = errors.New("crawler: not an http(s) URL")
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
