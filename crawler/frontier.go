package crawler

import (
	"context"
	"net/url"
	"sort"
	"sync"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/parse"
)

// task is one URL to fetch.
type task struct {
	url   string
	kind  taskKind
	depth int
	// page is the listing page number, 1 for the listing itself.
	page int
	// listing is the page-1 URL of a paginated listing.
	listing string
	hint    link
	// seed marks an entry point (start URL, feed, sitemap, listing page, archived article),
	// which no trap guard holds back.
	seed bool
	// asPrimary marks the page an alternate rendering named: fetched as the page itself.
	asPrimary bool
}

type taskKind int

const (
	kindListing taskKind = iota
	kindArticle
	kindFeed
	kindSitemap
	kindOther // in scope, unknown: fetched, kept if the extractor sees an article
	kindImage // a photo of an archived article
)

// siteRun is the state of one site's crawl.
type siteRun struct {
	c       *Crawler
	site    *config.Site
	sum     *Summary
	st      *storer
	fetcher *Fetcher
	limits  *hostLimits
	robots  *robotsCache
	index   map[string]archive.Page
	failed  map[string]archive.Failure // permanent failures of earlier runs
	scope   scopeCache

	mu         sync.Mutex
	queue      []task
	pending    int // tasks queued or running
	wake       chan struct{}
	seen       map[string]*seenURL
	chrome     map[string]bool   // article links of the site's own entry pages: its menus and "latest" boxes
	shapes     map[string]int    // pages of a URL shape fetched this run and not found productive
	barren     map[string]int    // hub pages per URL shape that led nowhere new this run
	productive map[string]int    // hub pages per URL shape that led to new articles this run
	traps      map[string]bool   // URL shapes known to be traps, from earlier runs and this one
	alts       map[string]string // alternate rendering → the page it renders
	aliases    map[string]string // host → host it redirects to
	fetched    int
	failures   int               // consecutive
	down       map[string]error  // hosts found unreachable this run
	lastPage   map[string]string // listing → signature of its last page's article links
	capped     bool

	hostsOnce  sync.Once
	indexHosts []string
	cancel     context.CancelCauseFunc
}

// seed queues the start URLs, feeds, sitemaps and the sitemaps robots.txt names.
func (r *siteRun) seed(ctx context.Context) {
	defer r.seedArchived()
	for _, u := range r.site.StartURLs {
		r.add(task{url: u, kind: kindListing, page: 1, listing: u}, true)
	}
	for _, u := range r.site.Feeds {
		r.add(task{url: u, kind: kindFeed}, true)
	}
	for _, u := range r.site.Sitemaps {
		r.add(task{url: u, kind: kindSitemap}, true)
	}
	if r.robots != nil && r.site.UseRobotsSitemaps {
		hosts := map[string]bool{}
		for _, s := range r.site.StartURLs {
			if u, err := url.Parse(s); err == nil && !hosts[u.Host] {
				hosts[u.Host] = true
				for _, sm := range r.robots.get(ctx, u, r.fetchRobots).sitemaps {
					if r.site.AllowsURL(sm) {
						r.add(task{url: sm, kind: kindSitemap}, true)
					}
				}
			}
		}
	}
}

// seedArchived queues, on a full run, every archived live article after the site's own entry
// points, least recently seen first: deleted articles are listed nowhere and must answer 404 to be
// marked gone, and when max_pages cuts the sweep short the next one continues where it stopped.
func (r *siteRun) seedArchived() {
	if !r.c.opts.Full {
		return
	}
	pages := make([]archive.Page, 0, len(r.index))
	for _, p := range r.index {
		if p.Status == archive.StatusLive && p.Kind.IsArticle() && p.Versions > 0 {
			pages = append(pages, p)
		}
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].LastSeen.Before(pages[j].LastSeen) })
	for _, p := range pages {
		r.add(task{url: p.URL, kind: kindArticle}, true)
	}
}

// work runs workers until the queue is empty and nothing is in flight.
func (r *siteRun) work(ctx context.Context) {
	workers := max(1, r.site.Parallelism) * max(1, len(r.site.AllowedDomains))
	var wg sync.WaitGroup
	for range min(workers, 16) {
		wg.Go(func() {
			for {
				t, ok := r.next(ctx)
				if !ok {
					return
				}
				r.process(ctx, t)
				r.done()
			}
		})
	}
	wg.Wait()
}

func (r *siteRun) next(ctx context.Context) (task, bool) {
	for {
		r.mu.Lock()
		if len(r.queue) > 0 && ctx.Err() == nil {
			t := r.queue[0]
			r.queue = r.queue[1:]
			r.mu.Unlock()
			return t, true
		}
		idle := r.pending == 0
		r.mu.Unlock()
		if idle || ctx.Err() != nil {
			r.signal()
			return task{}, false
		}
		select {
		case <-r.wake:
		case <-ctx.Done():
		}
	}
}

func (r *siteRun) done() {
	r.mu.Lock()
	r.pending--
	n := r.pending
	r.sum.add(func(s *Summary) { s.Pending = n }) // under r.mu: counts are set in order
	r.mu.Unlock()
	r.signal()
}

func (r *siteRun) signal() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// seenURL is what the run knows of a URL it has queued.
type seenURL struct {
	hint    link
	skipped bool // processed without a request: an archived article not due
}

// add queues a task unless it was seen, is out of scope or trapped. Seeds skip the trap guard.
// A URL seen before is not queued again, but a later hint (a sitemap <lastmod> after a listing
// link) is kept, and an article skipped as not due is queued again if the new hint makes it due.
func (r *siteRun) add(t task, seed bool) bool {
	key, err := archive.Canonicalize(t.url)
	if err != nil {
		return false
	}
	key = r.archivedAs(r.unalias(key))
	r.mu.Lock()
	defer r.mu.Unlock()
	if primary, ok := r.alts[key]; ok && !t.asPrimary {
		key, t.kind = primary, kindArticle // an alternate rendering: go to the page itself
	}
	t.url, t.seed = key, seed
	if !r.inScope(key) {
		r.trace("not queued: out of scope (domains, exclude, length or file type)", key)
		return false
	}
	if s, ok := r.seen[key]; ok {
		if t.hint.Updated.After(s.hint.Updated) {
			s.hint.Updated = t.hint.Updated
		}
		if s.hint.Title == "" {
			s.hint.Title = t.hint.Title
		}
		if s.skipped && t.kind == kindArticle && r.due(task{url: key, hint: s.hint}) {
			s.skipped = false
			r.sum.add(func(s *Summary) { s.Skipped-- })
			r.enqueueLocked(task{url: key, kind: kindArticle, depth: t.depth, hint: s.hint})
		}
		return false
	}
	if !seed && r.trapped(key) {
		r.trace("not queued: a crawler trap (repeated or deep path, or a URL shape learned as a trap)", key)
		return false
	}
	r.trace("queued", key, "kind", t.kind.String(), "depth", t.depth)
	r.seen[key] = &seenURL{hint: t.hint}
	if t.kind == kindArticle {
		r.sum.add(func(s *Summary) { s.Found++ })
	}
	r.enqueueLocked(t)
	return true
}

func (r *siteRun) enqueueLocked(t task) {
	r.queue = append(r.queue, t)
	r.pending++
	n := r.pending
	r.sum.add(func(s *Summary) { s.Pending = n })
	r.signal()
}

// follow queues a page's links and returns how many of them may lead to articles: links to
// articles, and on a site without an article pattern to unknown pages of another shape than the
// page's own, whether queued now or seen before, leaving out those the site's entry pages link
// to as well (chrome: every page repeats its "latest" box). A section that lists articles the
// run or the archive already has is no trap: tomorrow it lists a new one. A calendar whose days
// link only to each other and to the chrome is. An entry page (entry) records its links as the
// chrome.
func (r *siteRun) follow(links []link, depth int, from string, entry bool) int {
	own, _ := shapeOf(from)
	articles := 0
	for _, l := range links {
		key, err := archive.Canonicalize(l.URL)
		if err != nil || !r.inScope(key) {
			continue
		}
		kind, ok := r.classify(key, depth+1)
		if !ok {
			continue
		}
		t := task{url: key, kind: kind, depth: depth + 1, hint: l}
		if kind == kindListing {
			if r.laterPage(key) {
				// "?p=7" in a pagination bar: paging is readListing's decision, which stops
				// where a listing brings nothing new.
				continue
			}
			t.page, t.listing = 1, key
		}
		r.add(t, false)
		if t.kind != kindArticle && (t.kind != kindOther || sameShape(t.url, own)) {
			continue
		}
		r.mu.Lock()
		if entry {
			r.chrome[key] = true
		}
		if entry || !r.chrome[key] {
			articles++
		}
		r.mu.Unlock()
	}
	return articles
}

// addImages queues an article's photos: from the site's hosts, under its robots.txt and
// politeness, each once (an archived photo is never fetched again: its bytes are its identity).
// The site's exclude rules, written for pages, do not apply to them.
func (r *siteRun) addImages(imgs []parse.Image, depth int) {
	for _, im := range imgs {
		key, err := archive.Canonicalize(im.URL)
		if err != nil || !r.site.AllowsURL(key) {
			continue
		}
		if _, archived := r.index[key]; archived {
			continue
		}
		r.mu.Lock()
		if _, ok := r.seen[key]; !ok {
			r.seen[key] = &seenURL{}
			r.enqueueLocked(task{url: key, kind: kindImage, depth: depth, seed: true})
		}
		r.mu.Unlock()
	}
}

func (k taskKind) String() string {
	switch k {
	case kindListing:
		return "listing"
	case kindArticle:
		return "article"
	case kindFeed:
		return "feed"
	case kindSitemap:
		return "sitemap"
	case kindImage:
		return "image"
	}
	return "unknown"
}

// trace logs a URL's fate at debug level (-v): queued, skipped and why, fetched, stored as
// what, failed and why — what whoever diagnoses a first real crawl needs to see.
func (r *siteRun) trace(msg, u string, attrs ...any) {
	r.c.log.Debug(msg, append([]any{"site", r.site.Name, "url", u}, attrs...)...)
}
