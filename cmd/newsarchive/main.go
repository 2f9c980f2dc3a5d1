// Command newsarchive crawls, extracts and archives provincial news sites.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
)

// Exit codes, documented in README.md; scripts and cron wrappers branch on them.
const (
	exitOK          = 0
	exitFailure     = 1   // nothing done: unreadable input, store failure, every item failed
	exitUsage       = 2   // unknown command or flag, missing argument
	exitConfig      = 3   // the configuration file is invalid
	exitLocked      = 4   // another run holds the database
	exitPartial     = 5   // some items (URLs, sites) failed, the rest were done
	exitInterrupted = 130 // stopped by SIGINT or SIGTERM after storing what was fetched
)

// partialError reports a run in which some items failed and others succeeded.
type partialError struct {
	failed, total int
	what          string
}

func (e partialError) Error() string {
	return fmt.Sprintf("%d of %d %s failed", e.failed, e.total, e.what)
}

// usageError marks errors in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs one command line with the given standard streams and returns its exit code: the
// binary's main, and the tests' in-process runs.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCommand(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	code := exitCode(err)
	if f := root.PersistentFlags().Lookup("log-format"); f != nil && f.Value.String() == "json" {
		// Under --log-format json every line is JSON, the last word included.
		b, _ := json.Marshal(map[string]any{"time": time.Now().UTC().Format(time.RFC3339), "level": "ERROR",
			"msg": userMessage(err), "exit_code": code})
		fmt.Fprintf(stderr, "%s\n", b)
		return code
	}
	fmt.Fprintln(stderr, "newsarchive:", userMessage(err))
	return code
}

// exitCode maps an error to the documented exit codes.
func exitCode(err error) int {
	var ue usageError
	var pe partialError
	switch {
	// cobra reports an unknown subcommand only by its message.
	case errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command"):
		return exitUsage
	case errors.Is(err, config.ErrInvalid):
		return exitConfig
	case errors.Is(err, archive.ErrLocked):
		return exitLocked
	case errors.As(err, &pe):
		if pe.failed == pe.total {
			return exitFailure
		}
		return exitPartial
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	}
	return exitFailure
}
