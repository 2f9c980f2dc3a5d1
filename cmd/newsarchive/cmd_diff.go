package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/archive/export"
	"github.com/newsarchive/newsarchive/internal/textdiff"
)

func newDiffCommand(g *globalOptions) *cobra.Command {
	var context int
	cmd := &cobra.Command{
		Use:   "diff URL [A] [B]",
		Short: "Show how two versions of an archived page differ",
		Long: `Diff compares two versions of a page's text line by line: removed lines start with "- ",
added ones with "+ ". With no versions given it compares the last two; with one, that version and
the latest.`,
		Example: `  newsarchive diff https://baodongkhoi.vn/hoi-nghi-19042021-a80176.html
  newsarchive diff https://baodongkhoi.vn/hoi-nghi-19042021-a80176.html 1 3`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 3 {
				return usageError{fmt.Errorf("diff: give a URL and up to two version numbers")}
			}
			return nil
		},
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
			a, b := p.Versions-1, p.Versions
			for i, s := range args[1:] {
				n, err := strconv.Atoi(s)
				if err != nil {
					return usageError{fmt.Errorf("diff: %q is not a version number", s)}
				}
				if i == 0 {
					a = n
				} else {
					b = n
				}
			}
			if a < 1 {
				return fmt.Errorf("diff: %s has only one version", key)
			}
			ta, err := versionText(cmd.Context(), store, p, a)
			if err != nil {
				return err
			}
			tb, err := versionText(cmd.Context(), store, p, b)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "--- %s version %d\n+++ %s version %d\n", key, a, key, b)
			d := textdiff.Lines(ta, tb, context)
			if d == "" {
				d = "(no difference)\n"
			}
			_, err = fmt.Fprint(out, d)
			return err
		},
	}
	cmd.Flags().IntVarP(&context, "context", "C", 2, "unchanged lines shown around each change")
	return cmd
}

func versionText(ctx context.Context, store *archive.Store, p archive.Page, n int) (string, error) {
	v, err := store.Version(ctx, p.URL, n)
	if err != nil {
		return "", err
	}
	b, err := store.Blob(ctx, v.TextBlob)
	if err != nil {
		return "", err
	}
	return export.Document(export.Item{Page: p, Version: v, Text: string(b)}), nil
}
