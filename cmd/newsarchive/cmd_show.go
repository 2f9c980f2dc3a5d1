package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/archive/export"
)

func newShowCommand(g *globalOptions) *cobra.Command {
	var n int
	var html bool
	cmd := &cobra.Command{
		Use:   "show URL [--version N] [--html]",
		Short: "Print an archived version as text, or its raw HTML",
		Long: `Show prints a version of an archived page (the latest by default) in the form of the text
export, or with --html the raw HTML as it was fetched. A page the site no longer has is still
shown; a line on standard error says since when it is gone and why.`,
		Example: `  newsarchive show https://baodongkhoi.vn/hoi-nghi-19042021-a80176.html
  newsarchive show --version 1 --html https://baodongkhoi.vn/hoi-nghi-19042021-a80176.html > v1.html`,
		Args: exactArgs(1, "show: give one URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			store, key, err := g.openPage(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			defer store.Close()
			v, err := store.Version(cmd.Context(), key, n)
			if err != nil {
				return err
			}
			id := v.TextBlob
			if html {
				id = v.HTMLBlob
			}
			b, err := store.Blob(cmd.Context(), id)
			if err != nil {
				return err
			}
			p, err := store.Page(cmd.Context(), key)
			if err != nil {
				return err
			}
			if p.Status == archive.StatusGone {
				fmt.Fprintf(cmd.ErrOrStderr(), "newsarchive: %s is gone from its site since %s (%s); this is the archived version %d of %d\n",
					key, p.GoneAt.Format(time.RFC3339), p.GoneReason, v.N, p.Versions)
			}
			if !html {
				b = []byte(export.Document(export.Item{Page: p, Version: v, Text: string(b)}))
			}
			_, err = cmd.OutOrStdout().Write(b)
			return err
		},
	}
	cmd.Flags().IntVar(&n, "version", 0, "version number (default: the latest)")
	cmd.Flags().BoolVar(&html, "html", false, "print the raw HTML instead of the text")
	return cmd
}
