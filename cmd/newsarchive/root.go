package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
)

// globalOptions are the flags every subcommand shares.
type globalOptions struct {
	logFormat   string
	verbose     bool
	quiet       bool
	db          string
	configPath  string
	lockTimeout time.Duration
	// stdin and stderr are the run's: os.Stdin and os.Stderr for the binary, buffers when the
	// tests run a command in-process.
	stdin  io.Reader
	stderr io.Writer
}

func newRootCommand(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	g := globalOptions{stdin: stdin, stderr: stderr}
	root := &cobra.Command{
		Use:   "newsarchive",
		Short: "Crawl, extract and archive provincial news sites",
		Long: `newsarchive keeps clean, citable copies of news articles from provincial news sites,
starting with Bến Tre province (bentre.gov.vn and its departments, Báo Đồng Khởi).

It extracts each article's title, publication date, lead, body, captions and byline from the page,
dropping menus, contact headers, share bars, comment boxes and related-article lists.`,
		Example: `  # Extract the article from a saved page, resolving its site profile from the URL
  newsarchive extract --url https://baodongkhoi.vn/x-19042021-a1.html page.html

  # The same as JSON
  curl -s URL | newsarchive extract --url URL --format json -`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if g.logFormat != "text" && g.logFormat != "json" {
				return usageError{fmt.Errorf("--log-format: %q is not text or json", g.logFormat)}
			}
			return nil
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	pf := root.PersistentFlags()
	pf.StringVar(&g.logFormat, "log-format", "text", "log format on stderr: text or json")
	pf.BoolVarP(&g.verbose, "verbose", "v", false, "log debugging detail")
	pf.BoolVarP(&g.quiet, "quiet", "q", false, "log errors only")
	pf.StringVar(&g.db, "db", envOr("NEWSARCHIVE_DB", "newsarchive.db"), "archive database file (env NEWSARCHIVE_DB)")
	pf.StringVar(&g.configPath, "config", envOr("NEWSARCHIVE_CONFIG", ""), "configuration file (env NEWSARCHIVE_CONFIG; default: the built-in Bến Tre sites)")
	pf.DurationVar(&g.lockTimeout, "lock-timeout", 30*time.Second, "how long to wait for another run to release the database")
	root.AddCommand(newCrawlCommand(&g), newExtractCommand(&g), newVersionCommand(), newArchiveCommand(&g), newHistoryCommand(&g),
		newShowCommand(&g), newDiffCommand(&g), newExportCommand(&g), newStatsCommand(&g), newStatusCommand(&g), newConfigCommand(&g),
		newVerifyCommand(&g), newReparseCommand(&g), newBackupCommand(&g), newUpgradeCommand(&g),
		newImportCommand(&g))
	root.AddCommand(newServeCommand(&g), newIndexCommand(&g))
	registerCompletions(root, &g)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	return root
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// loadConfig reads --config, or the built-in configuration when none is given.
func (g *globalOptions) loadConfig() (*config.Config, error) {
	if g.configPath == "" {
		return config.Default(), nil
	}
	return config.Load(g.configPath)
}

// configStamp identifies the configuration this run uses.
func (g *globalOptions) configStamp() archive.ConfigStamp {
	data, src := config.DefaultYAML(), "built-in"
	if g.configPath != "" {
		src = g.configPath
		if b, err := os.ReadFile(g.configPath); err == nil {
			data = b
		}
	}
	sum := sha256.Sum256(data)
	return archive.ConfigStamp{Source: src, SHA256: hex.EncodeToString(sum[:]), Time: time.Now().UTC()}
}

// openStore opens the archive for writing (waiting --lock-timeout for another run) or reading.
// A writer whose configuration is not the one the archive was last crawled with says so in one
// line: pages keep their sites, but new ones would be filed and extracted by other rules.
func (g *globalOptions) openStore(ctx context.Context, readOnly bool) (*archive.Store, error) {
	s, err := archive.Open(ctx, g.db, archive.Options{ReadOnly: readOnly, LockTimeout: g.lockTimeout, Logger: g.logger(g.stderr)})
	if err != nil || readOnly {
		return s, err
	}
	if last, ok, err := s.LastConfig(ctx); err == nil && ok {
		if now := g.configStamp(); now.SHA256 != last.SHA256 {
			fmt.Fprintf(g.stderr, "newsarchive: warning: %s was last crawled with the configuration %s (%s); this run uses %s (set --config or NEWSARCHIVE_CONFIG)\n",
				g.db, last.Source, last.Time.Format("2006-01-02"), now.Source)
		}
	}
	return s, nil
}

// openPage opens the archive for reading and canonicalises a page URL given on the command line.
func (g *globalOptions) openPage(ctx context.Context, rawURL string) (*archive.Store, string, error) {
	key, err := archive.Canonicalize(rawURL)
	if err != nil {
		return nil, "", usageError{err}
	}
	store, err := g.openStore(ctx, true)
	if err != nil {
		return nil, "", err
	}
	return store, key, nil
}

// logger builds the structured logger every command writes to stderr.
func (g *globalOptions) logger(w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	switch {
	case g.quiet:
		level = slog.LevelError
	case g.verbose:
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: userErrors}
	if g.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// userErrors logs an error attribute as the user is shown it (userMessage).
func userErrors(_ []string, a slog.Attr) slog.Attr {
	if err, ok := a.Value.Any().(error); ok && a.Value.Kind() == slog.KindAny {
		return slog.String(a.Key, userMessage(err))
	}
	return a
}

// exactArgs requires n arguments, as a usage error.
func exactArgs(n int, msg string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{errors.New(msg)}
		}
		return nil
	}
}
