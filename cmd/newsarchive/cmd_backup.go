package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newBackupCommand(g *globalOptions) *cobra.Command {
	var compact bool
	cmd := &cobra.Command{
		Use:   "backup FILE",
		Short: "Copy the archive to FILE while it stays in use",
		Long: `Backup writes a consistent copy of the database to FILE from one read transaction (a hot
copy), so it runs while a crawl is between commits. The copy is written to a temporary file and
renamed into place.

With --compact the copy holds live data only, its pages packed full: move it over the database
while no crawl runs to reclaim the space freed pages take.`,
		Example: `  newsarchive --db /var/lib/newsarchive/archive.db backup /backup/archive-$(date +%F).db
  newsarchive backup --compact archive.compact.db && mv archive.compact.db newsarchive.db`,
		Args: exactArgs(1, "backup: give the file to write"),
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := g.openStore(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer store.Close()
			backup := store.Backup
			if compact {
				backup = store.Compact
			}
			n, err := backup(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "backup: %s, %s\n", args[0], size(n))
			return nil
		},
	}
	cmd.Flags().BoolVar(&compact, "compact", false, "write a compacted copy (live data only)")
	return cmd
}
