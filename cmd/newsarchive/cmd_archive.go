package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/parse"
)

type archiveOptions struct {
	input string
}

func newArchiveCommand(g *globalOptions) *cobra.Command {
	var o archiveOptions
	cmd := &cobra.Command{
		Use:   "archive [-i FILE|-] [URL...]",
		Short: "Fetch, extract and store single pages",
		Long: `Archive fetches each URL once, extracts its article and stores it in the archive: a new
page, a new version when the article changed, or just a capture when it did not.

Each URL gets one line: "new", "new version N", "unchanged", or the error. The exit code is 0
when every URL was stored, 5 when some failed and 1 when all did. Requests to one host are spaced
by the configured site's delay (1 s for hosts no site names). robots.txt is not consulted: this is
a person asking for a page, as with a browser.`,
		Example: `  newsarchive archive https://baodongkhoi.vn/hoi-nghi-19042021-a80176.html
  newsarchive archive -i urls.txt
  grep baodongkhoi links.txt | newsarchive archive -i -`,
		RunE: func(cmd *cobra.Command, args []string) error {
			urls, err := readURLs(args, o.input, cmd.InOrStdin())
			if err != nil {
				return err
			}
			return runArchive(cmd.Context(), cmd.OutOrStdout(), g, urls)
		},
	}
	cmd.Flags().StringVarP(&o.input, "input", "i", "", "read URLs from FILE, one a line (- for standard input)")
	return cmd
}

// readURLs gathers URLs from arguments and a list file; blank lines and # comments are skipped.
func readURLs(args []string, input string, stdin io.Reader) ([]string, error) {
	urls := append([]string(nil), args...)
	if input != "" {
		r := stdin
		if input != "-" {
			f, err := os.Open(input)
			if err != nil {
				return nil, fmt.Errorf("archive: %w", err)
			}
			defer f.Close()
			r = f
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
				urls = append(urls, line)
			}
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("archive: read %s: %w", input, err)
		}
	}
	if len(urls) == 0 {
		return nil, usageError{errors.New("archive: give URLs, or -i FILE")}
	}
	return urls, nil
}

func runArchive(ctx context.Context, out io.Writer, g *globalOptions, urls []string) error {
	cfg, err := g.loadConfig()
	if err != nil {
		return err
	}
	log := g.logger(os.Stderr)
	fetcher, err := crawler.NewFetcher(crawler.FetcherOptions{UserAgent: cfg.UserAgent, NamedHosts: cfg.AllowedDomains()})
	if err != nil {
		return err
	}
	defer fetcher.Close()
	store, err := g.openStore(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	x := &parse.Extractor{Profiles: parse.DefaultProfiles(), Logger: log}
	lastByHost := map[string]time.Time{}
	failed := 0
	for _, u := range urls {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		line, err := archiveOne(ctx, fetcher, x, store, cfg, u, lastByHost)
		if err != nil {
			failed++
			line = "error: " + err.Error()
		}
		fmt.Fprintf(out, "%s\t%s\n", u, line)
	}
	if failed > 0 {
		return partialError{failed: failed, total: len(urls), what: "URLs"}
	}
	return nil
}

// archiveOne fetches, extracts and stores one URL and says what happened.
func archiveOne(ctx context.Context, f *crawler.Fetcher, x *parse.Extractor, store *archive.Store, cfg *config.Config, raw string, last map[string]time.Time) (string, error) {
	key, err := archive.Canonicalize(raw)
	if err != nil {
		return "", err
	}
	site := siteOf(cfg, key)
	host := hostOf(key)
	delay := time.Second
	if site != nil {
		delay = site.Delay
	}
	if wait := time.Until(last[host].Add(delay)); wait > 0 {
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	f.PermitURL(raw) // the host the user names may be private; a redirect elsewhere private may not
	resp, err := f.Fetch(ctx, raw, nil)
	last[host] = time.Now()
	if err != nil {
		return "", err
	}
	var article *parse.Article
	siteName := host
	page := parse.Page{HTML: resp.Body, URL: resp.FinalURL, ContentType: resp.Header.Get("Content-Type")}
	if site != nil {
		siteName, page.Profile = site.Name, site.Profile
	}
	if resp.Status == 200 {
		a, err := x.Extract(page)
		if err != nil {
			return "", err
		}
		article = &a
		if key, err = crawler.PageKey(resp.FinalURL, a.Canonical, sameSiteFunc(site)); err != nil {
			return "", err
		}
	} else if k, err := archive.Canonicalize(resp.FinalURL); err == nil {
		// A 404 after redirects concerns the page the redirects led to.
		key = k
	}
	rs, err := store.PutBatch(ctx, []archive.Fetch{crawler.ToFetch(resp, article, key, siteName)})
	if err != nil {
		return "", err
	}
	if rs[0].Outcome == archive.Skipped {
		return "", fmt.Errorf("HTTP %d, nothing stored", resp.Status)
	}
	return describe(rs[0], article), nil
}

// describe is the one-line outcome printed for a URL.
func describe(r archive.Result, a *parse.Article) string {
	switch r.Outcome {
	case archive.New:
		s := "new"
		if a != nil && !a.IsArticle {
			s += " (not an article page)"
		}
		return s
	case archive.NewVersion:
		return fmt.Sprintf("new version %d", r.Version)
	}
	return r.Outcome.String()
}

// siteOf returns the configured site whose allowed domains hold the URL, or nil.
func siteOf(cfg *config.Config, u string) *config.Site {
	for _, s := range cfg.Sites {
		if s.AllowsURL(u) {
			return s
		}
	}
	return nil
}

// sameSiteFunc reports two hosts as one site when the site allows both.
func sameSiteFunc(site *config.Site) func(a, b string) bool {
	if site == nil {
		return nil
	}
	return func(a, b string) bool {
		return site.AllowsURL("http://"+a+"/") && site.AllowsURL("http://"+b+"/")
	}
}

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Host
}
