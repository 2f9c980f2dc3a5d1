package search

import (
	"github.com/newsarchive/newsarchive/archive"
)

// IsHub reports whether p is no article: a hub (home, listing, calendar), a crawl resource
// (robots.txt, a sitemap, a feed) or an article's photo. Such pages are hidden from search and
// browsing unless asked for.
func IsHub(p archive.Page) bool {
	return !p.Kind.IsArticle()
}
