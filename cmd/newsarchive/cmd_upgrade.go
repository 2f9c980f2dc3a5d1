package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newUpgradeCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "upgrade",
		Short: "Move an older archive into the current, compact layout",
		Long: `Upgrade brings an archive written by an older newsarchive to the current layout, in four steps:

1. The page bodies and texts that archives written before the segment layout kept inside the
   database move into segment files beside it (` + "`DB.blobs/`" + `), compressed against each
   site's dictionary and each page's previous capture: typically a quarter of their old size.
2. Each page archived before page numbers gets one, and its versions and captures move from keys
   holding its URL to keys holding its number (about 100 bytes less per record). A recrawl moves
   the pages it touches by itself; this moves the rest.
3. Versions stored whole name the capture that made them instead of repeating its content hash,
   HTML blob, size and time (about 100 bytes less per version).
4. Each numbered page's record, versions, captures and article records move into one record of
   the page, compressed together, and its URL into the URL index, blocks of URLs compressed
   together (together about 300 bytes less per page captured once).

All go in batches and can be stopped (Ctrl-C, a kill, a crash) and run again at any time: each
batch is one transaction (blobs are synced to the segments first), so nothing is ever half moved.
Readers wait while step 1 runs; run it while no crawl does. Afterwards ` + "`backup --compact`" + `
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
			if err != nil {
				return err
			}
			rs, err := store.UpgradeRecords(cmd.Context())
			fmt.Fprintf(cmd.OutOrStdout(), "upgrade: %d pages moved to page-number keys, %d had them already\n", rs.Moved, rs.Already)
			if err != nil {
				return err
			}
			vs, err := store.SlimVersions(cmd.Context())
			fmt.Fprintf(cmd.OutOrStdout(), "upgrade: %d versions now name the capture that made them, %d did already, %d kept whole\n", vs.Named, vs.Already, vs.Kept)
			if err != nil {
				return err
			}
			ps, err := store.UpgradePageRecords(cmd.Context())
			fmt.Fprintf(cmd.OutOrStdout(), "upgrade: %d pages' records and %d pages moved into page records, %d had one already\n", ps.Moved, ps.Indexed, ps.Already)
			return err
		},
	}
}
