package crawler

import "github.com/newsarchive/newsarchive/archive"

// The archive is what a crawl, an import and `status` read and write through these interfaces:
// a change to either side that breaks one fails to build here, not in cmd/newsarchive.
var (
	_ Store        = (*archive.Store)(nil)
	_ Putter       = (*archive.Store)(nil)
	_ StatusReader = (*archive.Store)(nil)
)
