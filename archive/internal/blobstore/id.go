package blobstore

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// ID names a blob: the sha256 of its uncompressed bytes, as the archive's hex blob ids do.
type ID [32]byte

// Sum returns the id of b.
func Sum(b []byte) ID { return sha256.Sum256(b) }

// ParseID reads the 64 hex digits the archive's records hold.
func ParseID(s string) (ID, error) {
	var id ID
	if len(s) != 64 {
		return id, fmt.Errorf("blobstore: id %q: want 64 hex digits", s)
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return id, fmt.Errorf("blobstore: id %q: %w", s, err)
	}
	return id, nil
}

// String returns the id in hex, as records hold it.
func (id ID) String() string { return hex.EncodeToString(id[:]) }

// IsZero reports whether id is unset (no blob has this id in practice).
func (id ID) IsZero() bool { return id == ID{} }
