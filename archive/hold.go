package archive

import (
	"context"
	"fmt"
)

// Hold returns a reader of the same archive that keeps the database open, for a burst of reads
// (a web request), until its Close. s must be a reader opened with Options.OpenPerRead, which
// opens the database for each read transaction so that a crawl commits between them: a burst
// of reads through s alone would open it for each. The held reader shares s's caches (the
// blob store's decoders and decoded frames, the URL index's blocks), so its first read finds
// them warm. It counts as a call under way on s, whose Close waits for it; close it soon, since
// a writer's commit waits for it too.
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
	opts := s.opts
	opts.OpenPerRead = false
	h := &Store{path: s.path, opts: opts, blobs: s.blobs, log: s.log, blocks: s.blocks, parent: s}
	if err := h.openReader(); err != nil {
		s.calls.Done()
		return nil, err
	}
	return h, nil
}
