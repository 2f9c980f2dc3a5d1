package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of newsarchive, the source revision and the Go it was built with",
		Long: `Version prints the module version (a tag for "go install …@vX", "(devel)" for a build from a
checkout), the VCS revision and commit time the binary was built from ("+dirty" when the
checkout had uncommitted changes), and the Go version. Quote it with an archive's citations.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintln(cmd.OutOrStdout(), versionLine())
			return nil
		},
	}
}

// versionLine is "newsarchive VERSION [(rev REVISION, TIME[, uncommitted changes])] GOVERSION"
// from the build information Go embeds in every binary (the revision when built with VCS
// stamping, Go's default in a checkout).
func versionLine() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "newsarchive (unknown build)"
	}
	line := "newsarchive " + buildVersion()
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		line += " (rev " + rev[:min(12, len(rev))]
		if t := settings["vcs.time"]; t != "" {
			line += ", " + t
		}
		if settings["vcs.modified"] == "true" {
			line += ", uncommitted changes"
		}
		line += ")"
	}
	return line + " " + bi.GoVersion
}

// buildVersion is the module version the binary was built from, or "(devel)".
func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
