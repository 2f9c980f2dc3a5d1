package archive

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"

	"github.com/klauspost/compress/zstd"
)

// Blob formats: the first byte of every stored blob.
const (
	blobRaw  byte = 0
	blobZstd byte = 1
)

// maxBlob bounds what a decoded blob may grow to, so a corrupt or hostile file cannot exhaust
// memory.
const maxBlob = 256 << 20

// BlobID returns the id of content: the hex sha256 of its uncompressed bytes.
func BlobID(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// codec compresses and decompresses blobs; its zstd encoder and decoder are safe for concurrent
// use and costly to make, so a Store holds one.
type codec struct {
	enc *zstd.Encoder
	dec *zstd.Decoder
}

func newCodec() (*codec, error) {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)))
	if err != nil {
		return nil, fmt.Errorf("archive: zstd encoder: %w", err)
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(maxBlob))
	if err != nil {
		return nil, fmt.Errorf("archive: zstd decoder: %w", err)
	}
	return &codec{enc: enc, dec: dec}, nil
}

func (c *codec) close() {
	c.enc.Close()
	c.dec.Close()
}

// encode returns the stored form of b: zstd when that is smaller, else raw.
func (c *codec) encode(b []byte) []byte {
	z := c.enc.EncodeAll(b, make([]byte, 1, len(b)/3+16))
	z[0] = blobZstd
	if len(z) < len(b)+1 {
		return z
	}
	return append([]byte{blobRaw}, b...)
}

// decode returns the content of a stored blob and checks it against its id.
func (c *codec) decode(id string, stored []byte) ([]byte, error) {
	if len(stored) == 0 {
		return nil, fmt.Errorf("%w: empty blob %s", ErrCorrupt, id)
	}
	var out []byte
	switch stored[0] {
	case blobRaw:
		out = bytes.Clone(stored[1:])
	case blobZstd:
		var err error
		if out, err = c.dec.DecodeAll(stored[1:], nil); err != nil {
			return nil, fmt.Errorf("%w: blob %s: %v", ErrCorrupt, id, err)
		}
	default:
		return nil, fmt.Errorf("%w: blob %s: unknown format %d", ErrCorrupt, id, stored[0])
	}
	if BlobID(out) != id {
		return nil, fmt.Errorf("%w: blob %s: checksum mismatch", ErrCorrupt, id)
	}
	return out, nil
}
