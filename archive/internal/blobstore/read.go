package blobstore

import (
	"bytes"
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Has reports whether a blob is stored, in the new layout or in the legacy "blobs" bucket.
func (s *Store) Has(tx *bolt.Tx, id ID) (bool, error) {
	b, err := openBuckets(tx)
	if err != nil {
		return false, err
	}
	return b.has(id), nil
}

func (b buckets) has(id ID) bool {
	if b.index != nil && b.index.Get(id[:]) != nil {
		return true
	}
	return b.legacy != nil && b.legacy.Get(id[:]) != nil
}

// Get returns exactly the bytes stored under id, checked against their sha256, or
// ErrNotFound. It reads the new layout through tx's index, and falls back to the legacy "blobs"
// bucket for blobs not moved yet. The result is the caller's to keep.
func (s *Store) Get(ctx context.Context, tx *bolt.Tx, id ID) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.shut.Load() {
		return nil, ErrClosed
	}
	b, err := openBuckets(tx)
	if err != nil {
		return nil, err
	}
	out, err := s.get(b, id, 0, false)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// maxChain bounds the bases followed to decode one blob, whatever MaxDepth wrote the archive
// (it is at most 32): a cycle in a damaged index ends here.
const maxChain = 40

// get decodes a blob. asBase says it is wanted as another frame's dictionary: such contents
// are cached (a site dictionary serves every page of its site), must not be modified, and are
// not hashed: the frame decoded with one is, and a wrong base cannot give it the right hash.
func (s *Store) get(b buckets, id ID, depth int, asBase bool) ([]byte, error) {
	if asBase {
		if v, ok := s.cache.get(id); ok {
			return v, nil
		}
	}
	e, found, err := b.lookup(id)
	if err != nil {
		return nil, err
	}
	if !found {
		return s.legacy(b, id)
	}
	if depth > maxChain {
		return nil, fmt.Errorf("%w: blob %s: chain of bases deeper than %d", ErrCorrupt, id, maxChain)
	}
	out, err := s.decodeEntry(b, id, e, depth, !asBase)
	if err != nil {
		return nil, err
	}
	if asBase {
		out = s.cache.add(id, out, int64(len(out)))
	}
	return out, nil
}

// frameKey names a frame by where it lies. Committed bytes are never rewritten, and readers
// follow committed entries only, so a place names one frame for the life of the store.
type frameKey struct {
	seg      uint32
	off, len uint64
}

// frameCacheBytes bounds the decoded frames kept: a page's HTML and text are one frame, read one
// after the other, and a group's pages (group.go) are often read together, as by an export.
const frameCacheBytes = 8 << 20

// decodeEntry returns one blob, cut out of its decoded frame, from the frames cache when it
// is there; when check is set, it checks the blob's hash.
func (s *Store) decodeEntry(b buckets, id ID, e entry, depth int, check bool) ([]byte, error) {
	if data, ok := s.frames.get(frameKey{e.Seg, e.Off, e.Len}); ok && uint64(len(data)) >= e.Inner+e.Size {
		return cutOut(id, e, data, check, true)
	}
	out, _, err := s.decodeFrame(b, id, e, depth, check, false)
	return out, err
}

// decodeFrame reads one blob's frame from its segment and decodes it, as Verify does whatever
// is cached.
//
// Unless whole is set (Verify), a group frame is decoded only as far as the blob wanted, when
// that spares whole zstd blocks (see partial); the decoded-frames cache then holds that first
// part, and a read of a later blob of the frame that lies past it decodes the whole frame.
// It returns the blob and the frame's decoded bytes, for Verify to check the frame's other
// blobs against.
func (s *Store) decodeFrame(b buckets, id ID, e entry, depth int, check, whole bool) (out, data []byte, err error) {
	frame, err := s.files.readAt(e.Seg, e.Off, e.Len)
	if err != nil {
		return nil, nil, fmt.Errorf("blob %s: %w", id, err)
	}
	if e.Codec != codecBase {
		return s.cut(id, e, frame, ID{}, nil, false, check, whole)
	}
	bases := b.candidates(e.Base)
	if len(bases) == 0 {
		return nil, nil, fmt.Errorf("%w: blob %s: base %x… missing", ErrCorrupt, id, e.Base[:])
	}
	if len(bases) > 1 {
		check = true // the hash tells the bases apart
	}
	for i, baseID := range bases {
		be, _, _ := b.lookup(baseID)
		var base []byte
		if !be.Dict || !s.codecs.hasDict(baseID) {
			if base, err = s.get(b, baseID, depth+1, true); err != nil {
				err = fmt.Errorf("base %s of blob %s: %w", baseID, id, err)
				continue
			}
		}
		if out, data, err = s.cut(id, e, frame, baseID, base, be.Dict, check, whole); err == nil || i == len(bases)-1 {
			return out, data, err
		}
	}
	return nil, nil, err
}

// cut decodes a frame and cuts the blob out of it. A frame that holds more than the blob is
// kept for the next read of its other blobs, once the blob checked out (or was not to be
// checked: a base, which the frame decoded with it is checked against).
func (s *Store) cut(id ID, e entry, frame []byte, baseID ID, base []byte, isDict, check, whole bool) (out, data []byte, err error) {
	need := uint64(0) // all of the frame
	if _, cut := s.frames.get(frameKey{e.Seg, e.Off, e.Len}); !whole && isDict && e.Codec == codecBase && !cut {
		// A frame already cut short for an earlier read is decoded whole: its blobs are being
		// read one after another (an export, a page's versions), and a third cut would decode
		// its first blocks a third time.
		need = partial(frame, e.Inner+e.Size)
	}
	data, err = s.codecs.decode(e.Codec, frame, baseID, base, isDict, need)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: blob %s: %v", ErrCorrupt, id, err)
	}
	alone := need == 0 && e.Inner == 0 && e.Size == uint64(len(data)) // a frame of one blob
	out, err = cutOut(id, e, data, check, !alone)
	if err == nil && !alone {
		key := frameKey{e.Seg, e.Off, e.Len}
		if old, ok := s.frames.get(key); ok && len(old) < len(data) {
			s.frames.remove(key) // a first part decoded for an earlier blob of the frame
		}
		s.frames.add(key, data, int64(len(data)))
	}
	return out, data, err
}

// cutOut cuts a blob out of its decoded frame and checks its hash when asked. shared says the
// frame is or may be cached, so the blob must be a copy.
func cutOut(id ID, e entry, data []byte, check, shared bool) ([]byte, error) {
	if e.Inner+e.Size > uint64(len(data)) {
		return nil, fmt.Errorf("%w: blob %s: frame decodes to %d bytes, index wants %d+%d", ErrCorrupt, id, len(data), e.Inner, e.Size)
	}
	out := data[e.Inner : e.Inner+e.Size]
	if check && Sum(out) != id {
		return nil, fmt.Errorf("%w: blob %s: checksum mismatch", ErrCorrupt, id)
	}
	if shared {
		out = bytes.Clone(out)
	}
	return out, nil
}

// legacy reads a blob of the old layout: format byte 0 (raw) or 1 (zstd) then the bytes.
func (s *Store) legacy(b buckets, id ID) ([]byte, error) {
	if b.legacy == nil {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	v := b.legacy.Get(id[:])
	if v == nil {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	out, err := decodeLegacy(s.codecs, v)
	if err != nil {
		return nil, fmt.Errorf("%w: blob %s: %v", ErrCorrupt, id, err)
	}
	if Sum(out) != id {
		return nil, fmt.Errorf("%w: blob %s: checksum mismatch", ErrCorrupt, id)
	}
	return out, nil
}

func decodeLegacy(c *codecs, v []byte) ([]byte, error) {
	if len(v) == 0 {
		return nil, fmt.Errorf("empty")
	}
	switch v[0] {
	case 0:
		return bytes.Clone(v[1:]), nil
	case 1:
		return c.dec.DecodeAll(v[1:], nil)
	}
	return nil, fmt.Errorf("unknown format %d", v[0])
}
