package config

import (
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

// DefaultUserAgent is the user agent when a file sets none. "{version}" becomes newsarchive's
// version.
const DefaultUserAgent = "newsarchive/{version} (+https://github.com/newsarchive/newsarchive)"

// builtinSite returns a site holding the built-in default of every field: the values a site
// gets for the keys that neither it nor the file's defaults block sets.
func builtinSite() *Site {
	return &Site{
		UseRobotsSitemaps: true,
		Images:            true,
		Pagination:        Pagination{MaxPages: 10, BackfillPages: 500},
		MaxDepth:          10,
		MaxPages:          5000,
		MaxURLLength:      2048,
		Robots:            true,
		Delay:             2 * time.Second,
		Parallelism:       1,
		Timeout:           30 * time.Second,
		MaxBodySize:       10e6,
		Retries:           3,
		RetryBackoff:      5 * time.Second,
		MaxRetryAfter:     10 * time.Minute,
		Recrawl: Recrawl{
			{YoungerThan: 48 * time.Hour, Every: 6 * time.Hour},
			{YoungerThan: 720 * time.Hour, Every: 72 * time.Hour},
			{Every: 2160 * time.Hour},
		},
		ErrorBudget: 20,
		AlertAfter:  1,
	}
}

// clone returns a copy of s that shares no slice or profile with it.
func (s *Site) clone() *Site {
	c := *s
	c.StartURLs = slices.Clone(s.StartURLs)
	c.AllowedDomains = slices.Clone(s.AllowedDomains)
	c.Feeds = slices.Clone(s.Feeds)
	c.Sitemaps = slices.Clone(s.Sitemaps)
	c.ListingPatterns = slices.Clone(s.ListingPatterns)
	c.Exclude = slices.Clone(s.Exclude)
	c.Recrawl = slices.Clone(s.Recrawl)
	if s.Profile != nil {
		p := *s.Profile
		p.Hosts = slices.Clone(p.Hosts)
		p.Remove = slices.Clone(p.Remove)
		c.Profile = &p
	}
	return &c
}

// expandVersion replaces "{version}" in ua with newsarchive's version: the main module's
// version without its "v", or "dev" in a development build.
func expandVersion(ua string) string {
	if !strings.Contains(ua, "{version}") {
		return ua
	}
	v := "dev"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = strings.TrimPrefix(bi.Main.Version, "v")
	}
	return strings.ReplaceAll(ua, "{version}", v)
}
