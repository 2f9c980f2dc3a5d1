package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newUpgradeCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "upgrade",
		Short: "Move an older archive's blobs into the compact segment layout",
		Long: `Upgrade moves the page bodies and texts that archives written before the segment layout kept
inside the database into segment files beside it (` + "`DB.blobs/`" + `), compressed against each
site's dictionary and each page's previous capture: typically a quarter of their old size. It
goes site by site and can be stopped (Ctrl-C, a kill, a crash) and run again at any time; each
batch is synced to the segments before one transaction records it and drops the old copy.
Readers wait while it runs; run it while no crawl does. Afterwards ` + "`backup --compact`" + `
gives the database's freed pages back. An archive that is already upgraded is left as it is.`,
		Example: `  newsarchive upgrade && newsarchive verify`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := g.openStore(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer store.Close()
			st, err := store.UpgradeBlobs(cmd.Context())
			fmt.Fprintf(cmd.OutOrStdout(), "upgrade: %d blobs moved (%s in the database, %s in segments), %d already moved, %d missing\n",
				st.Moved, size(st.LegacyBytes), size(st.SegmentBytes), st.Already, st.Missing)
			return err
		},
	}
}
