package blobstore

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// maxFrame bounds what one frame may hold or decode to, so a damaged index or segment cannot
// exhaust memory (the archive's own cap on a blob is 256 MiB).
const maxFrame = 256 << 20

// dictSites is how many sites' dictionary encoders a process keeps for each level (see
// encoderCache), and idlePerSite how many idle encoders or stream decoders each.
const dictSites, idlePerSite = 8, 2

// window is the zstd window: matches reach back at most this far, so it should span a site
// dictionary and a page. Each encoder keeps a history buffer this big.
const window = 2 << 20

// codecs holds the zstd coders a store uses: the encoders of its level, shared with the
// process's other stores (see encoderCache), and its own decoders.
type codecs struct {
	enc *encoders
	dec *zstd.Decoder // no dictionary
	// dictDec is keyed by the id of the dictionary blob. Decoders stay the store's own: a
	// decoder cached by another store would read this store's frames without ever reading this
	// store's copy of the dictionary, which may be damaged.
	dictDec *lru[ID, *dictDecoders]
	// deltaDec holds decoders for one-off dictionaries (a page's previous version), reset for
	// each use: making one allocates far more than resetting it.
	deltaDec *pool[*zstd.Decoder]
}

// encoders are the zstd encoders of one level. Encoders with a raw dictionary are costly to
// set up (the encoder hashes the whole dictionary), so those of the site dictionaries in use
// are cached; a delta against a page's previous HTML resets a pooled encoder instead, since
// its dictionary serves one frame.
type encoders struct {
	level zstd.EncoderLevel
	// plain encodes without a dictionary; its encoders are made on first use, since readers
	// never encode.
	plain *pool[*zstd.Encoder]
	// dict is keyed by the id of the dictionary blob: its content's hash, so an encoder made
	// for one store serves any other with the same dictionary.
	dict *lru[ID, *pool[*zstd.Encoder]]
	// delta holds encoders for one-off dictionaries, reset for each use.
	delta *pool[*zstd.Encoder]
}

func newEncoders(level zstd.EncoderLevel) *encoders {
	n := runtime.GOMAXPROCS(0)
	return &encoders{
		level: level,
		plain: newPool(n, func() (*zstd.Encoder, error) { return newEncoder(level, nil) }),
		// Evicted encoders are not closed: another goroutine may still hold one, and with
		// concurrency 1 and only EncodeAll they own no goroutines, so the GC frees them.
		// A site's encoder holds about 10 MiB (the better level's hash tables and their copy
		// for the dictionary). The encoders of eight sites are kept, at most two idle each
		// (160 MiB at most, whatever the number of cores): a crawl's batches hold pages of all
		// its sites, and a site whose encoders were evicted hashes its dictionary again in the
		// next batch (BenchmarkSitesInterleaved).
		dict: newLRU[ID, *pool[*zstd.Encoder]](dictSites, nil),
		// A delta's dictionary is the page's previous version: long matches that the default
		// level finds as well as a slower one, and its smaller tables are quicker to reset.
		delta: newPool(n, func() (*zstd.Encoder, error) { return newEncoder(zstd.SpeedDefault, nil) }),
	}
}

// encoderCache holds a process's encoders, one set a level, for all its stores. An encoder is
// the costly part of a store that writes: one of the better level zeroes 8 MiB of hash tables
// before its first frame (6 ms; 80 ms under the race detector), and one with a site dictionary
// hashes the dictionary too. A process that opens stores one after another (a library caller,
// the commands that tests run in-process) makes them once, and their memory is bounded for the
// process rather than for each store. An encoder's output depends only on its level, its
// dictionary's bytes and its input, so sharing one changes no stored byte.
type encoderCache struct {
	mu      sync.Mutex
	byLevel map[zstd.EncoderLevel]*encoders
}

// sharedEncoders is the process's encoderCache.
var sharedEncoders = &encoderCache{byLevel: map[zstd.EncoderLevel]*encoders{}}

// forLevel returns the encoders of level, made on first use.
func (c *encoderCache) forLevel(level zstd.EncoderLevel) *encoders {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byLevel[level]
	if !ok {
		e = newEncoders(level)
		c.byLevel[level] = e
	}
	return e
}

func newCodecs(enc *encoders) (*codecs, error) {
	dec, err := newDecoder(nil)
	if err != nil {
		return nil, err
	}
	return &codecs{
		enc: enc, dec: dec,
		dictDec:  newLRU[ID, *dictDecoders](16, nil),
		deltaDec: newPool(runtime.GOMAXPROCS(0), func() (*zstd.Decoder, error) { return newDecoder(nil) }),
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
	p, delta := c.enc.plain, false
	switch {
	case dict == nil:
	case reuse:
		var ok bool
		if p, ok = c.enc.dict.get(dictID); !ok {
			level := c.enc.level
			p = c.enc.dict.add(dictID, newPool(idlePerSite, func() (*zstd.Encoder, error) { return newEncoder(level, dict) }), 1)
		}
	default:
		p, delta = c.enc.delta, true
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

// close closes the store's decoders; the encoders are the process's.
func (c *codecs) close() {
	c.dec.Close()
	c.dictDec.clear()
}
