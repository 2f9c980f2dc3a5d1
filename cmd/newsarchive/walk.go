package main

import (
	"context"

	"github.com/newsarchive/newsarchive/archive"
)

// openWalker opens the archive for reading the whole of it (an export): the database is opened
// for each read transaction only, so a crawl running meanwhile commits between them instead of
// waiting for the walk to end.
func (g *globalOptions) openWalker(ctx context.Context) (*archive.Store, error) {
	return archive.Open(ctx, g.db, archive.Options{ReadOnly: true, OpenPerRead: true, LockTimeout: g.lockTimeout, Logger: g.logger(g.stderr)})
}
