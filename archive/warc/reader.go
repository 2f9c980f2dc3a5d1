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

// ErrEmpty is returned by Reader.Next, instead of io.EOF, when the input held no record and
// nothing else but blank lines: an empty file is worth saying so.
var ErrEmpty = errors.New("warc: the file holds no records")

// RecordError reports a damaged or truncated record. Reading can go on: the next call of
// Reader.Next resynchronises at the next gzip member (a damaged compressed member) or the next
// line starting a WARC record ("WARC/1.0", "WARC/1.1"), so one bad record loses itself only.
// Err wraps ErrMalformed (damage) or io.ErrUnexpectedEOF (a record cut short).
type RecordError struct {
	// Record counts the records begun in the file, from 1: this one's place.
	Record int
	// ID and URI are the record's WARC-Record-ID and WARC-Target-URI when its header was read.
	ID, URI string
	Err     error
}

func (e *RecordError) Error() string {
	what := fmt.Sprintf("warc: record %d", e.Record)
	if e.ID != "" || e.URI != "" {
		what += " (" + strings.TrimSpace(e.ID+" "+e.URI) + ")"
	}
	return what + ": " + e.Err.Error()
}

func (e *RecordError) Unwrap() error { return e.Err }

// Reader reads the records of a WARC file, plain or gzip-compressed, streaming: it holds one
// record at a time. Damage does not end the reading (see RecordError); only an error of the
// underlying reader does.
type Reader struct {
	// MaxRecordSize bounds the block of a record and the decoded body HTTPResponse and
	// HTTPRequest return; 0 means DefaultMaxRecordSize. It may be changed between calls of
	// Next.
	MaxRecordSize int64

	br     *bufio.Reader // the records: the input, or its decompressed gzip members
	gz     *members      // nil for an uncompressed file
	skip   int64         // block bytes of a too-large record still to discard
	err    error         // sticky: nothing more can be read
	resync bool          // after a damaged record: look for the next one first
	next   string        // a version line met inside a damaged record's header
	n      int           // records begun
	seen   bool          // anything besides blank lines was read
}

// NewReader returns a Reader of r, which holds a WARC file either uncompressed or
// gzip-compressed (detected by its magic number; any number of members, a record per member
// as the standard recommends or several). Only an error reading r is returned.
func NewReader(r io.Reader) (*Reader, error) {
	src := bufio.NewReaderSize(r, 64<<10)
	magic, err := src.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("warc: read: %w", err)
	}
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		m := &members{src: src}
		return &Reader{br: bufio.NewReaderSize(m, 64<<10), gz: m}, nil
	}
	return &Reader{br: src}, nil
}

func (r *Reader) limit() int64 {
	if r.MaxRecordSize > 0 {
		return r.MaxRecordSize
	}
	return DefaultMaxRecordSize
}

// damaged classifies an error met in record n: damage and truncation become a *RecordError
// and start a resynchronisation; anything else (the underlying reader failing) is final.
func (r *Reader) damaged(rec *Record, err error) (*Record, error) {
	r.seen = true
	if !errors.Is(err, ErrMalformed) && !errors.Is(err, io.ErrUnexpectedEOF) {
		r.err = err
		return nil, err
	}
	r.resync = true
	re := &RecordError{Record: r.n, Err: err}
	if rec != nil {
		re.ID, re.URI = rec.ID(), rec.TargetURI()
	}
	return nil, re
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

// isVersionLine reports a line that starts a WARC record.
func isVersionLine(t []byte) bool {
	return bytes.HasPrefix(t, []byte("WARC/")) && len(t) <= 32
}

// Next returns the next record, io.EOF after the last (ErrEmpty when there was nothing at all).
// A record whose Content-Length exceeds MaxRecordSize is returned without its block together
// with an error wrapping ErrRecordTooLarge; the following call skips it. A damaged or truncated
// record gives a *RecordError, and the following call goes on with the next record. Any other
// error (the underlying reader failing) is final: later calls return it again.
func (r *Reader) Next() (*Record, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.skip > 0 {
		n, err := io.CopyN(io.Discard, r.br, r.skip)
		r.skip -= n
		if err != nil {
			r.skip = 0
			return r.damaged(nil, readErr("skip record block", err))
		}
	}
	version, err := r.versionLine()
	if err != nil {
		return nil, err
	}
	r.seen = true

	// Named fields up to the empty line.
	var h Header
	budget := maxHeaderBytes
	for {
		line, err := r.readLine(budget)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return r.damaged(nil, fmt.Errorf("%w: record header not terminated", io.ErrUnexpectedEOF))
			}
			return r.damaged(nil, readErr("read record header", err))
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
			rec, err := r.damaged(&Record{Header: h}, fmt.Errorf("%w: header line %q", ErrMalformed, clip(t)))
			if isVersionLine(t) { // the header was cut off by the next record
				r.next, r.resync = string(t), false
			}
			return rec, err
		}
		h = append(h, Field{Name: string(bytes.TrimSpace(name)), Value: string(bytes.TrimSpace(value))})
	}

	rec := &Record{Version: version, Type: h.Get("WARC-Type"), Header: h, maxDecoded: r.limit()}
	cl := h.Get("Content-Length")
	n, err := strconv.ParseInt(cl, 10, 64)
	if err != nil || n < 0 {
		return r.damaged(rec, fmt.Errorf("%w: Content-Length %q", ErrMalformed, clip([]byte(cl))))
	}
	if n > r.limit() {
		r.skip = n
		return rec, fmt.Errorf("%w: record %s (%s) has %d bytes, more than %d", ErrRecordTooLarge,
			rec.ID(), rec.TargetURI(), n, r.limit())
	}
	var buf bytes.Buffer
	buf.Grow(int(min(n, 64<<10)))
	if _, err := io.CopyN(&buf, r.br, n); err != nil {
		return r.damaged(rec, readErr(fmt.Sprintf("block of %d bytes", n), err))
	}
	if !r.endsBlock() {
		// Content-Length overran the record: the next record may have begun inside what was
		// read as this block. Read on from there.
		block := buf.Bytes()
		if i := bytes.Index(block, []byte("WARC/1.")); i >= 0 {
			r.br = bufio.NewReaderSize(io.MultiReader(bytes.NewReader(bytes.Clone(block[i:])), r.br), 64<<10)
		}
		return r.damaged(rec, fmt.Errorf("%w: %d bytes of block are not followed by the end of the record", ErrMalformed, n))
	}
	rec.Block = buf.Bytes()
	return rec, nil
}

// endsBlock reports whether what follows a block is the end of a record: CRLF CRLF as the
// standard says, or fewer line ends (some writers) followed by the end of the input or the next
// record.
func (r *Reader) endsBlock() bool {
	b, _ := r.br.Peek(9)
	k := 0
	for k < len(b) && k < 4 && (b[k] == '\r' || b[k] == '\n') {
		k++
	}
	rest := b[k:]
	return k == 4 || len(rest) == 0 || bytes.HasPrefix(rest, []byte("WARC/"))
}

// versionLine finds the line that starts the next record: after the blank lines that end the
// previous one, or, after damage, after whatever lies before the next record (a damaged gzip
// member is skipped whole).
func (r *Reader) versionLine() (string, error) {
	if v := r.next; v != "" {
		r.next = ""
		r.n++
		return v, nil
	}
	if r.resync {
		if err := r.seek(); err != nil {
			if !r.seen {
				return "", ErrEmpty
			}
			if errors.Is(err, io.EOF) {
				return "", io.EOF
			}
			r.err = err
			return "", err
		}
	}
	var skipped int64
	for {
		b, err := r.br.Peek(len("WARC/"))
		switch {
		case len(b) > 0 && (b[0] == '\r' || b[0] == '\n'):
			r.br.Discard(1)
			if skipped++; skipped > r.limit() {
				r.n++
				_, err := r.damaged(nil, fmt.Errorf("%w: more than %d bytes of empty lines", ErrMalformed, r.limit()))
				return "", err
			}
			continue
		case len(b) == 0 && errors.Is(err, io.EOF):
			if !r.seen {
				return "", ErrEmpty
			}
			return "", io.EOF
		case len(b) < len("WARC/") && err != nil && !errors.Is(err, io.EOF):
			r.n++
			_, err := r.damaged(nil, readErr("read record header", err))
			return "", err
		case !bytes.HasPrefix(b, []byte("WARC/")) && !(err != nil && bytes.HasPrefix([]byte("WARC/"), b)):
			// Not a record: left in place, for the search for the next record to look into.
			r.n++
			line, _ := r.br.Peek(64)
			if i := bytes.IndexByte(line, '\n'); i >= 0 {
				line = line[:i]
			}
			_, err := r.damaged(nil, fmt.Errorf("%w: expected a WARC version line, found %q", ErrMalformed, clip(trimEOL(line))))
			return "", err
		}
		line, err := r.readLine(64)
		t := trimEOL(line)
		r.n++
		switch {
		case err == nil && isVersionLine(t):
			return string(t), nil
		case err == nil || errors.Is(err, io.EOF) && !isVersionLine(t):
			_, err := r.damaged(nil, fmt.Errorf("%w: bad version line %q", ErrMalformed, clip(t)))
			return "", err
		case errors.Is(err, io.EOF):
			_, err := r.damaged(nil, fmt.Errorf("%w: file ends after the version line", io.ErrUnexpectedEOF))
			return "", err
		}
		_, err = r.damaged(nil, readErr("read record header", err))
		return "", err
	}
}

// seek discards input up to the next "WARC/1." (the start of a record) after damage, moving
// past damaged gzip members; io.EOF when there is none.
func (r *Reader) seek() error {
	mark := []byte("WARC/1.")
	for {
		buf, err := r.br.Peek(r.br.Size())
		if i := bytes.Index(buf, mark); i >= 0 {
			r.br.Discard(i)
			return nil
		}
		if err == nil {
			r.br.Discard(len(buf) - len(mark) + 1)
			continue
		}
		r.br.Discard(len(buf))
		if r.gz != nil && r.gz.err != nil {
			r.gz.next()
			r.br.Reset(r.gz)
			continue
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return err
	}
}

func isGzipError(err error) bool {
	var corrupt flate.CorruptInputError
	return errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.As(err, &corrupt)
}

// maxRewind bounds the compressed bytes of one member kept to look back into when the member
// turns out damaged: a member cut short swallows the start of the next one, which is found
// again among them. Past it, the search goes on forward only.
const maxRewind = 8 << 20

// members reads the gzip members of a file one after another, like a multistream gzip reader,
// but lets a damaged member be skipped: next moves to the following member's magic number,
// looking first among the bytes the damaged member consumed.
type members struct {
	src     *bufio.Reader
	pending []byte // bytes given back by next, read from off on before src
	off     int
	start   int    // off where the current member began
	raw     []byte // the current member's bytes read from src, up to maxRewind
	over    bool   // raw overflowed
	zr      *gzip.Reader
	open    bool  // inside a member
	err     error // the damage met; reading stops until next
}

// ReadByte feeds the decompressor, one byte at a time from a buffer, so it reads nothing past
// its member; the bytes read from src are kept in raw.
func (m *members) ReadByte() (byte, error) {
	if m.off < len(m.pending) {
		m.off++
		return m.pending[m.off-1], nil
	}
	b, err := m.src.ReadByte()
	if err != nil {
		return 0, err
	}
	if !m.over {
		if len(m.raw) < maxRewind {
			m.raw = append(m.raw, b)
		} else {
			m.over, m.raw = true, nil
		}
	}
	return b, nil
}

// readRaw is io.Reader for the decompressor, byte-wise through ReadByte.
func (m *members) readRaw(p []byte) (int, error) {
	for i := range p {
		b, err := m.ReadByte()
		if err != nil {
			return i, err
		}
		p[i] = b
	}
	return len(p), nil
}

// compressed is the decompressor's view of the input: an io.ByteReader, which flate reads
// without reading ahead.
type compressed struct{ m *members }

func (c compressed) Read(p []byte) (int, error) { return c.m.readRaw(p) }
func (c compressed) ReadByte() (byte, error)    { return c.m.ReadByte() }

func (m *members) atEnd() bool {
	if m.off < len(m.pending) {
		return false
	}
	_, err := m.src.Peek(1)
	return err != nil
}

func (m *members) Read(p []byte) (int, error) {
	for {
		if m.err != nil {
			return 0, m.err
		}
		if !m.open {
			if m.atEnd() {
				if _, err := m.src.Peek(1); !errors.Is(err, io.EOF) {
					return 0, err
				}
				return 0, io.EOF // no more members
			}
			m.raw, m.over, m.start = m.raw[:0], false, m.off
			if m.off >= len(m.pending) {
				m.pending, m.off, m.start = nil, 0, 0
			}
			var err error
			if m.zr == nil {
				m.zr, err = gzip.NewReader(compressed{m})
			} else {
				err = m.zr.Reset(compressed{m})
			}
			if err != nil {
				return 0, m.fail(err)
			}
			m.zr.Multistream(false)
			m.open = true
		}
		n, err := m.zr.Read(p)
		switch {
		case errors.Is(err, io.EOF):
			m.open = false
			if n > 0 {
				return n, nil
			}
		case err != nil:
			return n, m.fail(err)
		default:
			return n, nil
		}
	}
}

// fail records damage (a gzip or deflate error, a member cut short); an error of the
// underlying reader passes through as it is.
func (m *members) fail(err error) error {
	switch {
	case isGzipError(err):
		m.err = fmt.Errorf("%w: gzip: %w", ErrMalformed, err)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		m.err = fmt.Errorf("%w: gzip member cut short", io.ErrUnexpectedEOF)
	default:
		return err
	}
	return m.err
}

// next drops the damaged member and moves to the next gzip magic number after its first byte:
// among the bytes the member consumed when they were kept, then further on.
func (m *members) next() {
	m.open, m.err = false, nil
	switch {
	case m.start < len(m.pending) && len(m.raw) == 0:
		m.off = m.start + 1 // the member lay within the given-back bytes
	case m.start < len(m.pending) && !m.over:
		m.pending, m.off = append(bytes.Clone(m.pending[m.start+1:]), m.raw...), 0
	case !m.over && len(m.raw) > 1:
		m.pending, m.off = bytes.Clone(m.raw[1:]), 0
	case len(m.raw) == 0:
		m.src.Discard(1)
		m.pending, m.off = nil, 0
	default:
		m.pending, m.off = nil, 0
	}
	m.raw, m.start = m.raw[:0], m.off
	magic := []byte{0x1f, 0x8b, 8}
	rest := m.pending[m.off:]
	if i := bytes.Index(rest, magic); i >= 0 {
		m.off += i
		m.start = m.off
		return
	}
	// A magic number begun in the given-back bytes and ending in the input.
	tail := rest[max(0, len(rest)-2):]
	ahead, _ := m.src.Peek(2)
	if i := bytes.Index(append(bytes.Clone(tail), ahead...), magic); i >= 0 && i < len(tail) {
		m.pending, m.off, m.start = bytes.Clone(tail[i:]), 0, 0
		return
	}
	m.pending, m.off, m.start = nil, 0, 0
	for {
		b, err := m.src.Peek(3)
		if len(b) == 3 && bytes.Equal(b, magic) {
			return
		}
		if err != nil { // fewer than 3 bytes left: none is a member
			m.src.Discard(len(b))
			return
		}
		buf, _ := m.src.Peek(m.src.Buffered())
		if i := bytes.IndexByte(buf[1:], 0x1f); i >= 0 {
			m.src.Discard(i + 1)
		} else {
			m.src.Discard(len(buf))
		}
	}
}

// clip shortens b for an error message.
func clip(b []byte) string {
	if len(b) > 64 {
		return string(b[:64]) + "…"
	}
	return string(b)
}
