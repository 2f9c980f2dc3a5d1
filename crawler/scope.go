package crawler

import (
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
)

// inScope applies the site's domains, exclusions, URL length and file-type rules. The answer
// depends on the URL and the site's configuration alone, so the run remembers it (scopeCache).
func (r *siteRun) inScope(u string) bool {
	if in, ok := r.scope.get(u); ok {
		return in
	}
	in := r.scopeRules(u)
	r.scope.put(u, in)
	return in
}

// scopeCache remembers inScope's answers for one run: every page repeats the same links (menus,
// "latest" boxes, footers), inScope is asked twice for each link followed, and each answer costs
// two URL parses and the site's exclude patterns. It has a lock of its own: inScope is called
// with and without siteRun.mu held. The zero value is ready to use.
type scopeCache struct {
	mu sync.Mutex
	in map[string]bool
}

func (c *scopeCache) get(u string) (in, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	in, ok = c.in[u]
	return in, ok
}

func (c *scopeCache) put(u string, in bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.in == nil {
		c.in = map[string]bool{}
	}
	c.in[u] = in
}

// scopeRules is inScope without the cache.
func (r *siteRun) scopeRules(u string) bool {
	if !r.site.AllowsURL(u) || r.site.Excludes(u) {
		return false
	}
	if r.site.MaxURLLength > 0 && len(u) > r.site.MaxURLLength {
		return false
	}
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	return !skipExtension[strings.ToLower(path.Ext(p.Path))]
}

// skipExtension lists file types that are never web pages: such links are not fetched at all.
var skipExtension = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true,
	".zip": true, ".rar": true, ".7z": true, ".gz": false, ".jpg": true, ".jpeg": true, ".png": true,
	".gif": true, ".webp": true, ".svg": true, ".mp3": true, ".mp4": true, ".avi": true, ".wmv": true,
	".flv": true, ".exe": true, ".apk": true, ".css": true, ".js": true, ".ico": true, ".tif": true,
}

// trapped guards against crawler traps: a path segment repeated three times, very deep paths,
// and URL shapes known to generate endless pages (see spendShape). Called with r.mu held.
func (r *siteRun) trapped(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return true
	}
	segs := strings.Split(strings.Trim(p.Path, "/"), "/")
	if len(segs) > 12 {
		return true
	}
	count := map[string]int{}
	for _, s := range segs {
		if count[s]++; s != "" && count[s] >= 3 {
			return true
		}
	}
	return r.traps[urlShape(p)]
}

// classify decides what a discovered in-scope link is.
func (r *siteRun) classify(u string, depth int) (taskKind, bool) {
	switch {
	case r.site.ArticlePattern != nil && r.site.ArticlePattern.MatchString(u):
		return kindArticle, true
	case r.site.ArticlePattern == nil && r.archivedArticle(u):
		return kindArticle, true // the recrawl policy applies to what the archive knows
	case r.site.MaxDepth > 0 && depth > r.site.MaxDepth:
		return 0, false
	case r.site.IsListing(u):
		return kindListing, true
	case r.site.ArticlePattern == nil:
		return kindOther, true
	}
	return 0, false
}

// archivedArticle reports a URL the archive holds as an article page.
func (r *siteRun) archivedArticle(u string) bool {
	p, ok := r.index[u]
	return ok && p.Kind.IsArticle() && p.Versions > 0
}

// laterPage reports a listing URL whose pagination parameter asks for a page after the first.
func (r *siteRun) laterPage(u string) bool {
	param := r.site.Pagination.Param
	if param == "" {
		return false
	}
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	n, err := strconv.Atoi(p.Query().Get(param))
	return err == nil && n > 1
}
