package warc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
)

// DefaultMaxRecordSize is the default Reader.MaxRecordSize: 256 MiB.
const DefaultMaxRecordSize int64 = 256 << 20

// maxHeaderBytes bounds the header section of one record.
const maxHeaderBytes = 1 << 20

var (
	// ErrMalformed is wrapped by errors about input that is not a WARC file or is damaged.
	ErrMalformed = errors.New("warc: malformed input")
	// ErrRecordTooLarge is wrapped by the error for a record whose block, or decoded HTTP
	// body, exceeds Reader.MaxRecordSize. Reading can go on after it: the next call of
	// Reader.Next skips the record.
	ErrRecordTooLarge = errors.New("warc: record too large")
)

// Field is one named field of a WARC record header.
type Field struct {
	Name, Value string
}

// Header is the named fields of a WARC record header, in the order they were written.
type Header []Field

// Get returns the value of the first field named name (case-insensitively), or "".
func (h Header) Get(name string) string {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Values returns the values of all fields named name (case-insensitively), in order.
func (h Header) Values(name string) []string {
	var vs []string
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			vs = append(vs, f.Value)
		}
	}
	return vs
}

// Record is one WARC record.
type Record struct {
	// Version is the record's version line, such as "WARC/1.1" or "WARC/1.0".
	Version string
	// Type is the WARC-Type field: "warcinfo", "response", "request", "revisit", ….
	Type string
	// Header holds all named fields, WARC-Type included.
	Header Header
	// Block is the record's content block (Content-Length bytes). It is nil for a record
	// returned with ErrRecordTooLarge.
	Block []byte

	maxDecoded int64
}

// ID returns the WARC-Record-ID field, "<urn:uuid:…>".
func (r *Record) ID() string { return r.Header.Get("WARC-Record-ID") }

// TargetURI returns the WARC-Target-URI field, without the angle brackets some writers
// (wget, WARC/0.x) put around it.
func (r *Record) TargetURI() string {
	u := r.Header.Get("WARC-Target-URI")
	if len(u) >= 2 && u[0] == '<' && u[len(u)-1] == '>' {
		u = u[1 : len(u)-1]
	}
	return u
}

// Date parses the WARC-Date field, with or without fractional seconds.
func (r *Record) Date() (time.Time, error) {
	v := r.Header.Get("WARC-Date")
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02", "2006-01", "2006", "20060102150405"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: WARC-Date %q", ErrMalformed, v)
}

// Reader reads the records of a WARC file, plain or gzip-compressed.
type Reader struct {
	// MaxRecordSize bounds the block of a record and the decoded body HTTPResponse and
	// HTTPRequest return; 0 means DefaultMaxRecordSize. It may be changed between calls of
	// Next.
	MaxRecordSize int64

	br   *bufio.Reader
	skip int64 // block bytes of a too-large record still to discard
	err  error // sticky: nothing more can be read
}

// NewReader returns a Reader of r, which holds a WARC file either uncompressed or
// gzip-compressed (detected by its magic number; any number of members).
func NewReader(r io.Reader) (*Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("warc: read: %w", err)
	}
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%w: gzip: %v", ErrMalformed, err)
		}
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	return &Reader{br: br}, nil
}

func (r *Reader) limit() int64 {
	if r.MaxRecordSize > 0 {
		return r.MaxRecordSize
	}
	return DefaultMaxRecordSize
}

// fail makes err sticky and returns it.
func (r *Reader) fail(err error) (*Record, error) {
	r.err = err
	return nil, err
}

// readErr wraps a read error: an early end becomes io.ErrUnexpectedEOF, damaged compressed
// data ErrMalformed.
func readErr(what string, err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	var corrupt flate.CorruptInputError
	if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.As(err, &corrupt) {
		return fmt.Errorf("%w: %s: %w", ErrMalformed, what, err)
	}
	return fmt.Errorf("warc: %s: %w", what, err)
}

// readLine reads one line including its "\n" (the last line may lack it), reading at most
// max bytes.
func (r *Reader) readLine(max int) ([]byte, error) {
	var line []byte
	for {
		frag, err := r.br.ReadSlice('\n')
		if len(line)+len(frag) > max {
			return nil, fmt.Errorf("%w: header line longer than %d bytes", ErrMalformed, max)
		}
		line = append(line, frag...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return line, err
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// Next returns the next record, or io.EOF after the last. A record whose Content-Length
// exceeds MaxRecordSize is returned without its block together with an error wrapping
// ErrRecordTooLarge; the following call skips it. Any other error is final: later calls
// return it again.
func (r *Reader) Next() (*Record, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.skip > 0 {
		n, err := io.CopyN(io.Discard, r.br, r.skip)
		r.skip -= n
		if err != nil {
			return r.fail(readErr("skip record block", err))
		}
	}

	// The version line, after the empty lines that end the previous record.
	var version string
	var skipped int64
	for {
		line, err := r.readLine(maxHeaderBytes)
		if err != nil && !errors.Is(err, io.EOF) {
			return r.fail(readErr("read record header", err))
		}
		t := trimEOL(line)
		if len(t) == 0 {
			if err != nil { // io.EOF: the end of the file
				return r.fail(io.EOF)
			}
			skipped += int64(len(line))
			if skipped > r.limit() {
				return r.fail(fmt.Errorf("%w: more than %d bytes of empty lines", ErrMalformed, r.limit()))
			}
			continue
		}
		if !bytes.HasPrefix(t, []byte("WARC/")) || len(t) > 32 {
			return r.fail(fmt.Errorf("%w: expected a WARC version line, found %q", ErrMalformed, clip(t)))
		}
		if err != nil {
			return r.fail(fmt.Errorf("%w: file ends after the version line", io.ErrUnexpectedEOF))
		}
		version = string(t)
		break
	}

	// Named fields up to the empty line.
	var h Header
	budget := maxHeaderBytes
	for {
		line, err := r.readLine(budget)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return r.fail(fmt.Errorf("%w: record header not terminated", io.ErrUnexpectedEOF))
			}
			return r.fail(readErr("read record header", err))
		}
		budget -= len(line)
		t := trimEOL(line)
		if len(t) == 0 {
			break
		}
		if t[0] == ' ' || t[0] == '\t' {
			if len(h) > 0 { // a continuation line (LWS)
				h[len(h)-1].Value = strings.TrimSpace(h[len(h)-1].Value + " " + string(bytes.TrimSpace(t)))
			}
			continue
		}
		name, value, ok := bytes.Cut(t, []byte(":"))
		if !ok || len(bytes.TrimSpace(name)) == 0 {
			return r.fail(fmt.Errorf("%w: header line %q", ErrMalformed, clip(t)))
		}
		h = append(h, Field{Name: string(bytes.TrimSpace(name)), Value: string(bytes.TrimSpace(value))})
	}

	rec := &Record{Version: version, Type: h.Get("WARC-Type"), Header: h, maxDecoded: r.limit()}
	cl := h.Get("Content-Length")
	n, err := strconv.ParseInt(cl, 10, 64)
	if err != nil || n < 0 {
		return r.fail(fmt.Errorf("%w: record %s: Content-Length %q", ErrMalformed, rec.ID(), clip([]byte(cl))))
	}
	if n > r.limit() {
		r.skip = n
		return rec, fmt.Errorf("%w: record %s (%s) has %d bytes, more than %d", ErrRecordTooLarge,
			rec.ID(), rec.TargetURI(), n, r.limit())
	}
	var buf bytes.Buffer
	buf.Grow(int(min(n, 64<<10)))
	if _, err := io.CopyN(&buf, r.br, n); err != nil {
		return r.fail(readErr(fmt.Sprintf("record %s: block of %d bytes", rec.ID(), n), err))
	}
	rec.Block = buf.Bytes()
	return rec, nil
}

// clip shortens b for an error message.
func clip(b []byte) string {
	if len(b) > 64 {
		return string(b[:64]) + "…"
	}
	return string(b)
}
