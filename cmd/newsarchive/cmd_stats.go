package main

import (
	"fmt"
	"sort"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func newStatsCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "stats",
		Short: "Count what the archive holds",
		Long: `Stats prints the number of pages (and how many are gone), versions, captures and stored
blobs, the bytes those blobs hold uncompressed against what they take compressed, the size of
the database file and segments (per page, against the bodies they keep, and against those bodies
gzipped one by one at level 6, estimated from a sample of 200 of them), and pages per site.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := g.openStore(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer store.Close()
			st, err := store.Stats(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "database   %s, %s on disk, %s in use\n", store.Path(), size(st.FileBytes), size(st.UsedBytes))
			fmt.Fprintf(out, "pages      %d (%d gone): %d articles, %d hubs, %d resources, %d images\nversions   %d\ncaptures   %d (%d alternate renderings, %d redirects)\nblobs      %d: %s raw, %s stored",
				st.Pages, st.Gone, st.Articles, st.Hubs, st.Resources, st.Images, st.Versions, st.Captures, st.Alternates, st.Redirects, st.Blobs, size(st.RawBytes), size(st.BlobBytes))
			if st.BlobBytes > 0 {
				fmt.Fprintf(out, " (%.1f×)", float64(st.RawBytes)/float64(st.BlobBytes))
			}
			fmt.Fprintln(out)
			fmt.Fprintf(out, "on disk    %s: database %s + segments %s", size(st.DiskBytes), size(st.FileBytes), size(st.SegmentBytes))
			if st.Pages > 0 {
				fmt.Fprintf(out, "; %s per page", size(st.DiskBytes/int64(st.Pages)))
			}
			if st.BodyCaptures > 0 {
				fmt.Fprintf(out, "; %s per capture with a body, %.1f× smaller than the bodies", size(st.DiskBytes/int64(st.BodyCaptures)), float64(st.RawBytes)/float64(max(st.DiskBytes, 1)))
			}
			if st.BodyGzipBytes > 0 {
				fmt.Fprintf(out, "; %.3f× the bodies gzipped one by one (gzip -6, estimated from %d of them)", float64(st.DiskBytes)/float64(st.BodyGzipBytes), st.BodyGzipSample)
			}
			if st.LegacyBlobs > 0 {
				fmt.Fprintf(out, "; %d blobs in the old layout (newsarchive upgrade moves them)", st.LegacyBlobs)
			}
			if st.LegacyPages > 0 {
				fmt.Fprintf(out, "; %d pages' records in the old layout (newsarchive upgrade moves them)", st.LegacyPages)
			}
			fmt.Fprintln(out)
			sites := make([]string, 0, len(st.Sites))
			for s := range st.Sites {
				sites = append(sites, s)
			}
			sort.Strings(sites)
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			for _, s := range sites {
				fmt.Fprintf(tw, "site %s\t%d pages\n", s, st.Sites[s])
			}
			return tw.Flush()
		},
	}
}

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
