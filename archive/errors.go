package archive

import "errors"

var (
	// ErrLocked means another process holds the archive for writing and did not let go within
	// the lock timeout.
	ErrLocked = errors.New("archive: locked by another run")
	// ErrNotFound means the page, version or blob asked for is not in the archive.
	ErrNotFound = errors.New("archive: not found")
	// ErrNewerSchema means the file was written by a newer newsarchive; this one must not touch it.
	ErrNewerSchema = errors.New("archive: written by a newer version of newsarchive")
	// ErrCorrupt means a stored record or blob could not be decoded or failed its checksum.
	ErrCorrupt = errors.New("archive: corrupt data")
	// ErrReadOnly means a write was attempted on a store opened for reading.
	ErrReadOnly = errors.New("archive: opened read-only")
	// ErrClosed means the store was used after Close.
	ErrClosed = errors.New("archive: closed")
	// ErrNeedsReader means the call needs a store opened read-only without OpenPerRead
	// (Compact, which copies from the reader's open database).
	ErrNeedsReader = errors.New("archive: needs the archive opened read-only, without OpenPerRead")
	// ErrNeedsPerRead means the call needs a store opened read-only with OpenPerRead (Hold).
	ErrNeedsPerRead = errors.New("archive: needs the archive opened read-only, with OpenPerRead")
	// ErrNoArchive means a reader found no database file at the path.
	ErrNoArchive = errors.New("archive: no database")
)
