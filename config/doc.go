// Package config reads newsarchive's YAML configuration: the sites to crawl and how.
//
// A file has three top-level keys: user_agent, defaults and sites. Each entry of sites is a
// site: a name, the start URLs fetched on every run, the allowed domains that bound the crawl,
// feeds and sitemaps, the URL patterns that tell articles and listings apart and keep traps
// out, listing pagination, limits and politeness, a recrawl policy and an optional extraction
// profile. The defaults block gives values to every site that does not set them; what neither
// sets takes the built-in default. default.yaml, embedded and returned by Default, describes the
// Bến Tre sites and documents every key; Config.YAML prints a configuration with every default
// filled in.
//
// Words used here:
//
//   - start URL: a page fetched on every run whose links are followed, usually a home or section
//     page.
//   - listing: a page that lists articles: the start URLs and the pages matching
//     listing_patterns. Listings are paged (pagination) and fetched on every run.
//   - article: a page matching article_pattern, archived and fetched again by the recrawl
//     policy.
//   - allowed domain: a host (any port) or host:port the crawler may fetch from.
//   - profile: the CSS selectors of parse.Profile that extract a site's articles.
//
// Values are read strictly: an unknown key, a value of the wrong kind, a pattern that does not
// compile or a URL outside the site's domains is an error naming file, line and key, as in
//
//	config.yaml:12: sites[1].delay: "fast" is not a duration
//
// and every problem in a file is reported at once. All of them wrap ErrInvalid.
//
// Durations use Go's syntax ("2s", "90m", "6h"); a bare number is refused as ambiguous. Sizes
// are bytes or a number with a unit ("10MB", "512KiB"). Scalars are read by their text, so
// quoting never changes a value. YAML anchors, aliases and merge keys work; top-level keys
// starting with "x-" are ignored, a place to keep anchored values.
package config
