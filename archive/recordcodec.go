package archive

import (
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Record formats: the first byte of every stored record.
const (
	// recordJSON is plain JSON: records written before records were compressed, and small ones.
	recordJSON byte = 1
	// recordZstd is JSON compressed with zstd against recordDict: the records of one page repeat
	// its URL, its headers' names and values, and field names, which the dictionary already
	// holds in their usual order.
	recordZstd byte = 2
)

// recordDictID names recordDict in zstd frames; changing recordDict needs a new id and format.
const recordDictID = 0x6e61_7201

// recordDict is a raw zstd dictionary of typical record text: field names, header names and
// values as the crawler records them, in the order json.Marshal writes them. It is part of the
// file format: never edit it, add a new one under a new format byte.
var recordDict = []byte(`{"url":"https://","site":"","status":"live","first_seen":"2026-11-01T08:00:00Z","last_seen":"2026-11-01T08:00:00Z","last_changed":"2026-11-01T08:00:00Z","versions":1,"captures":1,"etag":"\"","last_modified":"Sun, 01 Nov 2026 07:00:00 GMT","last_status":200,"published":"2026-11-01T08:00:00+07:00","title":"","kind":"article"}` +
	`{"url":"https://","n":1,"fetched":"2026-11-01T08:00:00Z","title":"","published":"2026-11-01T08:00:00+07:00","author":"","lead":"","content_hash":"","text_blob":"","text_size":1,"html_blob":"","html_size":1,"capture":"2026-11-01T08:00:00Z","last":"2026-11-01T08:00:00Z","captures":1}` +
	`{"url":"https://","time":"2026-11-01T08:00:00Z","fetch_url":"https://","final_url":"https://","status":200,"version":1,"html_blob":"","size":1,"etag":"\"","last_modified":"Sun, 01 Nov 2026 07:00:00 GMT","request":{"Accept":["text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"],"Accept-Encoding":["gzip"],"Accept-Language":["vi,en;q=0.5"],"User-Agent":["newsarchive/ (+https://github.com/newsarchive/newsarchive)"]},"response":{"Accept-Ranges":["bytes"],"Age":["0"],"Cache-Control":["public, max-age=60"],"Connection":["keep-alive"],"Content-Encoding":["gzip"],"Content-Length":[""],"Content-Type":["text/html; charset=utf-8"],"Date":["Sun, 01 Nov 2026 08:00:00 GMT"],"Etag":["\""],"Expires":["Sun, 01 Nov 2026 08:00:00 GMT"],"Last-Modified":["Sun, 01 Nov 2026 07:00:00 GMT"],"Pragma":["no-cache"],"Server":["nginx"],"Set-Cookie":["ASP.NET_SessionId=; path=/; HttpOnly"],"Strict-Transport-Security":["max-age=31536000"],"Vary":["Accept-Encoding"],"X-Aspnet-Version":["4.0.30319"],"X-Cache":["MISS"],"X-Frame-Options":["SAMEORIGIN"],"X-Powered-By":["ASP.NET"]},"not_modified":true,"role":"alternate","content":"","gone":"HTTP 404","prior":[""]}` +
	`{"title":"","published":"2026-11-01T08:00:00+07:00","author":"","lead":"","text_blob":"","text_size":1}` +
	`{"url":"https://","site":"","kind":"http-404","error":"","count":1,"first":"2026-11-01T08:00:00Z","last":"2026-11-01T08:00:00Z"}`)

// recordCodec is the zstd encoder and decoder of records, made once: both are safe for
// concurrent use and costly to build. It is immutable after creation.
//
// The encoder is of the fastest level: before each record an encoder with a dictionary copies
// its hash tables back to the dictionary's state, and the fastest level's are a quarter of the
// default level's. A record of 1 KB then takes 12–13 µs instead of 22–36 (BenchmarkRecordLevels; 353 B against 355), and the
// archive 4 B a page more (BenchmarkArchiveSize at 1,200 pages: 1,031 B against 1,027).
var recordCodec = sync.OnceValues(func() (*recordZ, error) {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderDictRaw(recordDictID, recordDict),
		zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1), zstd.WithLowerEncoderMem(true))
	if err != nil {
		return nil, err
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderDictRaw(recordDictID, recordDict),
		zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(64<<20))
	if err != nil {
		return nil, err
	}
	return &recordZ{enc: enc, dec: dec}, nil
})

type recordZ struct {
	enc *zstd.Encoder
	dec *zstd.Decoder
}

// compressRecord returns the stored form of a JSON record.
func compressRecord(js []byte) ([]byte, error) {
	z, err := recordCodec()
	if err != nil {
		return nil, fmt.Errorf("archive: record codec: %w", err)
	}
	out := z.enc.EncodeAll(js, make([]byte, 1, len(js)/3+16))
	if len(out) >= len(js)+1 {
		return append([]byte{recordJSON}, js...), nil
	}
	out[0] = recordZstd
	return out, nil
}

// uncompressRecord returns the JSON of a stored zstd record.
func uncompressRecord(b []byte) ([]byte, error) {
	z, err := recordCodec()
	if err != nil {
		return nil, fmt.Errorf("archive: record codec: %w", err)
	}
	return z.dec.DecodeAll(b, nil)
}

// expandRecord returns the bytes a stored record holds: its JSON, or a page record's or URL
// block's payload, uncompressed. Anything but a known format byte is ErrCorrupt.
func expandRecord(stored []byte) ([]byte, error) {
	if len(stored) == 0 {
		return nil, fmt.Errorf("%w: empty record", ErrCorrupt)
	}
	switch stored[0] {
	case recordJSON:
		return stored[1:], nil
	case recordZstd:
		b, err := uncompressRecord(stored[1:])
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		return b, nil
	}
	return nil, fmt.Errorf("%w: unknown record format %d", ErrCorrupt, stored[0])
}

// packRecord is a plain record's form in a bucket of its own: compressed alone, headed by its
// page number if it has one. Other forms are stored as they are.
func packRecord(v []byte) ([]byte, error) {
	id, rec, err := splitNumber(v)
	if err != nil || len(rec) == 0 || rec[0] != recordJSON {
		return v, err
	}
	c, err := compressRecord(rec[1:])
	if err != nil || id == 0 {
		return c, err
	}
	return numbered(id, c), nil
}
