package blobstore

import (
	"encoding/binary"
	"fmt"
)

// Codecs: how a frame's bytes are stored.
const (
	codecRaw  byte = 0 // the frame is the bytes themselves
	codecZstd byte = 1 // one zstd frame, no dictionary
	codecBase byte = 2 // one zstd frame whose raw dictionary is the content of the blob Base
)

// entry is one blob's index value: where its frame is and how to decode it. A frame may hold
// several blobs (a page's HTML, then its text); Inner and Size cut this blob out of the decoded
// frame.
//
// Encoding: codec byte (high bit: Dict), then uvarints Seg, Off, Len, Inner, Size; for codecBase
// the first refLen bytes of the base's id and a depth byte. About 25 bytes with a base, 12
// without: the index is a tenth of what a page costs, and bbolt pages of random keys are a third
// empty, so every byte of an entry counts.
//
// A base is named by a prefix of its id, not the whole: the reader finds it with a cursor seek.
// Two ids sharing 96 bits do not happen by chance; if they ever do, the reader tries each and
// keeps the one whose result has the blob's sha256 (see candidates).
type entry struct {
	Codec byte
	Seg   uint32
	Off   uint64 // frame offset in the segment
	Len   uint64 // frame length in the segment
	Inner uint64 // blob offset in the decoded frame
	Size  uint64 // blob length, uncompressed
	Base  ref    // codecBase only
	Depth uint8  // bases to decode before this blob: 0 without a base, else the base's depth + 1
	Dict  bool   // the blob is a site dictionary
}

// flagDict marks a dictionary's entry in the codec byte.
const flagDict byte = 0x80

func (e *entry) marshal() []byte {
	b := make([]byte, 0, 1+5*binary.MaxVarintLen64+33)
	c := e.Codec
	if e.Dict {
		c |= flagDict
	}
	b = append(b, c)
	for _, v := range []uint64{uint64(e.Seg), e.Off, e.Len, e.Inner, e.Size} {
		b = binary.AppendUvarint(b, v)
	}
	if e.Codec == codecBase {
		b = append(b, e.Base[:]...)
		b = append(b, e.Depth)
	}
	return b
}

func unmarshalEntry(b []byte) (entry, error) {
	var e entry
	if len(b) == 0 || b[0]&^flagDict > codecBase {
		return e, fmt.Errorf("%w: bad index entry", ErrCorrupt)
	}
	e.Codec, e.Dict = b[0]&^flagDict, b[0]&flagDict != 0
	b = b[1:]
	var vals [5]uint64
	for i := range vals {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return e, fmt.Errorf("%w: truncated index entry", ErrCorrupt)
		}
		vals[i], b = v, b[n:]
	}
	if vals[0] > 1<<31 {
		return e, fmt.Errorf("%w: bad segment number in index entry", ErrCorrupt)
	}
	e.Seg, e.Off, e.Len, e.Inner, e.Size = uint32(vals[0]), vals[1], vals[2], vals[3], vals[4]
	if e.Codec == codecBase {
		if len(b) != refLen+1 {
			return e, fmt.Errorf("%w: bad base in index entry", ErrCorrupt)
		}
		copy(e.Base[:], b)
		e.Depth = b[refLen]
	} else if len(b) != 0 {
		return e, fmt.Errorf("%w: trailing bytes in index entry", ErrCorrupt)
	}
	if e.Inner+e.Size < e.Inner || e.Off+e.Len < e.Off {
		return e, fmt.Errorf("%w: index entry out of range", ErrCorrupt)
	}
	return e, nil
}

// refLen is how much of a base's id an entry keeps.
const refLen = 12

// ref is the prefix of an id that names a base.
type ref [refLen]byte

func refOf(id ID) ref { return ref(id[:refLen]) }
