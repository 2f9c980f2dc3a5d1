package crawler

import (
	"bufio"
	"compress/flate"
	"compress/zlib"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// maxCodings bounds the content-codings undone for one body ("gzip, gzip" is legal; ten layers
// are an attack).
const maxCodings = 3

// decodeBody returns a reader of body with every content-coding of h undone (gzip, x-gzip,
// deflate in its zlib and raw forms, zstd; identity) and a gzip container unpacked (a
// Content-Type naming gzip, or a path ending in .gz, whose bytes start with the gzip magic
// number: a sitemap.xml.gz). The reader yields at most limit+1 decoded bytes, so whatever the
// compression ratio a caller holding what it reads holds about limit bytes: one byte more tells
// a body that was cut from one that fits. decoded reports that the bytes differ from the wire.
//
// This is the one place bodies are inflated: the fetcher hands colly decoded bodies only, so
// colly never inflates anything itself. Closing the reader closes body (when it is an
// io.Closer) and the decoders.
func decodeBody(body io.Reader, h http.Header, u *url.URL, limit int64) (rc io.ReadCloser, decoded bool, err error) {
	d := &decodedBody{}
	if c, ok := body.(io.Closer); ok {
		d.body = c
	}
	fail := func(err error) (io.ReadCloser, bool, error) {
		d.Close()
		return nil, false, err
	}
	r := body
	codings := contentCodings(h.Values("Content-Encoding"))
	if len(codings) > maxCodings {
		return fail(fmt.Errorf("%w: %d content-codings", ErrEncoding, len(codings)))
	}
	// Codings are listed in the order they were applied: undo them from the last.
	for i := len(codings) - 1; i >= 0; i-- {
		var closeFn func()
		r, closeFn, err = decoder(codings[i], r, limit)
		if err != nil {
			return fail(err)
		}
		d.closers = append(d.closers, closeFn)
		decoded = true
	}
	if gzipContainer(h.Get("Content-Type"), u) {
		br := bufio.NewReader(r)
		if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
			zr, err := gzip.NewReader(br)
			if err != nil {
				return fail(fmt.Errorf("%w: gzip container: %v", ErrEncoding, err))
			}
			d.closers = append(d.closers, func() { zr.Close() })
			r, decoded = zr, true
		} else {
			r = br
		}
	}
	d.Reader = io.LimitReader(r, limit+1)
	return d, decoded, nil
}

// readBody reads a body through decodeBody: the decoded bytes, at most limit of them, and
// ErrTooLarge (with the first limit bytes) when there were more.
func readBody(body io.Reader, h http.Header, u *url.URL, limit int64) ([]byte, error) {
	r, _, err := decodeBody(body, h, u, limit)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return b, fmt.Errorf("%w: %v", ErrEncoding, err)
	}
	if int64(len(b)) > limit {
		return b[:limit], fmt.Errorf("%w: over %d bytes decoded", ErrTooLarge, limit)
	}
	return b, nil
}

// contentCodings lists the codings of Content-Encoding values, lower-cased, identity dropped.
func contentCodings(values []string) []string {
	var out []string
	for _, v := range values {
		for c := range strings.SplitSeq(v, ",") {
			c = strings.ToLower(strings.TrimSpace(c))
			if c != "" && c != "identity" {
				out = append(out, c)
			}
		}
	}
	return out
}

// zstdWindow is the largest window a zstd content coding may use (RFC 9659, section 3).
const zstdWindow = 8 << 20

// decoder undoes one content-coding; closeFn frees the decoder.
func decoder(coding string, r io.Reader, limit int64) (out io.Reader, closeFn func(), err error) {
	switch coding {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %s: %v", ErrEncoding, coding, err)
		}
		return zr, func() { zr.Close() }, nil
	case "deflate":
		// RFC 9110 says zlib; some servers send raw deflate. A zlib stream's first two bytes
		// are a multiple of 31 with method 8.
		br := bufio.NewReader(r)
		if h, _ := br.Peek(2); len(h) == 2 && h[0]&0x0f == 8 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0 {
			zr, err := zlib.NewReader(br)
			if err != nil {
				return nil, nil, fmt.Errorf("%w: deflate: %v", ErrEncoding, err)
			}
			return zr, func() { zr.Close() }, nil
		}
		fr := flate.NewReader(br)
		return fr, func() { fr.Close() }, nil
	case "zstd":
		// One goroutine, and a window no larger than the cap or the 8 MiB that RFC 9659 lets
		// an HTTP zstd coding use, whichever is more: a frame claiming a huge window is refused
		// instead of allocated, and a page coded with the standard's window is read under a
		// smaller cap (the cap then cuts it at ErrTooLarge).
		window := uint64(max(limit, zstdWindow))
		zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxWindow(window), zstd.WithDecoderMaxMemory(window+1))
		if err != nil {
			return nil, nil, fmt.Errorf("%w: zstd: %v", ErrEncoding, err)
		}
		return zr, zr.Close, nil
	}
	return nil, nil, fmt.Errorf("%w: %q", ErrEncoding, coding)
}

// gzipContainer reports a body that is a gzip file rather than gzip-coded: served as a gzip
// type, or at a path ending in .gz.
func gzipContainer(contentType string, u *url.URL) bool {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && strings.Contains(mt, "gzip") {
		return true
	} else if err != nil && strings.Contains(strings.ToLower(contentType), "gzip") {
		return true
	}
	return u != nil && strings.HasSuffix(strings.ToLower(u.Path), ".gz")
}

// decodedBody reads the decoded bytes and closes the decoders and the original body.
type decodedBody struct {
	io.Reader
	closers []func()
	body    io.Closer
}

func (d *decodedBody) Close() error {
	for _, c := range d.closers {
		c()
	}
	if d.body != nil {
		return d.body.Close()
	}
	return nil
}
