package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/ingest"
	"github.com/newsarchive/newsarchive/parse"
)

func newImportCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE.warc[.gz]...",
		Short: "Archive the pages of WARC files written by newsarchive or another crawler",
		Long: `Import reads WARC files (WARC 1.0 or 1.1, gzipped per record or not: newsarchive's own
exports, Heritrix, Zeno, Browsertrix, wget --warc-file, warcio) and archives every HTML response
as a capture of its page exactly as a crawl would (articles, hubs, alternate renderings, soft
404s), robots.txt, sitemaps and feeds as resources, and redirects as hops. Each capture takes its
place in its page's timeline by its WARC-Date: importing an older crawl into a newer archive
fills in the past and leaves every latest version as it was, and importing a file twice adds
nothing. Request records give the request headers. Revisit records and other content types are
skipped. Pages belong to the configured site that allows their URL, else to their host; a page
already archived keeps its site.`,
		Example: `  newsarchive import crawl-20240101.warc.gz
  newsarchive --config sites.yaml import heritrix/*.warc.gz`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{fmt.Errorf("import: give one or more WARC files")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := g.loadConfig()
			if err != nil {
				return err
			}
			store, err := g.openStore(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer store.Close()
			in := ingest.New(cfg, parse.NewExtractor(g.logger(g.stderr)))
			failed := 0
			for _, file := range args {
				f, err := os.Open(file)
				if err != nil {
					return fmt.Errorf("import: %w", err)
				}
				sum, err := crawler.Import(cmd.Context(), f, store, in, func(err error) { g.logger(g.stderr).Warn("damaged record skipped", "file", file, "err", err) })
				f.Close()
				fmt.Fprintf(cmd.OutOrStdout(), "%s: %d records, %d responses, new %d, new versions %d, unchanged %d, earlier %d, already archived %d, other captures %d, skipped %d\n",
					file, sum.Records, sum.Responses, sum.New, sum.NewVersions, sum.Unchanged, sum.Earlier, sum.Duplicate, sum.Captured, sum.Skipped)
				if err != nil {
					failed++
					fmt.Fprintf(cmd.ErrOrStderr(), "newsarchive: import %s: %s\n", file, userMessage(err))
				}
			}
			if failed > 0 {
				return partialError{failed: failed, total: len(args), what: "files"}
			}
			return nil
		},
	}
}
