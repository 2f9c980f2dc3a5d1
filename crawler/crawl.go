package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/parse"
)

// Options configure a crawl run.
type Options struct {
	// Full rechecks every archived article of the site with a conditional GET and walks every
	// listing page up to the backfill depth: the periodic sweep that finds silent corrections
	// and deletions.
	Full bool
	// Logger receives per-URL failures and progress at debug level; nil discards.
	Logger *slog.Logger
	// Transport sends the requests; nil uses a clone of http.DefaultTransport.
	Transport http.RoundTripper
	// Now is the clock, for the recrawl policy; nil is time.Now.
	Now func() time.Time
}

// Crawler crawls configured sites into an archive.
type Crawler struct {
	cfg   *config.Config
	store *archive.Store
	opts  Options
	log   *slog.Logger
	x     *parse.Extractor

	mu   sync.Mutex
	sums []*Summary
}

// Progress returns snapshots of the running sites' summaries.
func (c *Crawler) Progress() []*Summary {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*Summary, len(c.sums))
	for i, s := range c.sums {
		out[i] = s.Snapshot()
	}
	return out
}

// New returns a Crawler writing into store, which must be open for writing.
func New(cfg *config.Config, store *archive.Store, opts Options) *Crawler {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Crawler{cfg: cfg, store: store, opts: opts, log: log,
		x: &parse.Extractor{Profiles: parse.DefaultProfiles(), Logger: log}}
}

// Run crawls the sites concurrently and returns one summary per site, in the order given. A
// cancelled context stops the crawl; what was fetched is stored before Run returns.
func (c *Crawler) Run(ctx context.Context, sites []*config.Site) ([]*Summary, error) {
	st := newStorer(c.store, c.log)
	sums := make([]*Summary, len(sites))
	var wg sync.WaitGroup
	errs := make([]error, len(sites))
	for i, site := range sites {
		sums[i] = newSummary(site.Name)
	}
	c.mu.Lock()
	c.sums = sums
	c.mu.Unlock()
	for i, site := range sites {
		wg.Go(func() {
			errs[i] = c.runSite(ctx, site, sums[i], st)
		})
	}
	wg.Wait()
	st.close()
	return sums, errors.Join(errs...)
}

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
}

type taskKind int

const (
	kindListing taskKind = iota
	kindArticle
	kindFeed
	kindSitemap
	kindOther // in scope, unknown: fetched, kept if the extractor sees an article
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

	mu       sync.Mutex
	queue    []task
	pending  int // tasks queued or running
	wake     chan struct{}
	seen     map[string]*seenURL
	pathQs   map[string]int    // distinct queries seen per path: the calendar-trap guard
	aliases  map[string]string // host → host it redirects to
	fetched  int
	failures int               // consecutive
	down     map[string]error  // hosts found unreachable this run
	lastPage map[string]string // listing → signature of its last page's article links
	capped   bool

	hostsOnce  sync.Once
	indexHosts []string
	cancel     context.CancelCauseFunc
}

func (c *Crawler) runSite(ctx context.Context, site *config.Site, sum *Summary, st *storer) error {
	start := time.Now()
	defer func() { sum.add(func(s *Summary) { s.Duration = time.Since(start) }) }()
	f, err := NewFetcher(FetcherOptions{UserAgent: c.cfg.UserAgent, Timeout: site.Timeout, MaxBodySize: int(site.MaxBodySize), Transport: c.opts.Transport, AllowedHosts: site.AllowedDomains})
	if err != nil {
		return err
	}
	defer f.Close()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r := &siteRun{c: c, site: site, sum: sum, st: st, fetcher: f,
		limits: newHostLimits(site.Delay, site.Parallelism, site.MaxRetryAfter), index: map[string]archive.Page{}, failed: map[string]archive.Failure{},
		wake: make(chan struct{}, 1), seen: map[string]*seenURL{}, pathQs: map[string]int{},
		aliases: map[string]string{}, down: map[string]error{}, lastPage: map[string]string{}, cancel: cancel}
	if site.Robots {
		r.robots = newRobotsCache(c.cfg.UserAgent)
	}
	err = c.store.Pages(ctx, site.Name, func(p archive.Page) error {
		r.index[p.URL] = p
		return nil
	})
	if err == nil {
		err = c.store.Failures(ctx, site.Name, func(f archive.Failure) error {
			r.failed[f.URL] = f
			return nil
		})
	}
	if err != nil {
		return fmt.Errorf("crawler: %s: read archive: %w", site.Name, err)
	}
	r.seed(ctx)
	r.work(ctx)
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		sum.add(func(s *Summary) { s.Abandoned = cause.Error() })
	}
	return parentErr(ctx)
}

// parentErr reports a cancellation from outside (a signal), not the site's own abandonment.
func parentErr(ctx context.Context) error {
	if errors.Is(context.Cause(ctx), context.Canceled) {
		return context.Canceled
	}
	return nil
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
		if p.Status == archive.StatusLive {
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
func (r *siteRun) add(t task, seed bool) {
	key, err := archive.Canonicalize(t.url)
	if err != nil {
		return
	}
	key = r.archivedAs(r.unalias(key))
	t.url = key
	if !r.inScope(key) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
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
		return
	}
	if !seed && r.trapped(key) {
		return
	}
	r.seen[key] = &seenURL{hint: t.hint}
	if t.kind == kindArticle {
		r.sum.add(func(s *Summary) { s.Found++ })
	}
	r.enqueueLocked(t)
}

func (r *siteRun) enqueueLocked(t task) {
	r.queue = append(r.queue, t)
	r.pending++
	r.signal()
}

// inScope applies the site's domains, exclusions, URL length and file-type rules.
func (r *siteRun) inScope(u string) bool {
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
// and one path with endless query variants (calendars, search pages). Called with r.mu held.
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
	if p.RawQuery != "" {
		pathKey := p.Host + p.Path
		if r.pathQs[pathKey] >= 50 {
			return true
		}
		r.pathQs[pathKey]++
	}
	return false
}

// archivedAs returns the key under which the archive holds u: u itself, or the same path on
// another of the site's hosts (a link to the old Đồng Khởi host for an article archived under the
// new one), so an archived article is not fetched again as new through its old address.
func (r *siteRun) archivedAs(u string) string {
	if _, ok := r.index[u]; ok || len(r.site.AllowedDomains) < 2 {
		return u
	}
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	for _, h := range r.hosts() {
		if h == p.Host {
			continue
		}
		q := *p
		q.Host = h
		if _, ok := r.index[q.String()]; ok {
			return q.String()
		}
	}
	return u
}

// hosts lists the hosts (with ports) the archive holds pages of for this site.
func (r *siteRun) hosts() []string {
	r.hostsOnce.Do(func() {
		seen := map[string]bool{}
		for k := range r.index {
			if p, err := url.Parse(k); err == nil && !seen[p.Host] {
				seen[p.Host] = true
				r.indexHosts = append(r.indexHosts, p.Host)
			}
		}
	})
	return r.indexHosts
}

// unalias rewrites a URL on a host known to redirect to another (the old Đồng Khởi host).
func (r *siteRun) unalias(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	r.mu.Lock()
	to, ok := r.aliases[p.Host]
	r.mu.Unlock()
	if !ok {
		return u
	}
	p.Host = to
	return p.String()
}

// classify decides what a discovered in-scope link is.
func (r *siteRun) classify(u string, depth int) (taskKind, bool) {
	switch {
	case r.site.IsArticle(u):
		return kindArticle, true
	case r.site.MaxDepth > 0 && depth > r.site.MaxDepth:
		return 0, false
	case r.site.IsListing(u):
		return kindListing, true
	case r.site.ArticlePattern == nil:
		return kindOther, true
	}
	return 0, false
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

// follow queues a page's links.
func (r *siteRun) follow(links []link, depth int) {
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
	}
}
