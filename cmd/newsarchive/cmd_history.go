package main

import (
	"errors"
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
		Long: `History prints what the archive holds of a page: its kind and status, when it was first and
last seen, its captures (alternate renderings and redirect hops among them), and one line per
version: when it was first and last seen, in how many captures, the sizes of its text and HTML,
and its title. Versions are the runs of distinct article content among the page's captures in
time order (docs/HISTORY.md).`,
		Example: `  newsarchive history https://baodongkhoi.vn/hoi-nghi-19042021-a80176.html`,
		Args:    exactArgs(1, "history: give one URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			store, key, err := g.openPage(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			defer store.Close()
			p, err := store.Page(cmd.Context(), key)
			if err != nil {
				return err
			}
			vs, err := store.Versions(cmd.Context(), key)
			if err != nil && (p.Versions > 0 || !errors.Is(err, archive.ErrNotFound)) {
				return err
			}
			cs, err := store.Captures(cmd.Context(), key)
			if err != nil {
				return err
			}
			roles := map[archive.Role]int{}
			for _, c := range cs {
				roles[c.Role]++
			}
			kind := p.Kind
			if kind == "" {
				kind = archive.KindArticle
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "%s\n%s of site %s, %s", p.URL, kind, p.Site, p.Status)
			if p.Status == archive.StatusGone {
				fmt.Fprintf(out, " since %s (%s)", p.GoneAt.Format(time.RFC3339), p.GoneReason)
			}
			fmt.Fprintf(out, "; first seen %s, last seen %s; %d captures (%d alternate renderings, %d redirects)\n\n",
				p.FirstSeen.Format(time.RFC3339), p.LastSeen.Format(time.RFC3339), p.Captures, roles[archive.RoleAlternate], roles[archive.RoleRedirect])
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "VERSION\tFETCHED\tLAST SEEN\tCAPTURES\tTEXT\tHTML\tTITLE")
			for _, v := range vs {
				last := v.Last
				if last.IsZero() {
					last = v.Fetched
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%d\t%s\n", v.N, v.Fetched.Format(time.RFC3339), last.Format(time.RFC3339), max(v.Captures, 1), v.TextSize, v.HTMLSize, v.Title)
			}
			return tw.Flush()
		},
	}
}
