package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/newsarchive/newsarchive/archive"
)

// TestErrorKind: a failure is named from its error chain (errors.Is, errors.As), however deep
// it is wrapped, and from the answer's status when there is no error.
func TestErrorKind(t *testing.T) {
	timeout := &net.OpError{Op: "read", Err: &net.DNSError{Err: "i/o timeout", IsTimeout: true}}
	cases := []struct {
		name   string
		status int
		err    error
		want   archive.FailureKind
	}{
		{"not html", 200, fmt.Errorf("x: %w", ErrNotHTML), FailNotHTML},
		{"too large", 200, fmt.Errorf("x: %w", ErrTooLarge), FailTooLarge},
		{"redirect loop", 0, fmt.Errorf("x: %w", ErrRedirectLoop), FailRedirects},
		{"too many redirects", 0, ErrTooManyRedirects, FailRedirects},
		{"bad url", 0, fmt.Errorf("x: %w", archive.ErrBadURL), FailBadURL},
		{"offsite", 301, ErrOffsiteRedirect, FailOffsiteRedirect},
		{"forbidden", 0, ErrForbiddenAddress, FailForbiddenAddress},
		{"encoding", 200, ErrEncoding, FailBadEncoding},
		{"resting", 0, ErrHostResting, FailHostResting},
		{"unreachable", 0, fmt.Errorf("%w: h: %v", ErrUnreachable, timeout), FailUnreachable},
		{"robots", 0, errRobotsUnavailable, FailRobotsUnavailable},
		{"deadline", 0, fmt.Errorf("crawler: fetch u: %w", context.DeadlineExceeded), FailTimeout},
		{"net timeout", 0, fmt.Errorf("crawler: fetch u: %w", timeout), FailTimeout},
		{"network", 0, errors.New("connection reset by peer"), FailNetwork},
		{"text is not a kind", 0, errors.New("Timeout, said the text"), FailNetwork},
		{"429", 429, nil, FailHTTP429},
		{"503", 503, nil, FailHTTP5xx},
		{"403", 403, nil, FailHTTP4xx},
		{"304", 304, nil, FailOther},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := errorKind(&Response{Status: c.status}, c.err); got != c.want {
				t.Errorf("errorKind(%d, %v) = %q, want %q", c.status, c.err, got, c.want)
			}
		})
	}
}

// TestFailureKinds_Policy: broken links and the other permanent kinds rest a URL between runs;
// transient ones are remembered but never rest it; the rest are only counted.
func TestFailureKinds_Policy(t *testing.T) {
	cases := []struct {
		kind                  archive.FailureKind
		permanent, remembered bool
	}{
		{brokenLink(404), true, true},
		{brokenLink(410), true, true},
		{FailTooLarge, true, true},
		{FailNotHTML, true, true},
		{FailRedirects, true, true},
		{FailBadURL, true, true},
		{FailOffsiteRedirect, true, true},
		{FailTimeout, false, true},
		{FailHTTP5xx, false, true},
		{FailNetwork, false, true},
		{FailHTTP429, false, false},
		{FailHostResting, false, false},
		{FailUnreachable, false, false},
	}
	for _, c := range cases {
		if p, r := permanent(c.kind), remembered(c.kind); p != c.permanent || r != c.remembered {
			t.Errorf("%s: permanent %v remembered %v, want %v %v", c.kind, p, r, c.permanent, c.remembered)
		}
	}
	if brokenLink(404) != "http-404" || brokenLink(410) != "http-410" {
		t.Errorf("broken links are stored as %q and %q, as archives written before hold them", brokenLink(404), brokenLink(410))
	}
}
