package archive

import (
	"net/http"
	"net/url"
	"strings"
)

// secretHeaders are headers that carry credentials or session state: never stored, never
// exported. Authorization and Proxy-Authorization hold passwords and tokens (Go's client makes
// one from a URL's user:password), Cookie and Set-Cookie sessions, which are the crawler's or
// the user's, not the page's.
var secretHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "Cookie2", "Set-Cookie2"}

// WithoutSecrets returns a copy of h without the headers that carry credentials or sessions
// (Authorization, Proxy-Authorization, Cookie, Set-Cookie), or h itself when it has none. Names
// are matched case-insensitively, so headers read from old archives or WARC files are filtered
// too.
func WithoutSecrets(h map[string][]string) map[string][]string {
	var out map[string][]string
	for name := range h {
		if !isSecretHeader(name) {
			continue
		}
		if out == nil {
			out = make(map[string][]string, len(h))
			for k, v := range h {
				out[k] = v
			}
		}
		delete(out, name)
	}
	if out == nil {
		return h
	}
	return out
}

func isSecretHeader(name string) bool {
	c := http.CanonicalHeaderKey(name)
	for _, s := range secretHeaders {
		if c == s {
			return true
		}
	}
	return false
}

// StripUserinfo removes user:password@ from an absolute URL, leaving everything else as given.
// A URL that does not parse loses everything of its authority up to the last "@" before the
// path. Every URL the archive stores or exports goes through it.
func StripUserinfo(raw string) string {
	u, err := url.Parse(raw)
	if err == nil {
		if u.User == nil {
			return raw
		}
		u.User = nil
		return u.String()
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
		return scheme + "://" + rest[at+1:]
	}
	return raw
}
