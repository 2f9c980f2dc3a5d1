package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newVerifyCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Check the archive end to end",
		Long: `Verify runs bbolt's consistency check over the whole database file, then reads every record
and every blob that a version or capture refers to, checking that each is present and that its
sha256 matches its id. It prints every problem found and exits 1 if there is any.`,
		Example: `  newsarchive --db /var/lib/newsarchive/archive.db verify`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := g.openStore(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer store.Close()
			if err := store.Verify(cmd.Context()); err != nil {
				return fmt.Errorf("verify %s:\n%w", store.Path(), err)
			}
			st, err := store.Counts(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: ok, %d pages, %d versions, %d captures, %d blobs\n", store.Path(), st.Pages, st.Versions, st.Captures, st.Blobs)
			return nil
		},
	}
}
