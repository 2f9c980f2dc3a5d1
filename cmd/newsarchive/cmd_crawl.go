package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/crawler"
)

type crawlOptions struct {
	sites []string
	full  bool
}

func newCrawlCommand(g *globalOptions) *cobra.Command {
	var o crawlOptions
	cmd := &cobra.Command{
		Use:   "crawl [--site NAME]... [--full]",
		Short: "Crawl the configured sites and archive new and changed articles",
		Long: `Crawl is the main job, for cron or a systemd timer: it reads every configured site's start
pages, feeds and sitemaps, fetches the articles the archive does not have, rechecks archived ones
when the site signals a change (a sitemap <lastmod> or feed date newer than the last capture, a
listing showing a different title) or the recrawl policy says so (young articles more often than
old), always with a conditional GET, and stores new articles and new versions.

--full also rechecks every archived article and walks listings to their backfill depth: the
periodic sweep that catches silent corrections and marks deleted articles gone.

Politeness: robots.txt (and its Crawl-delay) is obeyed, each host gets the site's delay and
parallelism, 429/5xx and network errors are retried with backoff (Retry-After honoured), and a site
whose requests keep failing is given up for the run (error_budget).

One summary line per site goes to standard output; --quiet prints only the lines of sites with
errors not reported in the last day (a dead link that fails every hour is told once a day). SIGINT or SIGTERM stops the crawl: what was fetched is stored, and the exit code is 130 (1 if
some of it could not be). A full disk stops it too, at the first batch the archive cannot store,
with exit code 1.`,
		Example: `  newsarchive crawl
  newsarchive crawl --site baodongkhoi --full
  newsarchive --config sites.yaml --db /var/lib/newsarchive/archive.db --log-format json --quiet crawl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCrawl(cmd.Context(), cmd.OutOrStdout(), g, o)
		},
	}
	cmd.Flags().StringArrayVar(&o.sites, "site", nil, "crawl only this site (repeatable)")
	cmd.Flags().BoolVar(&o.full, "full", false, "recheck every archived article and walk every listing page")
	return cmd
}

func runCrawl(ctx context.Context, out io.Writer, g *globalOptions, o crawlOptions) error {
	cfg, err := g.loadConfig()
	if err != nil {
		return err
	}
	sites, err := selectSites(cfg, o.sites)
	if err != nil {
		return err
	}
	store, err := g.openStore(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	log := g.logger(g.stderr)
	if err := store.RecordConfig(ctx, g.configStamp()); err != nil {
		return err
	}
	c := crawler.New(cfg, store, crawler.Options{Full: o.full, Logger: log})

	var sums []*crawler.Summary
	done := make(chan struct{})
	var runErr error
	go func() {
		sums, runErr = c.Run(ctx, sites)
		close(done)
	}()
	showProgress(done, c, g.progress(-1, "crawl"))
	failed, unstored := 0, 0
	for i, s := range sums {
		alert := s.Failed()
		line := s.String()
		if alert && sites[i].AlertAfter > 1 {
			// A site down for fewer crawls in a row than alert_after is said, not alarmed.
			n, err := crawler.FailedInARow(context.WithoutCancel(ctx), store, s.Site)
			if err == nil {
				alert = n >= sites[i].AlertAfter
				line += fmt.Sprintf(" (failed %d crawls in a row; alert_after %d)", n, sites[i].AlertAfter)
			}
		}
		if alert {
			failed++
		}
		unstored += s.Errors["store"]
		if !g.quiet || alert || (!s.Failed() && s.News()) {
			printSummary(out, g, s, line, alert)
		}
	}
	return crawlResult(runErr, unstored, failed, len(sums))
}

// crawlResult is the error a crawl ends with, given Run's error, the fetched pages the archive
// could not store, and the sites that failed of total. Pages not stored come before anything
// else, a signal included: they are lost until a crawl fetches them again, and an exit code of
// 130 would tell cron only that the crawl was stopped.
func crawlResult(runErr error, unstored, failed, total int) error {
	interrupted := errors.Is(runErr, context.Canceled)
	switch {
	case errors.Is(runErr, crawler.ErrDiskFull):
		return storeError{pages: unstored, full: true}
	case unstored > 0 && (runErr == nil || interrupted):
		return storeError{pages: unstored, interrupted: interrupted}
	case unstored > 0:
		return errors.Join(storeError{pages: unstored}, runErr)
	case runErr != nil:
		return runErr
	case failed > 0:
		return partialError{failed: failed, total: total, what: "sites"}
	}
	return nil
}

// storeError reports pages that were fetched but could not be written to the archive (a full
// disk, say): whatever else succeeded, the run failed at its one job, and cron must notice.
// full says the disk was full, which stopped the crawl (crawler.ErrDiskFull); interrupted that
// a signal stopped it (it does not wrap context.Canceled: the exit code is 1, not 130).
type storeError struct {
	pages       int
	full        bool
	interrupted bool
}

func (e storeError) Error() string {
	if e.full {
		return fmt.Sprintf("crawl: the archive's disk is full: %d fetched pages could not be stored, and the crawl stopped; free some space and crawl again", e.pages)
	}
	msg := fmt.Sprintf("crawl: %d fetched pages could not be stored in the archive (disk full or database error; see the log)", e.pages)
	if e.interrupted {
		msg += ", and the crawl was interrupted"
	}
	return msg
}

// selectSites returns the named sites, or all.
func selectSites(cfg *config.Config, names []string) ([]*config.Site, error) {
	if len(names) == 0 {
		return cfg.Sites, nil
	}
	var out []*config.Site
	for _, n := range names {
		s, ok := cfg.Site(n)
		if !ok {
			var known []string
			for _, s := range cfg.Sites {
				known = append(known, s.Name)
			}
			return nil, usageError{fmt.Errorf("crawl: no site %q (configured: %s)", n, strings.Join(known, ", "))}
		}
		out = append(out, s)
	}
	return out, nil
}

// showProgress keeps a progress bar of the crawl's requests on the terminal until it is done.
func showProgress(done <-chan struct{}, c *crawler.Crawler, bar bar) {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-done:
			bar.Finish()
			return
		case <-t.C:
			var req, pending, stored, errs int
			for _, s := range c.Progress() {
				req += s.Requests
				pending += s.Pending
				stored += s.New + s.NewVersions
				errs += s.ErrorCount()
			}
			bar.Describe(fmt.Sprintf("crawl: %d new or changed, %d errors", stored, errs))
			bar.ChangeMax(req + pending)
			bar.Set(req)
		}
	}
}

// printSummary prints a site's summary line, or under --log-format json one JSON object with the
// same facts, so that every line a cron job sees is machine-readable.
func printSummary(out io.Writer, g *globalOptions, s *crawler.Summary, line string, alert bool) {
	if g.logFormat != "json" {
		fmt.Fprintln(out, line)
		return
	}
	rec := map[string]any{
		"time": time.Now().UTC().Format(time.RFC3339), "msg": "summary", "site": s.Site, "summary": line,
		"failed": s.Failed(), "alert": alert, "found": s.Found, "new": s.New, "new_versions": s.NewVersions,
		"unchanged": s.Unchanged, "not_modified": s.NotModified, "gone": s.Gone, "skipped": s.Skipped,
		"errors": s.Errors, "repeated_errors": s.Repeated, "requests": s.Requests, "bytes": s.Bytes,
		"images": s.Images, "duration_ms": s.Duration.Milliseconds(),
	}
	if s.LastError != "" {
		rec["last_error"], rec["cause"] = s.LastError, crawler.RootCause(s.LastError)
	}
	if s.Abandoned != "" {
		rec["abandoned"] = s.Abandoned
	}
	b, err := json.Marshal(rec)
	if err != nil {
		fmt.Fprintln(out, line)
		return
	}
	fmt.Fprintf(out, "%s\n", b)
}
