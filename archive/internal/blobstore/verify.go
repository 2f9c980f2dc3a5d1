package blobstore

import (
	"context"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// maxProblems bounds the problems Verify reports one by one; it counts the rest.
const maxProblems = 1000

// Verify checks every blob of the new layout in tx: its index entry decodes, its frame lies
// within its segment's committed length, its base is stored, and its bytes decode to its
// sha256. Legacy blobs not moved yet are decoded and checked too. It returns every problem
// found, joined, each wrapping ErrCorrupt.
func (s *Store) Verify(ctx context.Context, tx *bolt.Tx) error {
	b, err := openBuckets(tx)
	if err != nil {
		return err
	}
	var problems []error
	more := 0
	report := func(err error) {
		if len(problems) < maxProblems {
			problems = append(problems, err)
		} else {
			more++
		}
	}
	committed := b.committed()
	if b.index != nil {
		err = b.index.ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var id ID
			if len(k) != len(id) {
				report(fmt.Errorf("%w: index key of %d bytes", ErrCorrupt, len(k)))
				return nil
			}
			copy(id[:], k)
			e, err := unmarshalEntry(v)
			if err != nil {
				report(fmt.Errorf("blob %s: %w", id, err))
				return nil
			}
			if end := e.Off + e.Len; end > uint64(committed[e.Seg]) {
				report(fmt.Errorf("%w: blob %s ends at %d in %s, past its committed %d bytes", ErrCorrupt, id, end, segName(e.Seg), committed[e.Seg]))
				return nil
			}
			if e.Codec == codecBase && len(b.candidates(e.Base)) == 0 {
				report(fmt.Errorf("%w: blob %s: base %x… missing", ErrCorrupt, id, e.Base[:]))
				return nil
			}
			if _, err := s.decodeFrame(b, id, e, 0, true, true); err != nil {
				report(err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if b.legacy != nil {
		err = b.legacy.ForEach(func(k, _ []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var id ID
			copy(id[:], k)
			if len(k) != len(id) {
				report(fmt.Errorf("%w: legacy key of %d bytes", ErrCorrupt, len(k)))
			} else if _, err := s.legacy(b, id); err != nil {
				report(err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if more > 0 {
		problems = append(problems, fmt.Errorf("%w: and %d more problems", ErrCorrupt, more))
	}
	return errors.Join(problems...)
}
