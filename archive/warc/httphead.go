package warc

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// targetURI checks that raw is an absolute http(s) URL and returns it as a WARC-Target-URI:
// without fragment, with characters RFC 3986 does not allow percent-encoded.
func targetURI(raw string) (string, *url.URL, error) {
	s := raw
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	s = escapeURI(strings.TrimSpace(s))
	u, err := url.Parse(s)
	if err != nil {
		return "", nil, fmt.Errorf("%w: URL %q: %w", ErrRejected, raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", nil, fmt.Errorf("%w: URL %q is not an absolute http(s) URL", ErrRejected, raw)
	}
	return s, u, nil
}

// escapeURI percent-encodes the bytes that may not appear in a URI (controls, space, non-ASCII,
// and "<>\"\\^`{|}"), leaving existing escapes and everything else as it is.
func escapeURI(s string) string {
	const hexd = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f || strings.IndexByte("<>\"\\^`{|}", c) >= 0 {
			if b.Len() == 0 {
				b.Grow(len(s) + 16)
				b.WriteString(s[:i])
			}
			b.WriteByte('%')
			b.WriteByte(hexd[c>>4])
			b.WriteByte(hexd[c&15])
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(c)
		}
	}
	if b.Len() == 0 {
		return s
	}
	return b.String()
}

// validToken reports whether s is an RFC 7230 token (a header name or method).
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f || strings.IndexByte("()<>@,;:\\\"/[]?={}", c) >= 0 {
			return false
		}
	}
	return true
}

// cleanValue makes a header value safe for one header line.
func cleanValue(v string) string {
	if !bad(v) {
		return v
	}
	b := []byte(v)
	for i, c := range b {
		if (c < 0x20 && c != '\t') || c == 0x7f {
			b[i] = ' '
		}
	}
	return string(b)
}

// writeHeaders writes h in sorted order, skipping names that are not tokens.
func writeHeaders(b *bytes.Buffer, h http.Header) {
	keys := make([]string, 0, len(h))
	for k := range h {
		if validToken(k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			b.WriteString(k + ": " + cleanValue(v) + "\r\n")
		}
	}
}

// httpResponseHead returns the status line and headers of a stored response, ending with the
// empty line. With bodyLen >= 0 the headers are rewritten for a decoded body of that length;
// with bodyLen < 0 (a 304) only Transfer-Encoding is dropped.
func httpResponseHead(status int, h http.Header, bodyLen int) []byte {
	out := http.Header{}
	for k, v := range h {
		out[http.CanonicalHeaderKey(k)] = append(out[http.CanonicalHeaderKey(k)], v...)
	}
	move := func(name string) {
		if v, ok := out[name]; ok {
			delete(out, name)
			out["X-Archive-Orig-"+name] = append(out["X-Archive-Orig-"+name], v...)
		}
	}
	move("Transfer-Encoding")
	if bodyLen >= 0 {
		move("Content-Encoding")
		if v, ok := out["Content-Length"]; ok && !(len(v) == 1 && strings.TrimSpace(v[0]) == strconv.Itoa(bodyLen)) {
			move("Content-Length")
		}
		out["Content-Length"] = []string{strconv.Itoa(bodyLen)}
	}
	reason := http.StatusText(status)
	if reason == "" {
		reason = "Unknown"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %03d %s\r\n", status, reason)
	writeHeaders(&b, out)
	b.WriteString("\r\n")
	return b.Bytes()
}

// httpRequestHead returns the request line and headers, ending with the empty line. Host
// comes first, from the header or else from the URL.
func httpRequestHead(method string, u *url.URL, h http.Header) []byte {
	var b bytes.Buffer
	b.WriteString(method + " " + escapeURI(u.RequestURI()) + " HTTP/1.1\r\n")
	hdr := http.Header{}
	for k, v := range h {
		hdr[http.CanonicalHeaderKey(k)] = append(hdr[http.CanonicalHeaderKey(k)], v...)
	}
	host := hdr.Get("Host")
	delete(hdr, "Host")
	if host == "" {
		host = u.Host
		if a, err := idna.Lookup.ToASCII(u.Hostname()); err == nil && a != u.Hostname() {
			host = a
			if p := u.Port(); p != "" {
				host += ":" + p
			}
		}
	}
	b.WriteString("Host: " + cleanValue(host) + "\r\n")
	writeHeaders(&b, hdr)
	b.WriteString("\r\n")
	return b.Bytes()
}
