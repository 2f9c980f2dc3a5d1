package archive

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// ErrBadURL is returned for URLs that cannot key a page: not absolute http(s), or too long.
var ErrBadURL = errors.New("archive: not an http(s) URL")

// maxURLLength bounds a key; longer URLs are traps or junk.
const maxURLLength = 2048

// trackingParams are query parameters that never change what a page shows.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "zarsrc": true, "gidzl": true,
	"igshid": true, "mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true, "yclid": true,
	"fb_source": true, "fb_ref": true, "ref_src": true, "spm": true,
}

// Canonicalize normalises a URL into the form that keys a page: scheme and host lower-cased,
// default port and fragment dropped, an empty path made "/", tracking parameters (utm_*, fbclid,
// zarsrc, …) removed and the rest sorted by name.
func Canonicalize(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if len(raw) > maxURLLength {
		return "", fmt.Errorf("%w: longer than %d bytes", ErrBadURL, maxURLLength)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.Opaque != "" {
		return "", fmt.Errorf("%w: %q", ErrBadURL, raw)
	}
	host, port := strings.ToLower(strings.TrimSuffix(u.Hostname(), ".")), u.Port()
	// "https://./" has no host once its dot goes; empty labels (".a.vn", "a..vn") are no host.
	if host == "" || strings.ContainsAny(host, " %") || strings.HasPrefix(host, ".") || strings.Contains(host, "..") {
		return "", fmt.Errorf("%w: %q has no host", ErrBadURL, raw)
	}
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("%w: %q: port %s", ErrBadURL, raw, port)
		}
		port = strconv.Itoa(mustAtoi(port)) // "08080" is 8080
	}
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host, u.User, u.Fragment, u.RawFragment = host, nil, "", ""
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	if hasDotSegments(u.Path) {
		// "/a/../b" is "/b", as every browser and server reads it: one page, one key.
		r := u.ResolveReference(&url.URL{Path: u.Path, RawQuery: u.RawQuery})
		u.Path, u.RawPath = r.Path, r.RawPath
	}
	u.RawQuery = cleanQuery(u.RawQuery)
	u.ForceQuery = false
	return u.String(), nil
}

// hasDotSegments reports a path with "." or ".." segments.
func hasDotSegments(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

func mustAtoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// cleanQuery drops tracking parameters and sorts the rest by name, keeping the order of repeated
// names and the original escaping of values.
func cleanQuery(q string) string {
	if q == "" {
		return ""
	}
	var kept []string
	for _, part := range strings.Split(q, "&") {
		if part == "" {
			continue
		}
		name, _, _ := strings.Cut(part, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		lname := strings.ToLower(name)
		if trackingParams[lname] || strings.HasPrefix(lname, "utm_") {
			continue
		}
		kept = append(kept, part)
	}
	sort.SliceStable(kept, func(i, j int) bool {
		ni, _, _ := strings.Cut(kept[i], "=")
		nj, _, _ := strings.Cut(kept[j], "=")
		return ni < nj
	})
	return strings.Join(kept, "&")
}
