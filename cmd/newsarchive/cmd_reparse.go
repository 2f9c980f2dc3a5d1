package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/newsarchive/newsarchive/ingest"
	"github.com/newsarchive/newsarchive/parse"
)

func newReparseCommand(g *globalOptions) *cobra.Command {
	var site string
	cmd := &cobra.Command{
		Use:   "reparse [--site S]",
		Short: "Re-extract archived pages with the current extractor",
		Long: `Reparse runs the current extractor (and the configured site profiles) again on the raw HTML of
every capture the archive holds, and derives each page's versions again from the new content:
versions stay what the publisher changed, now seen through the better extractor. Nothing is
fetched; each capture keeps the content hashes earlier extractors gave it, and every text stays
stored.`,
		Example: `  newsarchive reparse
  newsarchive --config sites.yaml reparse --site baodongkhoi`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runReparse(cmd.Context(), cmd.OutOrStdout(), g, site)
		},
	}
	cmd.Flags().StringVar(&site, "site", "", "only this site's pages")
	cmd.RegisterFlagCompletionFunc("site", completeSites(g))
	return cmd
}

// reparseHeapLimit is the Go runtime's soft memory limit during a reparse, unless GOMEMLIMIT sets
// one. The live heap stays under 100 MB at any archive size (the blob store's encoders and
// bounded caches, one chunk of pages; see docs/BENCHMARKS.md), but the collector would let the
// garbage of extraction grow to as much again before it runs, and the whole stay under 200 MB
// only by a few megabytes.
const reparseHeapLimit = 128 << 20

func runReparse(ctx context.Context, out io.Writer, g *globalOptions, site string) error {
	cfg, err := g.loadConfig()
	if err != nil {
		return err
	}
	if err := checkSite(cfg, "reparse", site); err != nil {
		return err
	}
	store, err := g.openStore(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	in := ingest.New(cfg, parse.NewExtractor(g.logger(g.stderr)))
	defer limitHeap(reparseHeapLimit)()
	bar := g.progress(-1, "reparse")
	var progress func(done, total int) // without a bar to draw, the captures are not counted first
	if _, quiet := bar.(quietBar); !quiet {
		progress = func(done, total int) {
			bar.ChangeMax(total)
			bar.Set(done)
		}
	}
	sum, err := ingest.Reparse(ctx, store, in, site, progress)
	bar.Finish()
	fmt.Fprintf(out, "reparse: %d captures, %d pages changed, %d failed\n", sum.Captures, sum.Pages, sum.Failed)
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return partialError{failed: sum.Failed, total: sum.Captures, what: "captures"}
	}
	return nil
}
