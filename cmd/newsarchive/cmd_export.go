package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/archive/export"
	"github.com/newsarchive/newsarchive/parse"
)

type exportOptions struct {
	format, out, site, since string
	allVersions              bool
}

func newExportCommand(g *globalOptions) *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export --format text|jsonl|warc --out PATH [--site S] [--since DATE] [--all-versions]",
		Short: "Write archived articles to text files, JSON Lines or WARC",
		Long: `Export writes the latest version of every archived article (every version with
--all-versions).

text: one file per article in the directory PATH, named NNN_<16 hex>.txt, NNN counting in
publication order and the hex digits derived from the article's URL (stable across exports).
Each file holds the title, the date line, the lead, the body with captions in place, and the
byline, separated by blank lines.

jsonl: one JSON object per line in the file PATH (- for standard output) with the keys url, site,
title, published, author, text, version, versions, first_seen, last_seen, status.

Text and JSON Lines exports of over 65,536 versions sort them on disk, in a hidden temporary
directory beside PATH (in the system's temporary directory for -), removed when done.

warc: WARC 1.1 files (gzip per record, rotated at 1 GB) in the directory PATH, for Heritrix,
pywb, replayweb.page and other web-archiving tools: a warcinfo record per file, then for every
capture a request and a response record with the headers as sent and received and the body as
fetched (stored decompressed: Content-Encoding is dropped and the original kept as
X-Archive-Orig-Content-Encoding), revisit records for 304 answers and for bodies already written,
and a CDXJ index (index.cdxj) beside them. --since keeps captures made since the date.

--since keeps versions fetched on or after DATE (YYYY-MM-DD, in Asia/Ho_Chi_Minh, or RFC 3339).`,
		Example: `  newsarchive export --format text --out corpus/
  newsarchive export --format jsonl --out - --site baodongkhoi --since 2026-01-01 | gzip > bdk.jsonl.gz`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(cmd, g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "text", "text, jsonl or warc")
	f.StringVar(&o.out, "out", "", "output directory (text) or file (jsonl, - for stdout)")
	f.StringVar(&o.site, "site", "", "only this site (one of the configured sites)")
	f.StringVar(&o.since, "since", "", "only versions fetched since this date")
	f.BoolVar(&o.allVersions, "all-versions", false, "every version, not only the latest")
	return cmd
}

// exportHeapLimit is the Go runtime's soft memory limit during an export, unless GOMEMLIMIT sets
// one. An export's live heap is a chunk of pages and their bodies (at most 32 MiB of them) and
// the blob store's bounded caches, but it decodes a frame of six pages for each body it does not
// have cached, and the collector would let that garbage grow to as much again as the live heap
// before it runs: at 100,000 pages the WARC export reached 210 MB of RSS without a limit, 197 MB
// with 96 MiB, 181 MB with this one, for a sixth more CPU (docs/BENCHMARKS.md, "Peak memory").
const exportHeapLimit = 80 << 20

func runExport(cmd *cobra.Command, g *globalOptions, o exportOptions) error {
	if o.out == "" {
		return usageError{errors.New("export: --out is required")}
	}
	opts := export.Options{Site: o.site, AllVersions: o.allVersions}
	// A large selection spills its sorted runs beside the output, on the disk that takes the
	// export, rather than in a temporary directory that may be memory.
	if dir := filepath.Dir(o.out); o.out != "-" && isDir(dir) {
		opts.TempDir = dir
	}
	if o.since != "" {
		t, err := parseSince(o.since)
		if err != nil {
			return usageError{err}
		}
		opts.Since = t
	}
	if !slices.Contains(formatValues("export"), o.format) {
		return usageError{fmt.Errorf("export: --format: %q is not text, jsonl or warc", o.format)}
	}
	cfg, err := g.loadConfig()
	if err != nil {
		return err
	}
	if err := checkSite(cfg, "export", o.site); err != nil {
		return err
	}
	store, err := g.openWalker(cmd.Context())
	if err != nil {
		return err
	}
	defer limitHeap(exportHeapLimit)()
	defer store.Close()
	unit := exportUnit(o)
	bar := g.progressIn(-1, "export", unit)
	if _, quiet := bar.(quietBar); !quiet {
		// Off a terminal nothing is drawn: the WARC export need not count its captures first.
		opts.Progress = exportProgress(bar)
	}
	defer bar.Finish()
	log := g.logger(g.stderr)
	var n, skipped int
	switch o.format {
	case "text":
		n, err = export.Text(cmd.Context(), store, o.out, opts)
	case "jsonl":
		n, err = exportJSONL(cmd, store, o.out, opts)
	case "warc":
		n, err = export.WARC(cmd.Context(), store, o.out, export.WARCOptions{Options: opts, Software: "newsarchive " + buildVersion(),
			Skipped: func(url string, err error) {
				skipped++
				log.Warn("capture left out of the WARC export", "url", url, "err", err)
			}})
	}
	if err != nil {
		return err
	}
	log.Info("exported", unit, n, "format", o.format, "out", o.out)
	if skipped > 0 {
		return partialError{failed: skipped, total: n + skipped, what: unit}
	}
	return nil
}

// exportUnit names what an export counts: captures (every fetch, with hubs, resources and
// redirects) for WARC; article versions with --all-versions; else articles.
func exportUnit(o exportOptions) string {
	switch {
	case o.format == "warc":
		return "captures"
	case o.allVersions:
		return "versions"
	}
	return "articles"
}

// exportProgress moves the bar as an export writes; once the export knows its total, the
// spinner becomes a bar with that total.
func exportProgress(b bar) func(done, total int) {
	max := -1
	return func(done, total int) {
		if total > 0 && total != max {
			max = total
			b.ChangeMax(total)
		}
		b.Set(done)
	}
}

// exportJSONL writes the JSON Lines export to out, or standard output for "-". A file is
// written beside out and renamed into place once flushed, synced and closed without error, so
// a full disk leaves no truncated file that looks complete, and every write error is returned.
func exportJSONL(cmd *cobra.Command, store *archive.Store, out string, opts export.Options) (int, error) {
	if out == "-" {
		return export.JSONL(cmd.Context(), store, cmd.OutOrStdout(), opts)
	}
	tmp := out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	n, err := export.JSONL(cmd.Context(), store, f, opts)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, out)
	}
	if err != nil {
		os.Remove(tmp)
		return n, fmt.Errorf("export: write %s: %w", out, err)
	}
	return n, nil
}

// parseSince reads a date or time; a bare date is midnight in Asia/Ho_Chi_Minh.
func parseSince(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, parse.Location()); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("export: --since: %q is not YYYY-MM-DD or RFC 3339", s)
}

// isDir reports whether path is a directory that exists.
func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
