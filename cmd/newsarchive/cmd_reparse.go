package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/parse"
)

func newReparseCommand(g *globalOptions) *cobra.Command {
	var site string
	cmd := &cobra.Command{
		Use:   "reparse [--site S]",
		Short: "Re-extract archived pages with the current extractor",
		Long: `Reparse runs the current extractor (and the configured site profiles) again on the raw HTML
the archive holds, and adds a version to each page whose extracted article really differs from its
latest version. Nothing is fetched. Improving the extractor or a site profile thus improves the
archive without touching the sites; the old versions stay.`,
		Example: `  newsarchive reparse
  newsarchive --config sites.yaml reparse --site baodongkhoi`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runReparse(cmd.Context(), cmd.OutOrStdout(), g, site)
		},
	}
	cmd.Flags().StringVar(&site, "site", "", "only this site's pages")
	return cmd
}

func runReparse(ctx context.Context, out io.Writer, g *globalOptions, site string) error {
	cfg, err := g.loadConfig()
	if err != nil {
		return err
	}
	store, err := g.openStore(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	x := &parse.Extractor{Profiles: parse.DefaultProfiles(), Logger: g.logger(os.Stderr)}
	// Extract in one read pass, then write: a write cannot start while the read holds the file.
	var rs []archive.Reextraction
	pages, failed := 0, 0
	bar := g.progress(-1, "reparse")
	err = store.LatestHTML(ctx, site, func(p archive.Page, c archive.Capture, html []byte) error {
		pages++
		bar.Add(1)
		r, err := reextract(x, cfg, p, c, html)
		if err != nil {
			failed++
			g.logger(os.Stderr).Warn("reparse failed", "url", p.URL, "err", err)
			return nil
		}
		rs = append(rs, r)
		return nil
	})
	bar.Finish()
	if err != nil && ctx.Err() == nil {
		return err
	}
	changed := 0
	for start := 0; start < len(rs); start += 64 {
		n, err := store.PutReextractions(context.WithoutCancel(ctx), rs[start:min(start+64, len(rs))])
		if err != nil {
			return err
		}
		changed += n
	}
	fmt.Fprintf(out, "reparse: %d pages, %d changed, %d failed\n", pages, changed, failed)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if failed > 0 {
		return partialError{failed: failed, total: pages, what: "pages"}
	}
	return nil
}

// reextract extracts a page's stored HTML with the profile its site is configured with.
func reextract(x *parse.Extractor, cfg *config.Config, p archive.Page, c archive.Capture, html []byte) (archive.Reextraction, error) {
	page := parse.Page{HTML: html, URL: p.URL}
	if ct, ok := c.Response["Content-Type"]; ok && len(ct) > 0 {
		page.ContentType = ct[0]
	}
	if s, ok := cfg.Site(p.Site); ok {
		page.Profile = s.Profile
	}
	a, err := x.Extract(page)
	if err != nil {
		return archive.Reextraction{}, err
	}
	return archive.Reextraction{URL: p.URL, Content: crawler.ContentOf(&a), HTMLBlob: c.HTMLBlob, HTMLSize: c.Size, Capture: c.Time, Time: time.Now()}, nil
}
