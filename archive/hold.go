package archive

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Hold returns a reader of the same archive that keeps the database open, for a burst of reads
// (a web request), until its Close. s must be a reader opened with Options.OpenPerRead, which
// opens the database for each read transaction so that a crawl commits between them: a burst
// of reads through s alone would open it for each. The held reader shares s's caches (the
// blob store's decoders and decoded frames, the URL index's blocks), so its first read finds
// them warm; close it before s, and soon, since a writer's commit waits for it.
func (s *Store) Hold(ctx context.Context) (*Store, error) {
	if !s.opts.ReadOnly || !s.opts.OpenPerRead {
		return nil, fmt.Errorf("archive: hold: %w", ErrNeedsPerRead)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.calls.Done()
	db, err := bolt.Open(s.path, 0o644, &bolt.Options{ReadOnly: true, Timeout: s.opts.LockTimeout + time.Millisecond})
	if err != nil {
		return nil, openError(s.path, err)
	}
	if err := db.View(guard(txnOptions{}, checkSchema)); err != nil {
		db.Close()
		return nil, err
	}
	opts := s.opts
	opts.OpenPerRead = false
	return &Store{path: s.path, opts: opts, db: db, blobs: s.blobs, log: s.log, blocks: s.blocks, held: true}, nil
}
