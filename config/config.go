package config

import (
	"regexp"
	"time"

	"github.com/newsarchive/newsarchive/parse"
)

// Config is a loaded and validated configuration: the sites to crawl, each with every default
// already applied.
type Config struct {
	// UserAgent is sent with every request (key user_agent). A "{version}" in it is replaced by
	// newsarchive's version when the file is loaded.
	UserAgent string
	// Sites are the sites to crawl, in file order (key sites). Names are unique.
	Sites []*Site
}

// Site is one site to crawl: where to start, what is in scope, how politely to fetch and how to
// extract its articles. Zero limits mean "no limit" where a field says so.
type Site struct {
	// Name identifies the site in the archive, in logs and on the command line (key name).
	// Letters, digits, ".", "_" and "-".
	Name string
	// StartURLs are fetched on every run: home pages and section pages (key start_urls). They
	// are listings: their links are followed and they are paginated.
	StartURLs []string
	// AllowedDomains are the hosts, or host:port pairs, the crawler may fetch from (key
	// allowed_domains). A bare host allows any port. Subdomains are not included. Defaults to
	// the hosts of StartURLs.
	AllowedDomains []string
	// Feeds are RSS or Atom feed URLs fetched on every run for new article links (key feeds).
	Feeds []string
	// Sitemaps are sitemap or sitemap index URLs fetched on every run (key sitemaps).
	Sitemaps []string
	// UseRobotsSitemaps adds the sitemaps that robots.txt names to Sitemaps (key
	// use_robots_sitemaps, default true).
	UseRobotsSitemaps bool
	// Images fetches the photos of each archived article, so it reads as published (key images,
	// default true): from the site's allowed domains, under robots.txt, the delay and the size
	// cap, each photo once. The exclude rules are for pages and do not apply to them.
	Images bool
	// ArticlePattern matches the URLs of article pages (key article_pattern). Nil: any page
	// the extractor recognises as an article is one.
	ArticlePattern *regexp.Regexp
	// ListingPatterns match the URLs of listing pages beyond StartURLs: pages whose links are
	// followed and which are paginated (key listing_patterns).
	ListingPatterns []*regexp.Regexp
	// Exclude matches URLs that are never fetched (key exclude), whatever else matches them.
	Exclude []*regexp.Regexp
	// Pagination says how listing pages are paged (key pagination).
	Pagination Pagination
	// MaxDepth is the most link hops from a start URL, feed or sitemap (key max_depth, default
	// 10); following a listing's pagination is not a hop. 0: no limit.
	MaxDepth int
	// MaxPages is the most pages fetched from the site in one run (key max_pages, default 5000).
	// 0: no limit.
	MaxPages int
	// MaxURLLength is the longest URL fetched, a guard against crawler traps (key
	// max_url_length, default 2048). 0: no limit.
	MaxURLLength int
	// Robots makes the crawler obey robots.txt (key robots, default true).
	Robots bool
	// Delay is the least time between two requests to the site (key delay, default 2s).
	Delay time.Duration
	// Parallelism is the most requests in flight to the site at once (key parallelism, default
	// 1, at least 1).
	Parallelism int
	// Timeout bounds one request, body included (key timeout, default 30s).
	Timeout time.Duration
	// MaxBodySize is the most bytes read of one response body (key max_body_size, default
	// 10MB).
	MaxBodySize int64
	// Retries is how many times a failed request (network error, 429 or 5xx) is tried again
	// (key retries, default 3).
	Retries int
	// RetryBackoff is the wait before the first retry, doubled for each further one; a
	// Retry-After header overrides it (key retry_backoff, default 5s).
	RetryBackoff time.Duration
	// MaxRetryAfter bounds the time a host's Retry-After answers may hold it in one run, in
	// all: within it the crawler waits as asked; a host asking for more is left for the rest of
	// the run (key max_retry_after, default 10m).
	MaxRetryAfter time.Duration
	// Recrawl says how often an archived article is fetched again, by its age (key recrawl).
	Recrawl Recrawl
	// ErrorBudget is the number of consecutive failed requests after which the site is
	// abandoned for the rest of the run (key error_budget, default 20). 0: never abandoned.
	ErrorBudget int
	// AlertAfter is how many crawls of the site in a row must fail before a crawl exits with an
	// error for it (key alert_after, default 1, at least 1): 3 lets a site be down for two
	// hourly runs without cron mailing anyone.
	AlertAfter int
	// Profile holds the extraction selectors for the site's articles (key profile): a
	// built-in profile named in the file, or one written inline. Nil when none is configured,
	// in which case a built-in profile matching the page's host, or else the generic
	// extractor, is the natural choice.
	Profile *parse.Profile
}

// Pagination describes how a site's listing pages are paged, as in "/thoi-su/?p=2".
type Pagination struct {
	// Param is the query parameter holding the page number (key param). Page 1 is the listing
	// URL itself, page n>1 the listing URL with Param=n. Empty: listings are not paged by the
	// crawler (links to further pages are still followed as ordinary links).
	Param string
	// MaxPages is the highest page of a listing fetched on an ordinary run (key max_pages,
	// default 10). Paging stops earlier at the first page that brings no URL not already
	// known.
	MaxPages int
	// BackfillPages is the highest page of a listing fetched on a backfill run, which does
	// not stop at pages that bring nothing new (key backfill_pages, default 500).
	BackfillPages int
}

// Site returns the site with the given name.
func (c *Config) Site(name string) (*Site, bool) {
	for _, s := range c.Sites {
		if s.Name == name {
			return s, true
		}
	}
	return nil, false
}

// AllowedDomains returns the allowed_domains of every site, each once: the hosts the
// configuration names, which a one-off fetch (the archive command) may reach even on a
// loopback or private address when they are IP literals.
func (c *Config) AllowedDomains() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range c.Sites {
		for _, d := range s.AllowedDomains {
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
	}
	return out
}
