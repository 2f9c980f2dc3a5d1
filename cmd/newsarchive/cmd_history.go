package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsarchive/newsarchive/archive"
)

func newHistoryCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "history URL",
		Short: "List the versions of an archived page",
		Long: `History prints what the archive holds of a page: its status, when it was first and last
seen, and one line per version with the time it was fetched, the sizes of its text and HTML, and
its title.`,
		Example: `  newsarchive history https://baodongkhoi.vn/hoi-nghi-19042021-a80176.html`,
		Args:    exactArgs(1, "history: give one URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			store, key, err := g.openPage(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			defer store.Close()
			p, err := store.Page(key)
			if err != nil {
				return err
			}
			vs, err := store.Versions(key)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "%s\nsite %s, %s", p.URL, p.Site, p.Status)
			if p.Status == archive.StatusGone {
				fmt.Fprintf(out, " since %s (%s)", p.GoneAt.Format(time.RFC3339), p.GoneReason)
			}
			fmt.Fprintf(out, "; first seen %s, last seen %s; %d captures\n\n", p.FirstSeen.Format(time.RFC3339), p.LastSeen.Format(time.RFC3339), p.Captures)
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "VERSION\tFETCHED\tTEXT\tHTML\tTITLE")
			for _, v := range vs {
				fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%s\n", v.N, v.Fetched.Format(time.RFC3339), v.TextSize, v.HTMLSize, v.Title)
			}
			return tw.Flush()
		},
	}
}
