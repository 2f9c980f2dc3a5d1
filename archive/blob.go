package archive

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/newsarchive/newsarchive/archive/internal/blobstore"
)

// BlobID returns the id of content: the hex sha256 of its uncompressed bytes.
func BlobID(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// getBlob reads the blob id from the blob store (the segments, or the legacy bucket of older
// archives), checked against its id, with the store's errors mapped to the archive's.
func (s *Store) getBlob(ctx context.Context, tx *txn, id string) ([]byte, error) {
	bid, err := blobstore.ParseID(id)
	if err != nil {
		return nil, fmt.Errorf("%w: blob id %q", ErrCorrupt, id)
	}
	b, err := s.blobs.Get(ctx, tx.Tx, bid)
	switch {
	case errors.Is(err, blobstore.ErrNotFound):
		return nil, fmt.Errorf("%w: blob %s", ErrNotFound, id)
	case errors.Is(err, blobstore.ErrCorrupt):
		return nil, fmt.Errorf("%w: blob %s: %v", ErrCorrupt, id, err)
	}
	return b, blobError(err)
}

// blobError gives the blob store's errors that a caller of the archive may branch on the
// archive's sentinels: the blob store is internal, so its own are out of their reach.
func blobError(err error) error {
	switch {
	case errors.Is(err, blobstore.ErrClosed):
		return fmt.Errorf("%w: %v", ErrClosed, err)
	case errors.Is(err, blobstore.ErrReadOnly):
		return fmt.Errorf("%w: %v", ErrReadOnly, err)
	}
	return err
}

// hasBlob reports whether the blob store holds id.
func (s *Store) hasBlob(tx *txn, id string) bool {
	bid, err := blobstore.ParseID(id)
	if err != nil {
		return false
	}
	ok, err := s.blobs.Has(tx.Tx, bid)
	return err == nil && ok
}
