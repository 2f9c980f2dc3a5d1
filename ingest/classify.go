package ingest

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/parse"
)

// primaryOf returns the page an alternate rendering renders: its rel=canonical, when that is
// another URL of the same site that does not merge distinct pages and is not the same address
// written another way (scheme, www., a trailing slash). "" when the page is its own primary.
func (in *Ingester) primaryOf(site *config.Site, key, canonical string) string {
	c, err := pageKey(key, canonical, sameSite(site))
	if err != nil || c == key || equivalent(c, key) {
		return ""
	}
	return c
}

// sameSite reports two hosts as one site when the site allows both (the old and new host of a
// migrated newspaper, its mobile host).
func sameSite(site *config.Site) func(a, b string) bool {
	if site == nil {
		return nil
	}
	return func(a, b string) bool {
		return site.AllowsURL("http://"+a+"/") && site.AllowsURL("http://"+b+"/")
	}
}

// equivalent reports two URLs that differ only in scheme, a leading "www." or a trailing slash:
// one address written two ways, not two renderings.
func equivalent(a, b string) bool {
	norm := func(s string) string {
		u, err := url.Parse(s)
		if err != nil {
			return s
		}
		u.Scheme = "http"
		u.Host = strings.TrimPrefix(u.Host, "www.")
		u.Path = strings.TrimSuffix(u.Path, "/")
		return u.String()
	}
	return norm(a) == norm(b)
}

// hub reports a page that leads to articles rather than being one: the home page, a configured
// start or listing page, a later page of a listing, or a page of a configured site the extractor
// finds no article in. A URL the site's article pattern names is an article whatever it looks
// like; a page of no configured site (a one-off archive, an import of another crawler's WARC) is
// taken for the article someone asked for unless its address says otherwise.
func hub(site *config.Site, key string, expect Expect, a *parse.Article) bool {
	if expect == ExpectArticle || (named(site, key)) {
		return false
	}
	return hubURL(site, key) || (site != nil && !a.IsArticle)
}

// hubURL reports a URL that is a hub by its address alone.
func hubURL(site *config.Site, key string) bool {
	u, err := url.Parse(key)
	if err != nil {
		return false
	}
	if u.Path == "/" || u.Path == "" {
		return u.RawQuery == "" || !named(site, key)
	}
	if site == nil {
		return false
	}
	if named(site, key) {
		return false
	}
	if site.IsListing(key) || (site.Pagination.Param != "" && u.Query().Has(site.Pagination.Param)) {
		return true
	}
	for _, s := range site.StartURLs {
		if k, err := archive.Canonicalize(s); err == nil && k == key {
			return true
		}
	}
	return false
}

// redirectedAway reports an article that redirects to a hub — the home page, a listing: the way
// many CMSs answer for a deleted article, where a 404 would be honest.
func redirectedAway(site *config.Site, ex Exchange, asked, final string) string {
	if len(ex.Hops) == 0 || asked == final || equivalent(asked, final) {
		return ""
	}
	article := ex.Expect == ExpectArticle || named(site, asked)
	if !article || !hubURL(site, final) {
		return ""
	}
	return "soft 404: redirected to " + final
}

// notFoundPhrases are what "not found" pages say, diacritics folded.
var notFoundPhrases = []string{
	"khong ton tai", "khong tim thay", "da bi xoa", "da bi go", "da go bo", "not found", "loi 404",
	"error 404", "khong con ton tai",
}

// notFoundPage reports a page that answers 200 but says the article does not exist: a short page
// whose title or text says so.
func notFoundPage(a *parse.Article) string {
	text := a.Text()
	if utf8.RuneCountInString(text) > 600 {
		return ""
	}
	for _, s := range []string{a.Title, text} {
		f := parse.Fold(s)
		for _, p := range notFoundPhrases {
			if strings.Contains(f, p) {
				return "soft 404: the page says \"" + clip(s, 80) + "\""
			}
		}
	}
	return ""
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// named reports a URL the site's article pattern names an article. (Site.IsArticle is true for
// every URL of a site without a pattern: "may be an article".)
func named(site *config.Site, u string) bool {
	return site != nil && site.ArticlePattern != nil && site.ArticlePattern.MatchString(u)
}
