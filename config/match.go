package config

import (
	"net/url"
	"regexp"
	"strings"
)

// AllowsURL reports whether the absolute http or https URL rawURL is on one of the site's
// allowed domains: its host equals a domain given without a port, or its host and port equal
// one given with a port (the scheme's default port when the URL has none).
func (s *Site) AllowsURL(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	for _, d := range s.AllowedDomains {
		if d == host || d == bracket(host) || d == hostPort(host, port) {
			return true
		}
	}
	return false
}

// hostPort joins host and port as url.URL.Host does.
func hostPort(host, port string) string {
	return bracket(host) + ":" + port
}

// bracket puts an IPv6 address in brackets, as in url.URL.Host.
func bracket(host string) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}

// Excludes reports whether rawURL matches one of the site's exclude patterns.
func (s *Site) Excludes(rawURL string) bool {
	return s.excludedBy(rawURL) != nil
}

// excludedBy returns the first exclude pattern that matches rawURL, or nil.
func (s *Site) excludedBy(rawURL string) *regexp.Regexp {
	for _, re := range s.Exclude {
		if re.MatchString(rawURL) {
			return re
		}
	}
	return nil
}

// IsArticle reports whether rawURL matches the site's article pattern; with no pattern every
// URL may be an article.
func (s *Site) IsArticle(rawURL string) bool {
	return s.ArticlePattern == nil || s.ArticlePattern.MatchString(rawURL)
}

// IsListing reports whether rawURL is one of the site's start URLs or matches one of its
// listing patterns.
func (s *Site) IsListing(rawURL string) bool {
	for _, u := range s.StartURLs {
		if u == rawURL {
			return true
		}
	}
	for _, re := range s.ListingPatterns {
		if re.MatchString(rawURL) {
			return true
		}
	}
	return false
}
