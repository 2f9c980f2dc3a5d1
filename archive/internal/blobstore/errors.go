package blobstore

import "errors"

var (
	// ErrNotFound means no blob with the id is stored, in the new layout or the legacy bucket.
	ErrNotFound = errors.New("blobstore: blob not found")
	// ErrCorrupt means a blob's bytes or index entry could not be decoded, or decoded to bytes
	// whose sha256 is not the blob's id.
	ErrCorrupt = errors.New("blobstore: corrupt blob")
	// ErrReadOnly means a write was attempted on a store opened read-only.
	ErrReadOnly = errors.New("blobstore: opened read-only")
	// ErrNotRecovered means Append was called before Recover.
	ErrNotRecovered = errors.New("blobstore: Recover must run before the first Append")
	// ErrClosed means the store was used after Close.
	ErrClosed = errors.New("blobstore: closed")
)
