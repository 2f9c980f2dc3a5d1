package ingest

import "github.com/newsarchive/newsarchive/archive"

// A change to the archive or to ReparseStore that parts them fails to build here.
var _ ReparseStore = (*archive.Store)(nil)
