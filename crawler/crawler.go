package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/ingest"
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
	store Store
	opts  Options
	log   *slog.Logger
	in    *ingest.Ingester

	mu   sync.Mutex
	sums []*Summary
}

// Progress returns snapshots of the running sites' summaries.
func (c *Crawler) Progress() []*Summary {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*Summary, len(c.sums))
	for i, s := range c.sums {
		out[i] = s.snapshot()
	}
	return out
}

// New returns a Crawler writing into store, which must be open for writing.
func New(cfg *config.Config, store Store, opts Options) *Crawler {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Crawler{cfg: cfg, store: store, opts: opts, log: log,
		in: ingest.New(cfg, parse.NewExtractor(log))}
}

// Run crawls the sites concurrently and returns one summary per site, in the order given. A
// cancelled context stops the crawl; what was fetched is stored before Run returns. A batch the
// archive cannot store for want of space stops it too, and the error Run returns then wraps
// ErrDiskFull.
func (c *Crawler) Run(ctx context.Context, sites []*config.Site) ([]*Summary, error) {
	// A full disk stops every site's fetching (ErrDiskFull), not the storing of what is queued.
	// A run is recorded as interrupted only when the caller stopped it (a signal): one the disk
	// stopped failed, and counts towards alert_after.
	parent := ctx
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	st := newStorer(c.store, c.log, func(err error) { stop(fmt.Errorf("%w: %w", ErrDiskFull, err)) })
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
	if cause := context.Cause(ctx); errors.Is(cause, ErrDiskFull) {
		errs = append(errs, cause)
	}
	// Each site's run is recorded for `status`, whatever stopped it.
	for i, sum := range sums {
		run := sum.snapshot().record(c.opts.Full, errs[i] != nil || parent.Err() != nil)
		if err := c.store.PutRun(context.WithoutCancel(ctx), run); err != nil {
			errs[i] = errors.Join(errs[i], fmt.Errorf("crawler: %s: record the run: %w", sum.Site, err))
		}
	}
	return sums, errors.Join(errs...)
}

func (c *Crawler) runSite(ctx context.Context, site *config.Site, sum *Summary, st *storer) error {
	start := time.Now()
	sum.add(func(s *Summary) { s.Start = start })
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
		wake: make(chan struct{}, 1), seen: map[string]*seenURL{}, chrome: map[string]bool{}, shapes: map[string]int{}, barren: map[string]int{}, productive: map[string]int{},
		traps: map[string]bool{}, alts: map[string]string{},
		aliases: map[string]string{}, down: map[string]error{}, lastPage: map[string]string{}, cancel: cancel}
	if site.Robots {
		r.robots = newRobotsCache(c.cfg.UserAgent)
	}
	if err := r.load(ctx); err != nil {
		return fmt.Errorf("crawler: %s: read archive: %w", site.Name, err)
	}
	r.seed(ctx)
	r.work(ctx)
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		sum.add(func(s *Summary) { s.Abandoned = cause.Error() })
	}
	return parentErr(ctx)
}

// load reads what the archive holds of the site: its pages, the failures resting between runs,
// and the traps and alternates earlier runs learned.
func (r *siteRun) load(ctx context.Context) error {
	for p, err := range r.c.store.Pages(ctx, r.site.Name) {
		if err != nil {
			return err
		}
		r.index[p.URL] = p
	}
	for f, err := range r.c.store.Failures(ctx, r.site.Name) {
		if err != nil {
			return err
		}
		r.failed[f.URL] = f
	}
	return r.loadNotes(ctx)
}

// parentErr reports a cancellation from outside (a signal), not the site's own abandonment.
func parentErr(ctx context.Context) error {
	if errors.Is(context.Cause(ctx), context.Canceled) {
		return context.Canceled
	}
	return nil
}
