package crawler

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxBackoff bounds the crawler's own backoff between retries (the server's Retry-After is
// bounded per host by max_retry_after, see hostLimits.pause).
const maxBackoff = 10 * time.Minute

// retryable reports failures worth another try: 429, 5xx and network errors, not a page that
// is too large, of the wrong type or in a redirect loop.
func retryable(resp *Response, err error) bool {
	if err != nil {
		for _, permanent := range []error{ErrNotHTML, ErrTooLarge, ErrTooManyRedirects, ErrUnreachable, errRobotsUnavailable,
			ErrRedirectLoop, ErrBadURL, ErrOffsiteRedirect, ErrForbiddenAddress, ErrEncoding, ErrHostResting, context.Canceled} {
			if errors.Is(err, permanent) {
				return false
			}
		}
		return true
	}
	return resp != nil && (resp.Status == http.StatusTooManyRequests || resp.Status >= 500)
}

// backoff is the wait before retry n (0-based): base doubled each time with up to 50 % jitter, or
// the server's Retry-After when it gives one, however long: the host's limits decide whether
// it is waited for or the host rests for the run (hostLimits.pause). ok is false for no retry.
func backoff(n int, base time.Duration, resp *Response) (time.Duration, bool) {
	if resp != nil && resp.Header != nil {
		if ra := resp.Header.Get("Retry-After"); ra != "" {
			if d, ok := parseRetryAfter(ra, time.Now()); ok {
				return d, true
			}
		}
	}
	if base <= 0 {
		return 0, true // retry_backoff: 0s means retry at once
	}
	d := base << n
	if d <= 0 || d > maxBackoff { // overflow of the shift
		d = maxBackoff
	}
	return d + time.Duration(rand.Int64N(int64(d)/2+1)), true
}

// parseRetryAfter reads delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
		return time.Duration(min(secs, 100*365*24*3600)) * time.Second, true // no overflow
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(now)), true
	}
	return 0, false
}

// errorKind names a failure for the summary.
func errorKind(resp *Response, err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, ErrNotHTML):
		return "not-html"
	case errors.Is(err, ErrTooLarge):
		return "too-large"
	case errors.Is(err, ErrTooManyRedirects), errors.Is(err, ErrRedirectLoop):
		return "redirects"
	case errors.Is(err, ErrBadURL):
		return "bad-url"
	case errors.Is(err, ErrOffsiteRedirect):
		return "offsite-redirect"
	case errors.Is(err, ErrForbiddenAddress):
		return "forbidden-address"
	case errors.Is(err, ErrEncoding):
		return "bad-encoding"
	case errors.Is(err, ErrHostResting):
		return "host-resting"
	case errors.Is(err, ErrUnreachable):
		return "unreachable"
	case errors.Is(err, errRobotsUnavailable):
		return "robots-unavailable"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout(),
		err != nil && strings.Contains(err.Error(), "Timeout"):
		return "timeout"
	case err != nil:
		return "network"
	case resp.Status == http.StatusTooManyRequests:
		return "http-429"
	case resp.Status >= 500:
		return "http-5xx"
	case resp.Status >= 400:
		return "http-4xx"
	}
	return "other"
}
