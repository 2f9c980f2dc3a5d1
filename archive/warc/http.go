package warc

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/klauspost/compress/gzip"
)

// HTTPResponse parses the block of a response or revisit record as an HTTP response. The body
// has chunked Transfer-Encoding and gzip or deflate Content-Encoding undone; when it was
// changed, the returned header no longer has those fields (their values move to
// X-Archive-Orig-Transfer-Encoding and X-Archive-Orig-Content-Encoding, a different
// Content-Length to X-Archive-Orig-Content-Length) and Content-Length is the body's length.
// A body that does not decode (chunks that do not parse, a damaged gzip stream, or an encoding
// such as br) is returned as stored with its header unchanged. A revisit record's body is
// usually empty. The body may share memory with r.Block.
func (r *Record) HTTPResponse() (status int, header http.Header, body []byte, err error) {
	if r.Type != "response" && r.Type != "revisit" {
		return 0, nil, nil, fmt.Errorf("warc: record %s is a %q record, not a response", r.ID(), r.Type)
	}
	start, header, body, err := splitHTTP(r.Block)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("warc: record %s: %w", r.ID(), err)
	}
	parts := strings.Fields(start)
	if len(parts) < 2 || !strings.HasPrefix(parts[0], "HTTP/") {
		return 0, nil, nil, fmt.Errorf("%w: record %s: HTTP status line %q", ErrMalformed, r.ID(), clip([]byte(start)))
	}
	status, err = strconv.Atoi(parts[1])
	if err != nil || status < 100 || status > 999 {
		return 0, nil, nil, fmt.Errorf("%w: record %s: HTTP status line %q", ErrMalformed, r.ID(), clip([]byte(start)))
	}
	body, err = decodeBody(header, body, r.limit())
	if err != nil {
		return 0, nil, nil, fmt.Errorf("warc: record %s: %w", r.ID(), err)
	}
	return status, header, body, nil
}

// HTTPRequest parses the block of a request record as an HTTP request: the method, the request
// target as written on the request line ("/path?query", or an absolute URL), the header, and
// the body with chunked Transfer-Encoding and gzip or deflate Content-Encoding undone as
// HTTPResponse does.
func (r *Record) HTTPRequest() (method, target string, header http.Header, body []byte, err error) {
	if r.Type != "request" {
		return "", "", nil, nil, fmt.Errorf("warc: record %s is a %q record, not a request", r.ID(), r.Type)
	}
	start, header, body, err := splitHTTP(r.Block)
	if err != nil {
		return "", "", nil, nil, fmt.Errorf("warc: record %s: %w", r.ID(), err)
	}
	parts := strings.Fields(start)
	if len(parts) < 2 || !validToken(parts[0]) {
		return "", "", nil, nil, fmt.Errorf("%w: record %s: HTTP request line %q", ErrMalformed, r.ID(), clip([]byte(start)))
	}
	body, err = decodeBody(header, body, r.limit())
	if err != nil {
		return "", "", nil, nil, fmt.Errorf("warc: record %s: %w", r.ID(), err)
	}
	return parts[0], parts[1], header, body, nil
}

func (r *Record) limit() int64 {
	if r.maxDecoded > 0 {
		return r.maxDecoded
	}
	return DefaultMaxRecordSize
}

// cutLine splits b after its first "\n"; ok is false when there is none.
func cutLine(b []byte) (line, rest []byte, ok bool) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i+1], b[i+1:], true
	}
	return b, nil, false
}

// splitHTTP splits an HTTP message into its start line, header and body. Lines may end in
// CRLF or LF; folded header lines are joined; lines that are not "name: value" are skipped; a
// message without the empty line that ends the header has an empty body.
func splitHTTP(block []byte) (start string, header http.Header, body []byte, err error) {
	// Some writers leave empty lines before the start line.
	for len(block) > 0 && (block[0] == '\r' || block[0] == '\n') {
		block = block[1:]
	}
	if len(block) == 0 {
		return "", nil, nil, fmt.Errorf("%w: no HTTP message", ErrMalformed)
	}
	line, rest, _ := cutLine(block)
	start = string(trimEOL(line))
	header = http.Header{}
	last := ""
	for len(rest) > 0 {
		line, rest, _ = cutLine(rest)
		t := trimEOL(line)
		if len(t) == 0 {
			return start, header, rest, nil
		}
		if t[0] == ' ' || t[0] == '\t' {
			if vs := header[last]; len(vs) > 0 {
				vs[len(vs)-1] = strings.TrimSpace(vs[len(vs)-1] + " " + string(bytes.TrimSpace(t)))
			}
			continue
		}
		name, value, ok := bytes.Cut(t, []byte(":"))
		name = bytes.TrimSpace(name)
		if !ok || len(name) == 0 {
			continue
		}
		key := textproto.CanonicalMIMEHeaderKey(string(name))
		header[key] = append(header[key], string(bytes.TrimSpace(value)))
		last = key
	}
	return start, header, nil, nil
}

// hasToken reports whether a comma-separated header value list holds token.
func hasToken(values []string, token string) bool {
	for _, v := range values {
		for _, t := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}

// decodeBody undoes chunked Transfer-Encoding and gzip or deflate Content-Encoding, rewriting
// header as the Writer does. Only a decoded body longer than limit is an error.
func decodeBody(header http.Header, body []byte, limit int64) ([]byte, error) {
	changed := false
	if te := header.Values("Transfer-Encoding"); hasToken(te, "chunked") {
		if dec, ok := dechunk(body); ok {
			body, changed = dec, true
			header.Del("Transfer-Encoding")
			header["X-Archive-Orig-Transfer-Encoding"] = te
		}
	}
	if ce := header.Values("Content-Encoding"); len(ce) == 1 {
		var dec []byte
		var err error
		switch strings.ToLower(strings.TrimSpace(ce[0])) {
		case "gzip", "x-gzip":
			dec, err = gunzip(body, limit)
		case "deflate":
			dec, err = inflate(body, limit)
		default:
			err = errUndecodable
		}
		switch {
		case errors.Is(err, ErrRecordTooLarge):
			return nil, err
		case err == nil:
			body, changed = dec, true
			header.Del("Content-Encoding")
			header["X-Archive-Orig-Content-Encoding"] = ce
		}
	}
	if changed {
		n := strconv.Itoa(len(body))
		if cl := header.Values("Content-Length"); len(cl) > 0 && !(len(cl) == 1 && strings.TrimSpace(cl[0]) == n) {
			header["X-Archive-Orig-Content-Length"] = cl
		}
		header.Set("Content-Length", n)
	}
	return body, nil
}

var errUndecodable = errors.New("warc: content encoding not decoded")

// dechunk decodes a chunked body. A body cut short in a chunk (a truncated capture) gives the
// data that is there; ok is false when a chunk-size line does not parse.
func dechunk(b []byte) (out []byte, ok bool) {
	out = make([]byte, 0, len(b))
	for len(b) > 0 {
		line, rest, _ := cutLine(b)
		sz := trimEOL(line)
		if i := bytes.IndexByte(sz, ';'); i >= 0 {
			sz = sz[:i]
		}
		n, err := strconv.ParseUint(string(bytes.TrimSpace(sz)), 16, 63)
		if err != nil {
			return nil, false
		}
		if n == 0 {
			return out, true // trailers, if any, are dropped
		}
		if n > uint64(len(rest)) {
			return append(out, rest...), true
		}
		out = append(out, rest[:n]...)
		b = rest[n:]
		if bytes.HasPrefix(b, []byte("\r\n")) {
			b = b[2:]
		} else if bytes.HasPrefix(b, []byte("\n")) {
			b = b[1:]
		}
	}
	return out, true
}

// readAllLimit reads r to its end, failing with ErrRecordTooLarge past limit bytes.
func readAllLimit(r io.Reader, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, fmt.Errorf("%w: decoded body exceeds %d bytes", ErrRecordTooLarge, limit)
	}
	return buf.Bytes(), nil
}

func gunzip(b []byte, limit int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return readAllLimit(zr, limit)
}

// inflate decodes "deflate" content: zlib as the standard says, or the raw deflate some
// servers send.
func inflate(b []byte, limit int64) ([]byte, error) {
	if zr, err := zlib.NewReader(bytes.NewReader(b)); err == nil {
		if out, err := readAllLimit(zr, limit); err == nil || errors.Is(err, ErrRecordTooLarge) {
			return out, err
		}
	}
	return readAllLimit(flate.NewReader(bytes.NewReader(b)), limit)
}
