package main

import (
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// bar is the progress shown while a long command runs.
type bar interface {
	Set(n int) error
	ChangeMax(n int)
	Describe(s string)
	Finish() error
}

// quietBar shows nothing: under cron, in tests, with --quiet.
type quietBar struct{}

func (quietBar) Set(int) error   { return nil }
func (quietBar) ChangeMax(int)   {}
func (quietBar) Describe(string) {}
func (quietBar) Finish() error   { return nil }

// progress returns a progress bar of pages on standard error when it is a terminal and --quiet
// is off; elsewhere one that draws nothing and starts no goroutine. total -1 shows a spinner
// with a count.
func (g *globalOptions) progress(total int64, what string) bar {
	return g.progressIn(total, what, "pages")
}

// progressIn is progress counting in unit (captures, articles, …).
func (g *globalOptions) progressIn(total int64, what, unit string) bar {
	f, ok := g.stderr.(*os.File)
	if !ok || g.quiet || !term.IsTerminal(int(f.Fd())) {
		return quietBar{}
	}
	return progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString(unit),
		progressbar.OptionThrottle(200*1e6),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetPredictTime(total > 0),
	)
}
