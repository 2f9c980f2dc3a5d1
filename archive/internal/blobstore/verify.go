package blobstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

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
		var frames []placed
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
			frames = append(frames, placed{id: id, seg: e.Seg, off: e.Off, inner: e.Inner})
			return nil
		})
		if err != nil {
			return err
		}
		if err := s.verifyFrames(ctx, b, frames, report); err != nil {
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

// placed is a blob's place in the segments, for Verify to take the blobs in the order they lie.
type placed struct {
	id    ID
	seg   uint32
	off   uint64
	inner uint64
}

// verifyFrames decodes the frames of the blobs from their segments and checks each blob's
// sha256. The blobs are taken in the order they lie in the segments, so the blobs of a group
// frame (up to six pages' HTML and text, group.go) come one after another and the frame is
// decoded once for all of them, from the segment, whatever the decoded-frames cache holds; in
// the index's order (by hash) it was decoded once for each. That costs 56 bytes a blob for the
// sort.
func (s *Store) verifyFrames(ctx context.Context, b buckets, blobs []placed, report func(error)) error {
	slices.SortFunc(blobs, func(x, y placed) int {
		return cmp.Or(cmp.Compare(x.seg, y.seg), cmp.Compare(x.off, y.off), cmp.Compare(x.inner, y.inner))
	})
	var last frameKey
	var lastData []byte // the decoded bytes of frame last, when its decode checked out
	for _, p := range blobs {
		if err := ctx.Err(); err != nil {
			return err
		}
		e, _, err := b.lookup(p.id)
		if err != nil {
			report(err)
			continue
		}
		key := frameKey{e.Seg, e.Off, e.Len}
		if lastData != nil && key == last {
			if _, err := cutOut(p.id, e, lastData, true, false); err != nil {
				report(err)
			}
			continue
		}
		_, data, err := s.decodeFrame(b, p.id, e, 0, true, true)
		last, lastData = key, data
		if err != nil {
			lastData = nil
			report(err)
		}
	}
	return nil
}
