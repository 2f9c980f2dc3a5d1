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
	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/ingest"
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
	log := g.logger(g.stderr)
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
	in := ingest.New(cfg, parse.NewExtractor(log))
	lastByHost := map[string]time.Time{}
	failed := 0
	for _, u := range urls {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		line, err := archiveOne(ctx, fetcher, in, store, u, lastByHost)
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

// archiveOne fetches one URL, hands it to the ingest stage and stores what it makes of it,
// fetching the page itself too when the URL was an alternate rendering; it says what happened.
func archiveOne(ctx context.Context, f *crawler.Fetcher, in *ingest.Ingester, store *archive.Store, raw string, last map[string]time.Time) (string, error) {
	key, err := archive.Canonicalize(raw)
	if err != nil {
		return "", err
	}
	pr, err := fetchPrepared(ctx, f, in, raw, key, false, last)
	if err != nil {
		return "", err
	}
	line, err := storePrepared(ctx, store, pr)
	if err != nil || pr.Primary == "" {
		return line, err
	}
	if _, err := store.Page(ctx, pr.Primary); err == nil {
		return line + "; the page itself is archived", nil
	}
	pp, err := fetchPrepared(ctx, f, in, pr.Primary, pr.Primary, true, last)
	if err != nil {
		return line, fmt.Errorf("the page itself, %s: %w", pr.Primary, err)
	}
	more, err := storePrepared(ctx, store, pp)
	return line + "; the page itself: " + more, err
}

// fetchPrepared fetches one URL politely (the configured site's delay, 1 s for other hosts) and
// prepares it for the archive.
func fetchPrepared(ctx context.Context, f *crawler.Fetcher, in *ingest.Ingester, raw, key string, asPrimary bool, last map[string]time.Time) (ingest.Prepared, error) {
	site := in.SiteOf(key)
	host := hostOf(key)
	delay := time.Second
	if site != nil {
		delay = site.Delay
	}
	if wait := time.Until(last[host].Add(delay)); wait > 0 {
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ingest.Prepared{}, ctx.Err()
		}
	}
	f.PermitURL(raw) // the host the user names may be private; a redirect elsewhere private may not
	resp, err := f.Fetch(ctx, raw, nil)
	last[host] = time.Now()
	if err != nil {
		return ingest.Prepared{}, err
	}
	ex := ingest.Exchange{URL: resp.URL, FinalURL: resp.FinalURL, Status: resp.Status, Request: resp.Request,
		Header: resp.Header, Body: resp.Body, Time: resp.Fetched, AsPrimary: asPrimary}
	for _, h := range resp.Hops {
		if h.Status >= 300 && h.Status < 400 {
			ex.Hops = append(ex.Hops, ingest.Hop{URL: h.URL, Status: h.Status, Request: h.Request, Header: h.Response})
		}
	}
	if asPrimary || (site != nil && site.IsArticle(key)) {
		ex.Expect = ingest.ExpectArticle
	}
	pr, err := in.Prepare(ex)
	if err == nil && len(pr.Fetches) == 0 {
		err = fmt.Errorf("HTTP %d, nothing stored", resp.Status)
	}
	return pr, err
}

// storePrepared stores an exchange's captures and describes the first one's outcome.
func storePrepared(ctx context.Context, store *archive.Store, pr ingest.Prepared) (string, error) {
	rs, err := store.PutBatch(ctx, pr.Fetches)
	if err != nil {
		return "", err
	}
	if rs[0].Outcome == archive.OutcomeSkipped {
		return "", fmt.Errorf("HTTP %d, nothing stored", pr.Fetches[0].Status)
	}
	return describe(rs[0], pr), nil
}

// describe is the one-line outcome printed for a URL.
func describe(r archive.Result, pr ingest.Prepared) string {
	switch {
	case pr.Role == archive.RoleAlternate:
		return "kept as an alternate rendering of " + pr.Primary
	case pr.Gone != "":
		return "gone (" + pr.Gone + ")"
	case !pr.Kind.IsArticle():
		return r.Outcome.String() + " (not an article page)"
	case r.Outcome == archive.OutcomeNewVersion:
		return fmt.Sprintf("new version %d", r.Version)
	}
	return r.Outcome.String()
}

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Host
}
