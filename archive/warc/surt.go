package warc

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

var (
	reScheme     = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.\-]*:`)
	reHTTPRepeat = regexp.MustCompile(`^(?i)(https?://)+`)
	reWWW        = regexp.MustCompile(`^www\d*\.`)

	rePathSession = []*regexp.Regexp{
		regexp.MustCompile(`(?i)^(.*/)(\((?:[a-z]\([0-9a-z]{24}\))+\)/)([^?]+\.aspx.*)$`),
		regexp.MustCompile(`(?i)^(.*/)(\([0-9a-z]{24}\)/)([^?]+\.aspx.*)$`),
	}
	reQuerySession = []*regexp.Regexp{
		regexp.MustCompile(`(?i)^(.*)(?:jsessionid=[0-9a-z]{32})(?:&(.*))?$`),
		regexp.MustCompile(`(?i)^(.*)(?:phpsessid=[0-9a-z]{32})(?:&(.*))?$`),
		regexp.MustCompile(`(?i)^(.*)(?:sid=[0-9a-z]{32})(?:&(.*))?$`),
		regexp.MustCompile(`(?i)^(.*)(?:aspsessionid[a-z]{8}=[a-z]{24})(?:&(.*))?$`),
		regexp.MustCompile(`(?i)^(.*)(?:cfid=[^&]+&cftoken=[^&]+)(?:&(.*))?$`),
	}
)

// SURT returns the sort-friendly URI reordering transform of url that pywb, OpenWayback and
// CDX indexes use as urlkey, following the default canonicalisation of the Internet Archive's
// surt library (Google's and IA's URL canonicalizers):
//
//   - the fragment, user info, a default port (80 for http, 443 for https) and a leading
//     "www.", "www2." … label are removed; the scheme is not part of the key;
//   - the host is percent-decoded, converted to ASCII (IDNA), lowercased, its labels reversed
//     and joined with commas, and followed by ")"; a numeric host becomes a dotted quad;
//   - the path is percent-decoded repeatedly, "." and ".." segments and repeated slashes are
//     resolved, bytes outside printable ASCII (and "%" and "#") are percent-encoded, the
//     result is lowercased, common session ids are removed, and a trailing slash is dropped
//     unless the path is "/";
//   - the query is normalised the same way, lowercased, stripped of session ids, and its
//     parameters sorted; an empty query is dropped.
//
// For example "https://www.Example.vn/Tin-Tuc/?b=2&a=1#top" gives "vn,example)/tin-tuc?a=1&b=2".
// URLs of other schemes without "//" (dns:, mailto:, warcinfo:) and "filedesc" keys are
// returned unchanged; a URL without a scheme is taken as http. The error reports an empty URL,
// a missing host, or a malformed port.
func SURT(url string) (string, error) {
	s := strings.TrimSpace(url)
	s = strings.NewReplacer("\t", "", "\r", "", "\n", "").Replace(s)
	if s == "" {
		return "", errors.New("warc: SURT of an empty URL")
	}
	if strings.HasPrefix(s, "filedesc") {
		return s, nil
	}
	scheme, rest, ok := surtScheme(s)
	if !ok {
		return strings.TrimSpace(url), nil
	}
	authority, pathQuery := splitAuthority(rest, strings.HasPrefix(scheme, "http"))
	host, port, err := surtHostPort(authority, scheme)
	if err != nil {
		return "", fmt.Errorf("warc: SURT of %q: %w", url, err)
	}
	if host == "" {
		return "", fmt.Errorf("warc: SURT of %q: no host", url)
	}
	path, query, _ := strings.Cut(pathQuery, "?")
	return surtKey(host, port, surtPath(path), surtQuery(query)), nil
}

// surtScheme returns s's lowercased scheme and what follows "scheme:" (and "//"), taking a URL
// without a scheme as http and a repeated "http://http://" once, without the fragment. ok is
// false for a URL of another scheme without "//" (dns:, mailto:), which is keyed as it is.
func surtScheme(s string) (scheme, rest string, ok bool) {
	if !reScheme.MatchString(s) {
		s = "http://" + s
	}
	if m := reHTTPRepeat.FindStringSubmatchIndex(s); m != nil {
		s = s[m[2]:m[3]] + s[m[1]:]
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	colon := strings.IndexByte(s, ':')
	scheme, rest = strings.ToLower(s[:colon]), s[colon+1:]
	if !strings.HasPrefix(rest, "//") && !strings.HasPrefix(scheme, "http") {
		return scheme, rest, false
	}
	return scheme, strings.TrimPrefix(rest, "//"), true
}

// splitAuthority splits what follows "//" into the authority and the path with its query. For
// http, "http:////www.example.com" has its host in the first non-empty path segment.
func splitAuthority(rest string, isHTTP bool) (authority, pathQuery string) {
	end := strings.IndexAny(rest, "/?")
	if end < 0 {
		end = len(rest)
	}
	authority, pathQuery = rest[:end], rest[end:]
	if authority == "" && isHTTP {
		trimmed := strings.TrimLeft(pathQuery, "/")
		end = strings.IndexAny(trimmed, "/?")
		if end < 0 {
			end = len(trimmed)
		}
		authority, pathQuery = trimmed[:end], trimmed[end:]
	}
	return authority, pathQuery
}

// surtHostPort returns the canonical host of authority, without user information, and its
// port, empty when it is the scheme's default.
func surtHostPort(authority, scheme string) (host, port string, err error) {
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		authority = authority[i+1:]
	}
	authority = strings.TrimRight(authority, ":")
	host = authority
	if strings.HasPrefix(host, "[") {
		if i := strings.IndexByte(host, ']'); i >= 0 {
			host, port = host[1:i], strings.TrimPrefix(host[i+1:], ":")
		}
	} else if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host, port = host[:i], host[i+1:]
	}
	if port != "" {
		n, err := strconv.ParseUint(port, 10, 16)
		if err != nil {
			return "", "", fmt.Errorf("bad port %q", port)
		}
		port = strconv.FormatUint(n, 10)
		if scheme == "http" && n == 80 || scheme == "https" && n == 443 {
			port = ""
		}
	}
	return canonicalHost(host), port, nil
}

// surtPath normalises a path: decoded and escaped once, dot segments resolved, lowercased,
// session ids removed, and a trailing slash dropped unless the path is "/".
func surtPath(path string) string {
	path = strings.ToLower(escapeOnce(normalizePath(unescapeRepeatedly(path))))
	for _, re := range rePathSession {
		if m := re.FindStringSubmatch(path); m != nil {
			path = m[1] + m[3]
		}
	}
	if len(path) > 1 && strings.HasSuffix(path, "/") {
		path = path[:len(path)-1]
	}
	return path
}

// surtQuery normalises a query the same way, strips its session ids and sorts its parameters.
func surtQuery(query string) string {
	if query == "" {
		return ""
	}
	query = escapeOnce(unescapeRepeatedly(query))
	for _, re := range reQuerySession {
		if m := re.FindStringSubmatch(query); m != nil {
			query = m[1] + m[2]
		}
	}
	return alphaReorderQuery(strings.ToLower(query))
}

// surtKey joins the host's labels in reverse, the port, the path and the query into the key.
func surtKey(host, port, path, query string) string {
	var b strings.Builder
	labels := strings.Split(host, ".")
	for i := len(labels) - 1; i >= 0; i-- {
		b.WriteString(labels[i])
		if i > 0 {
			b.WriteByte(',')
		}
	}
	if port != "" {
		b.WriteString(":" + port)
	}
	b.WriteString(")")
	b.WriteString(path)
	if query != "" {
		b.WriteString("?" + query)
	}
	return b.String()
}

// canonicalHost decodes, IDNA-converts, lowercases and trims host, turns a numeric or
// inet_aton-style address into a dotted quad, and strips a leading www label.
func canonicalHost(host string) string {
	host = unescapeRepeatedly(host)
	if !isASCII(host) {
		if a, err := idna.Lookup.ToASCII(host); err == nil {
			host = a
		} else if a, err := idna.Punycode.ToASCII(strings.ToLower(host)); err == nil {
			host = a
		}
	}
	host = strings.Trim(strings.ReplaceAll(host, "..", "."), ".")
	if ip, ok := parseIPv4(host); ok {
		return ip
	}
	host = escapeOnce(strings.ToLower(host))
	if m := reWWW.FindString(host); m != "" {
		host = host[len(m):]
	}
	return host
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// parseIPv4 accepts a plain number (masked to 32 bits, as the surt library does) or the
// inet_aton forms of one to four decimal or octal parts, and returns the dotted quad.
func parseIPv4(h string) (string, bool) {
	if h == "" {
		return "", false
	}
	allDigits := true
	for i := 0; i < len(h); i++ {
		if h[i] < '0' || h[i] > '9' {
			allDigits = false
			break
		}
	}
	var v uint64
	if allDigits {
		// Like the surt library: the lower 32 bits of however large a number.
		for i := 0; i < len(h); i++ {
			v = (v*10 + uint64(h[i]-'0')) & 0xffffffff
		}
	} else {
		parts := strings.Split(h, ".")
		if len(parts) > 4 {
			return "", false
		}
		nums := make([]uint64, len(parts))
		for i, p := range parts {
			if p == "" {
				return "", false
			}
			base := 10
			if len(p) > 1 && p[0] == '0' {
				base = 8
			}
			n, err := strconv.ParseUint(p, base, 32)
			if err != nil {
				return "", false
			}
			nums[i] = n
		}
		for i, n := range nums[:len(nums)-1] {
			if n > 255 {
				return "", false
			}
			v |= n << (24 - 8*uint(i))
		}
		last := nums[len(nums)-1]
		if last >= 1<<(8*uint(5-len(nums))) {
			return "", false
		}
		v |= last
	}
	return fmt.Sprintf("%d.%d.%d.%d", v>>24&255, v>>16&255, v>>8&255, v&255), true
}

// unescapeRepeatedly decodes %XX escapes until nothing changes, leaving malformed ones.
func unescapeRepeatedly(s string) string {
	for i := 0; i < 64; i++ {
		u := unescapeOnce(s)
		if u == s {
			return s
		}
		s = u
	}
	return s
}

func unescapeOnce(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	default:
		return c - 'a' + 10
	}
}

// escapeOnce percent-encodes bytes outside printable ASCII, and "%" and "#" (the surt
// library's escapeOnce), with uppercase hex digits.
func escapeOnce(s string) string {
	const hexd = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f || c == '%' || c == '#' {
			b.WriteByte('%')
			b.WriteByte(hexd[c>>4])
			b.WriteByte(hexd[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// normalizePath resolves "." and ".." segments and drops empty segments but a trailing one.
func normalizePath(p string) string {
	if p == "" {
		return "/"
	}
	segs := strings.Split(p, "/")
	if strings.HasPrefix(p, "/") {
		segs = segs[1:]
	}
	var kept []string
	for _, s := range segs {
		switch s {
		case ".":
		case "..":
			if len(kept) > 0 {
				kept = kept[:len(kept)-1]
			} else {
				kept = append(kept, s)
			}
		default:
			kept = append(kept, s)
		}
	}
	var b strings.Builder
	b.WriteByte('/')
	for i, s := range kept {
		if i == len(kept)-1 {
			b.WriteString(s)
		} else if s != "" {
			b.WriteString(s + "/")
		}
	}
	return b.String()
}

// alphaReorderQuery sorts the &-separated parameters by name, then value (a parameter without
// "=" before one with), keeping each as written.
func alphaReorderQuery(q string) string {
	if len(q) <= 1 {
		return q
	}
	args := strings.Split(q, "&")
	sort.SliceStable(args, func(i, j int) bool {
		ki, vi, hi := strings.Cut(args[i], "=")
		kj, vj, hj := strings.Cut(args[j], "=")
		if ki != kj {
			return ki < kj
		}
		if hi != hj {
			return !hi
		}
		return vi < vj
	})
	return strings.Join(args, "&")
}
