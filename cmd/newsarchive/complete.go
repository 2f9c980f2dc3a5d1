package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsarchive/newsarchive/config"
)

// completeSites offers the configured sites' names for a --site flag.
func completeSites(g *globalOptions) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		cfg, err := g.loadConfig()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		var names []string
		for _, s := range cfg.Sites {
			names = append(names, s.Name)
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeWords offers fixed values for a flag.
func completeWords(words ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return words, cobra.ShellCompDirectiveNoFileComp
	}
}

// checkSite refuses a --site the configuration does not name: a typo must not make a command
// silently do nothing.
func checkSite(cfg *config.Config, cmd, name string) error {
	if name == "" {
		return nil
	}
	if _, ok := cfg.Site(name); ok {
		return nil
	}
	var known []string
	for _, s := range cfg.Sites {
		known = append(known, s.Name)
	}
	return usageError{fmt.Errorf("%s: no site %q (configured: %s)", cmd, name, strings.Join(known, ", "))}
}

// formatValues returns the values a command's --format flag takes, for completion; nil for a
// command without one.
func formatValues(cmd string) []string {
	switch cmd {
	case "export":
		return []string{"text", "jsonl", "warc"}
	case "extract", "status":
		return []string{"text", "json"}
	}
	return nil
}

// registerCompletions offers values for every command's --site (the sites of the configuration
// in use) and --format (that command's formats), and for --log-format, wherever a command has
// not registered its own.
func registerCompletions(root *cobra.Command, g *globalOptions) {
	root.RegisterFlagCompletionFunc("log-format", completeWords("text", "json"))
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		register := func(flag string, fn cobra.CompletionFunc) {
			if cmd.LocalNonPersistentFlags().Lookup(flag) == nil {
				return
			}
			if _, ok := cmd.GetFlagCompletionFunc(flag); ok {
				return
			}
			cmd.RegisterFlagCompletionFunc(flag, fn)
		}
		register("site", completeSites(g))
		if vs := formatValues(cmd.Name()); vs != nil {
			register("format", completeWords(vs...))
		}
		for _, c := range cmd.Commands() {
			walk(c)
		}
	}
	walk(root)
}
