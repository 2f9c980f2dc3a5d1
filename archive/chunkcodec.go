package archive

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
)

// encodeChunk is a chunk's stored form: chunkFormat, for a head its month plus one (0 for none),
// then each kind's count and records (key and value, each after its length), compressed as a
// record is.
//
// Keys of captures and contents are written in hex: a content record's key is its content hash,
// which its captures name in hex, and a capture's key ends with its identity, which its
// version names in hex; written alike, the compressor finds them again (about 40 bytes less a
// page captured once).
func encodeChunk(ch *chunk, head bool) ([]byte, error) {
	buf := []byte{chunkFormat}
	if head {
		buf = binary.AppendUvarint(buf, uint64(ch.month+1))
	}
	for kind, ents := range ch.ents {
		buf = binary.AppendUvarint(buf, uint64(len(ents)))
		for _, e := range ents {
			if hexKeys(byte(kind)) {
				buf = binary.AppendUvarint(buf, uint64(hex.EncodedLen(len(e.k))))
				buf = hex.AppendEncode(buf, e.k)
			} else {
				buf = binary.AppendUvarint(buf, uint64(len(e.k)))
				buf = append(buf, e.k...)
			}
			buf = binary.AppendUvarint(buf, uint64(len(e.v)))
			buf = append(buf, e.v...)
		}
	}
	return compressRecord(buf)
}

func decodeChunk(stored []byte, head bool) (*chunk, error) {
	r, err := openPayload(stored, chunkFormat, "page record")
	if err != nil {
		return nil, err
	}
	ch := &chunk{month: noMonth}
	if head {
		ch.month = int(r.uvarint()) - 1
	}
	for kind := range ch.ents {
		n := r.uvarint()
		if n > uint64(len(r.buf)) {
			return nil, fmt.Errorf("%w: page record count", ErrCorrupt)
		}
		ents := make([]entry, n)
		for i := range ents {
			k, v := r.bytes(), r.bytes()
			if hexKeys(byte(kind)) {
				raw, err := hex.DecodeString(string(k))
				if err != nil {
					return nil, fmt.Errorf("%w: page record key: %v", ErrCorrupt, err)
				}
				k = raw
			}
			ents[i] = entry{k, v}
		}
		ch.ents[kind] = ents
	}
	if r.bad || len(r.buf) != 0 {
		return nil, fmt.Errorf("%w: page record truncated or overlong", ErrCorrupt)
	}
	return ch, nil
}

// openPayload uncompresses a stored page record or URL block (what names it in errors) and
// reads its payload's format byte, which must be format.
func openPayload(stored []byte, format byte, what string) (*chunkReader, error) {
	buf, err := expandRecord(stored)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	r := &chunkReader{buf: buf}
	if r.byte() != format {
		return nil, fmt.Errorf("%w: %s payload format", ErrCorrupt, what)
	}
	return r, nil
}

// chunkReader reads a chunk's payload; bad records the first short read.
type chunkReader struct {
	buf []byte
	bad bool
}

func (r *chunkReader) byte() byte {
	if len(r.buf) == 0 {
		r.bad = true
		return 0
	}
	b := r.buf[0]
	r.buf = r.buf[1:]
	return b
}

func (r *chunkReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.buf)
	if n <= 0 {
		r.bad = true
		r.buf = nil
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

func (r *chunkReader) bytes() []byte {
	n := r.uvarint()
	if n > uint64(len(r.buf)) {
		r.bad = true
		r.buf = nil
		return nil
	}
	b := r.buf[:n:n]
	r.buf = r.buf[n:]
	return b
}

// hexKeys reports whether a kind's keys are written in hex in a chunk (see encodeChunk).
func hexKeys(kind byte) bool { return kind == kindCapture || kind == kindContent }
