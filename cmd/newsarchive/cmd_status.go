package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsarchive/newsarchive/crawler"
)

func newStatusCommand(g *globalOptions) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "status [--format text|json]",
		Short: "Say how each site has fared: last crawl, failures in a row, articles, work due",
		Long: `Status reads what the crawls recorded in the archive and prints, per site: the last crawl (when,
its outcome, what it stored), the last crawl that succeeded, how many crawls in a row failed,
the site's articles, hubs and gone pages, when the newest article was first archived, how many
archived articles the recrawl policy makes due on the next run, and how many failing URLs are
rested between runs. Sites the configuration no longer names are listed too. It opens the
archive for reading, so it works while a crawl runs.`,
		Example: `  newsarchive status
  newsarchive status --format json | jq '.[] | select(.consecutive_failures > 0)'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return usageError{fmt.Errorf("status: --format is text or json, not %q", format)}
			}
			cfg, err := g.loadConfig()
			if err != nil {
				return err
			}
			store, err := g.openStore(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer store.Close()
			sts, err := crawler.Status(cmd.Context(), store, cfg, time.Now())
			if err != nil {
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(sts)
			}
			printStatus(cmd.OutOrStdout(), sts)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	cmd.RegisterFlagCompletionFunc("format", completeWords("text", "json"))
	return cmd
}

func printStatus(w io.Writer, sts []crawler.SiteStatus) {
	when := func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.Local().Format("2006-01-02 15:04")
	}
	for i, st := range sts {
		if i > 0 {
			fmt.Fprintln(w)
		}
		name := st.Site
		if !st.Configured {
			name += " (not in the configuration)"
		}
		fmt.Fprintln(w, name)
		if r := st.LastRun; r != nil {
			fmt.Fprintf(w, "  last crawl      %s, %s in %s: %d new, %d new versions, %d gone, %d requests%s\n",
				when(r.Start), r.Outcome, r.End.Sub(r.Start).Round(time.Second), r.New, r.NewVersions, r.Gone, r.Requests, runErrors(r.Errors, r.LastError, r.Abandoned))
		} else {
			fmt.Fprintln(w, "  last crawl      never")
		}
		fmt.Fprintf(w, "  last success    %s; %d failed crawls in a row\n", when(st.LastSuccess), st.ConsecutiveFailures)
		fmt.Fprintf(w, "  archive         %d articles (%d gone), %d versions, %d hubs; newest article archived %s\n",
			st.Articles, st.Gone, st.Versions, st.Hubs, when(st.LastNewArticle))
		fmt.Fprintf(w, "  next crawl      %d archived articles due; %d failing URLs rested\n", st.DueArticles, st.Failures)
	}
}

func runErrors(errs map[string]int, last, abandoned string) string {
	if len(errs) == 0 && abandoned == "" {
		return ""
	}
	var parts []string
	for k, v := range errs {
		parts = append(parts, fmt.Sprintf("%s %d", k, v))
	}
	sort.Strings(parts)
	s := "; errors: " + strings.Join(parts, ", ")
	switch {
	case abandoned != "":
		s += "; abandoned: " + abandoned
	case last != "":
		s += "; last: " + crawler.RootCause(last)
	}
	return s
}
