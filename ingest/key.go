package ingest

import (
	"net/url"
	"strings"

	"github.com/newsarchive/newsarchive/archive"
)

// pageKey decides the archive key of a fetched page: its rel=canonical URL when that is on the
// same site and does not merge distinct pages, else the final URL after redirects; both
// canonicalised. sameSite reports whether two hosts belong to one configured site (the old and
// new host of a migrated newspaper); nil compares hosts, ignoring "www.".
func pageKey(finalURL, canonical string, sameSite func(a, b string) bool) (string, error) {
	key, err := archive.Canonicalize(finalURL)
	if err != nil {
		return "", err
	}
	if canonical == "" {
		return key, nil
	}
	c, err := archive.Canonicalize(canonical)
	if err != nil || c == key {
		return key, nil
	}
	ku, _ := url.Parse(key)
	cu, _ := url.Parse(c)
	same := sameHost(ku.Host, cu.Host)
	if !same && sameSite != nil {
		same = sameSite(ku.Host, cu.Host)
	}
	if !same || merges(ku, cu) {
		return key, nil
	}
	return c, nil
}

func sameHost(a, b string) bool {
	return strings.TrimPrefix(a, "www.") == strings.TrimPrefix(b, "www.")
}

// merges reports a canonical URL that would fold distinct pages into one: a portal that
// declares its article template ("/Pages/chi-tiet-tin.aspx") without the ItemID that tells
// articles apart, or its home page as every article's canonical.
func merges(page, canonical *url.URL) bool {
	if canonical.RawQuery == "" && strings.EqualFold(page.Path, canonical.Path) && hasIDParam(page.Query()) {
		return true
	}
	return (canonical.Path == "/" || canonical.Path == "") && page.Path != "/" && page.Path != ""
}

// hasIDParam reports a query parameter with a numeric value, which on these portals tells one
// article from another (ItemID=12, id=5, p=123); "?p=print" or "?view=amp" does not.
func hasIDParam(q url.Values) bool {
	for _, vs := range q {
		for _, v := range vs {
			if v != "" && strings.Trim(v, "0123456789") == "" {
				return true
			}
		}
	}
	return false
}
