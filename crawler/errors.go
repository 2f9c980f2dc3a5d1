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
