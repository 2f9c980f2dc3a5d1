package blobstore

import (
	"bytes"
	"fmt"
	"io"
	"runtime"

	"github.com/klauspost/compress/zstd"
)

// maxFrame bounds what one frame may hold or decode to, so a damaged index or segment cannot
// exhaust memory (the archive's own cap on a blob is 256 MiB).
const maxFrame = 256 << 20

// dictSites is how many sites' dictionary encoders a store keeps, and idlePerSite how many
// idle encoders each (see newCodecs).
const dictSites, idlePerSite = 8, 2

// window is the zstd window: matches reach back at most this far, so it should span a site
// dictionary and a page. Each encoder keeps a history buffer this big.
const window = 2 << 20

// codecs holds the zstd encoders and decoders a store reuses. Encoders and decoders with a
// raw dictionary are costly to set up (the encoder hashes the whole dictionary), so those of the
// site dictionaries in use are cached; a delta against a page's previous HTML resets a pooled
// encoder instead, since its dictionary serves one frame.
type codecs struct {
	level zstd.EncoderLevel
	// plain encodes without a dictionary; its encoders are made on first use, since readers
	// never encode.
	plain *pool[*zstd.Encoder]
	dec   *zstd.Decoder // no dictionary
	// dictEnc and dictDec are keyed by the id of the dictionary blob.
	dictEnc *lru[ID, *pool[*zstd.Encoder]]
	dictDec *lru[ID, *dictDecoders]
	// delta and deltaDec hold coders for one-off dictionaries (a page's previous version),
	// reset for each use: making one allocates far more than resetting it.
	delta    *pool[*zstd.Encoder]
	deltaDec *pool[*zstd.Decoder]
}

func newCodecs(level zstd.EncoderLevel) (*codecs, error) {
	dec, err := newDecoder(nil)
	if err != nil {
		return nil, err
	}
	n := runtime.GOMAXPROCS(0)
	return &codecs{
		level: level, dec: dec,
		plain: newPool(n, func() (*zstd.Encoder, error) { return newEncoder(level, nil) }),
		// Evicted coders are not closed: another goroutine may still hold one, and with
		// concurrency 1 and only EncodeAll/DecodeAll they own no goroutines, so the GC frees them.
		// A site's encoder holds about 10 MiB (the better level's hash tables and their copy
		// for the dictionary). The encoders of eight sites are kept, at most two idle each
		// (160 MiB at most, whatever the number of cores): a crawl's batches hold pages of all
		// its sites, and a site whose encoders were evicted hashes its dictionary again in the
		// next batch (BenchmarkSitesInterleaved).
		dictEnc: newLRU[ID, *pool[*zstd.Encoder]](dictSites, nil),
		dictDec: newLRU[ID, *dictDecoders](16, nil),
		// A delta's dictionary is the page's previous version: long matches that the default
		// level finds as well as a slower one, and its smaller tables are quicker to reset.
		delta:    newPool(n, func() (*zstd.Encoder, error) { return newEncoder(zstd.SpeedDefault, nil) }),
		deltaDec: newPool(n, func() (*zstd.Decoder, error) { return newDecoder(nil) }),
	}, nil
}

func newDecoder(dict []byte) (*zstd.Decoder, error) {
	opts := []zstd.DOption{zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxFrame), zstd.WithDecoderMaxWindow(maxFrame)}
	if dict != nil {
		opts = append(opts, zstd.WithDecoderDictRaw(0, dict))
	}
	d, err := zstd.NewReader(nil, opts...)
	if err != nil {
		return nil, fmt.Errorf("blobstore: zstd decoder: %w", err)
	}
	return d, nil
}

// newEncoder makes an encoder for one goroutine at a time, with dict as its raw dictionary
// (none when nil).
func newEncoder(level zstd.EncoderLevel, dict []byte) (*zstd.Encoder, error) {
	opts := []zstd.EOption{zstd.WithEncoderLevel(level), zstd.WithEncoderConcurrency(1),
		zstd.WithWindowSize(window), zstd.WithEncoderCRC(false), zstd.WithLowerEncoderMem(true)}
	if dict != nil {
		opts = append(opts, zstd.WithEncoderDictRaw(0, dict))
	}
	enc, err := zstd.NewWriter(nil, opts...)
	if err != nil {
		return nil, fmt.Errorf("blobstore: zstd encoder: %w", err)
	}
	return enc, nil
}

// encode compresses raw with dict as its raw dictionary (none when dict is nil). reuse says the
// dictionary will serve many frames (a site dictionary), so its encoder is worth keeping.
func (c *codecs) encode(raw []byte, dictID ID, dict []byte, reuse bool) ([]byte, error) {
	p, delta := c.plain, false
	switch {
	case dict == nil:
	case reuse:
		var ok bool
		if p, ok = c.dictEnc.get(dictID); !ok {
			level := c.level
			p = c.dictEnc.add(dictID, newPool(idlePerSite, func() (*zstd.Encoder, error) { return newEncoder(level, dict) }), 1)
		}
	default:
		p, delta = c.delta, true
	}
	enc, err := p.get()
	if err != nil {
		return nil, err
	}
	defer p.put(enc)
	if delta {
		if err := enc.ResetWithOptions(nil, zstd.WithEncoderDictRaw(0, dict)); err != nil {
			return nil, fmt.Errorf("blobstore: zstd encoder: %w", err)
		}
	}
	return enc.EncodeAll(raw, nil), nil
}

// decode decompresses a frame stored with codec. For codecBase, base is the content of the
// base baseID; isDict says the base is a site dictionary, whose decoder is worth keeping, and
// then base may be nil when that decoder is cached (see hasDict).
//
// need > 0 asks for the frame's first need bytes only, of a frame coded with a site dictionary
// (see partial).
func (c *codecs) decode(codec byte, frame []byte, baseID ID, base []byte, isDict bool, need uint64) ([]byte, error) {
	switch codec {
	case codecRaw:
		return frame, nil
	case codecZstd:
		return c.dec.DecodeAll(frame, nil)
	case codecBase:
		if isDict {
			dd, ok := c.dictDec.get(baseID)
			if !ok {
				all, err := newDecoder(base)
				if err != nil {
					return nil, err
				}
				dd = c.dictDec.add(baseID, &dictDecoders{all: all,
					stream: newPool(idlePerSite, func() (*zstd.Decoder, error) { return newDecoder(base) })}, 1)
			}
			if need > 0 {
				return dd.prefix(frame, need)
			}
			return dd.all.DecodeAll(frame, nil)
		}
		d, err := c.deltaDec.get()
		if err != nil {
			return nil, err
		}
		defer c.deltaDec.put(d)
		if err := d.ResetWithOptions(nil, zstd.WithDecoderDictRaw(0, base)); err != nil {
			return nil, fmt.Errorf("blobstore: zstd decoder: %w", err)
		}
		return d.DecodeAll(frame, nil)
	}
	return nil, fmt.Errorf("%w: unknown codec %d", ErrCorrupt, codec)
}

// dictDecoders are the decoders of one site dictionary: one for whole frames, safe for
// concurrent use, and a pool of stream decoders for the first bytes of a frame.
type dictDecoders struct {
	all    *zstd.Decoder
	stream *pool[*zstd.Decoder]
}

// partialGain is how many bytes of a frame a read must leave undecoded to decode only the
// frame's first bytes: a zstd block is at most 128 KiB and is decoded whole, so a group frame of
// six pages (three blocks) spares a read of its first page two blocks of three.
const partialGain = 64 << 10

// blockSize is the decoded size of each block but the last of a frame the encoder writes (the
// zstd maximum, which klauspost/compress's EncodeAll cuts its input into). A part decoded up to
// a block's end costs no more than one cut at the byte wanted, and serves more later reads.
const blockSize = 128 << 10

// partial returns how many of the first bytes of frame a read wanting its first need bytes (0:
// all of it) should decode: 0 (the whole frame) unless the frame says its size and whole
// blocks worth partialGain lie past need, and then need rounded up to a block's end.
func partial(frame []byte, need uint64) uint64 {
	if need == 0 {
		return 0
	}
	var h zstd.Header
	if h.Decode(frame) != nil || !h.HasFCS {
		return 0
	}
	end := min(h.FrameContentSize, (need+blockSize-1)/blockSize*blockSize)
	if h.FrameContentSize < end+partialGain {
		return 0
	}
	return end
}

// prefix decodes the first need bytes of a frame.
func (dd *dictDecoders) prefix(frame []byte, need uint64) ([]byte, error) {
	d, err := dd.stream.get()
	if err != nil {
		return nil, err
	}
	defer dd.stream.put(d)
	if err := d.Reset(bytes.NewReader(frame)); err != nil {
		return nil, fmt.Errorf("blobstore: zstd decoder: %w", err)
	}
	out := make([]byte, need)
	if _, err := io.ReadFull(d, out); err != nil {
		return nil, err
	}
	return out, nil
}

// hasDict reports whether the decoder of dictionary id is cached.
func (c *codecs) hasDict(id ID) bool {
	_, ok := c.dictDec.get(id)
	return ok
}

func (c *codecs) close() {
	c.dec.Close()
	c.dictEnc.clear()
	c.dictDec.clear()
}
