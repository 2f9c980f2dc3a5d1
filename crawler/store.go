package crawler

import (
	"context"
	"iter"

	"github.com/newsarchive/newsarchive/archive"
)

// Store is what a crawl needs of the archive: its index of a site's pages, failures and notes to
// read at the start, and the one write path for captures and records. *archive.Store is one.
type Store interface {
	Pages(ctx context.Context, site string) iter.Seq2[archive.Page, error]
	Failures(ctx context.Context, site string) iter.Seq2[archive.Failure, error]
	Notes(ctx context.Context, site string, kind archive.NoteKind) iter.Seq2[archive.Note, error]
	PutBatch(ctx context.Context, fetches []archive.Fetch) ([]archive.Result, error)
	PutRecords(ctx context.Context, rs []archive.Record) error
	PutRun(ctx context.Context, r archive.Run) error
}

// Putter is what an import needs of the archive.
type Putter interface {
	PutBatch(ctx context.Context, fetches []archive.Fetch) ([]archive.Result, error)
}
