package crawler

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// maxBackoff bounds the crawler's own backoff between retries (the server's Retry-After is
// bounded per host by max_retry_after, see hostLimits.pause).
const maxBackoff = 10 * time.Minute

// retryable reports failures worth another try: 429, 5xx and network errors, not a page that
// is too large, of the wrong type or in a redirect loop.
func retryable(resp *Response, err error) bool {
	if err != nil {
		for _, permanent := range []error{ErrNotHTML, ErrTooLarge, ErrTooManyRedirects, ErrUnreachable, errRobotsUnavailable,
			ErrRedirectLoop, archive.ErrBadURL, ErrOffsiteRedirect, ErrForbiddenAddress, ErrEncoding, ErrHostResting, context.Canceled} {
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
