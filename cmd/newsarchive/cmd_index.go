package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsarchive/newsarchive/internal/search"
	"github.com/newsarchive/newsarchive/internal/web"
)

func newIndexCommand(g *globalOptions) *cobra.Command {
	var rebuild bool
	cmd := &cobra.Command{
		Use:   "index",
		Short: "Bring the search index of the archive up to date",
		Long: `Index updates the full-text index serve searches (DB.index/, beside the database): every
page whose version count differs from what the index holds is indexed again. serve does the same
when it starts and while it runs; run index ahead of time on a large archive, or with --rebuild
after restoring a backup or when the index is damaged: the index holds nothing the archive does
not, so rebuilding it loses nothing.`,
		Example: `  newsarchive index
  newsarchive index --rebuild`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := g.openStore(ctx, true)
			if err != nil {
				return err
			}
			st.Close()
			ix, err := openIndex(search.Dir(g.db), rebuild)
			if err != nil {
				return err
			}
			defer ix.Close()
			srv, err := web.New(web.Options{DB: g.db, Index: ix, LockTimeout: g.lockTimeout, Logger: g.logger(cmd.ErrOrStderr())})
			if err != nil {
				return err
			}
			defer srv.Close()
			start := time.Now()
			pr, err := srv.CatchUp(ctx)
			if err != nil {
				return err
			}
			n, _ := ix.DocCount()
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %d pages, %d changed, %d versions indexed in %s; the index holds %d versions\n",
				search.Dir(g.db), pr.Pages, pr.Changed, pr.Indexed, time.Since(start).Round(time.Millisecond), n)
			return nil
		},
	}
	cmd.Flags().BoolVar(&rebuild, "rebuild", false, "delete the index and build it again from the archive")
	return cmd
}
