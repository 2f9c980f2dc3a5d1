package warc

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	gowarc "github.com/nlnwa/gowarc/v3"
)

// Version is the WARC version line this package writes.
const Version = "WARC/1.1"

// Revisit profiles of WARC 1.1 (§6.7.2 and §6.7.3).
const (
	ProfileIdenticalPayloadDigest = gowarc.ProfileIdenticalPayloadDigestV1_1
	ProfileServerNotModified      = gowarc.ProfileServerNotModifiedV1_1
)

// DefaultMaxSize is the file size after which a Writer begins a new file when Options.MaxSize
// is 0: the 1 GB (10^9 bytes) annex B of the standard recommends.
const DefaultMaxSize int64 = 1_000_000_000

// conformsTo names the standard in every warcinfo record.
const conformsTo = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"

// IndexName is the name of the CDXJ index a Writer writes into its directory on Close.
const IndexName = "index.cdxj"

// openSuffix marks a file still being written; it is renamed without it when finished, so a
// file named *.warc.gz is always complete.
const openSuffix = ".open"

// timeNow is the Writer's clock for file names; tests replace it.
var timeNow = time.Now

// ErrClosed is returned by Writer.Write after Writer.Close.
var ErrClosed = errors.New("warc: writer closed")

// ErrRejected is wrapped by Writer.Write's error for a capture that cannot be written as valid
// WARC records (a URL that is no absolute http(s) URL, a port or IPv4 address out of range, a
// status out of range): nothing of it was written, and the Writer goes on with the next one.
var ErrRejected = errors.New("warc: capture rejected")

// Options configure a Writer.
type Options struct {
	// Dir is the output directory; it is created if missing.
	Dir string
	// Prefix begins every file name: <Prefix>-<YYYYMMDDhhmmss>-<00000>.warc.gz. Default
	// "newsarchive".
	Prefix string
	// MaxSize: a new file is begun when the current one has passed this many bytes. Default
	// DefaultMaxSize.
	MaxSize int64
	// Software is the warcinfo "software" field. Default "newsarchive".
	Software string
	// Info holds further warcinfo fields (operator, description, isPartOf, …), written in
	// sorted order after software, format and conformsTo; a key of Info replaces a default
	// field of the same name.
	Info map[string]string
}

// Capture is one HTTP exchange to archive.
type Capture struct {
	// URL is the absolute http or https URL fetched. A fragment is dropped; characters that
	// RFC 3986 does not allow in a URI are percent-encoded.
	URL string
	// Time is when the fetch began; the zero Time means now.
	Time time.Time
	// Method is the request method; default GET.
	Method string
	// RequestHeader is the request header as sent. Host is added from URL when missing.
	RequestHeader http.Header
	// Status is the HTTP status code.
	Status int
	// ResponseHeader is the response header as received.
	ResponseHeader http.Header
	// Body is the payload as stored: already decoded by the HTTP client.
	Body []byte
	// NotModified marks a 304 answer, written as a server-not-modified revisit record. A
	// Status of 304 means the same.
	NotModified bool
	// IP is the server's address, written as WARC-IP-Address when set.
	IP string
}

// Writer writes captures into a series of gzip-per-record WARC files and, on Close, a CDXJ
// index of them. The records are built, digested, validated, compressed and written to
// rotating files by github.com/nlnwa/gowarc; what this type adds is the mapping of a capture
// to its records (header rewriting, deduplication, revisits) and the index. Its memory does not
// grow with the archive: index lines and the payload digests written go to temporary files.
// It is safe for concurrent use.
type Writer struct {
	mu       sync.Mutex
	opts     Options
	gw       *gowarc.WarcFileWriter
	names    *nameGenerator
	software string

	index *indexSpool
	refs  *refStore
	byURL map[string]recordRef // target URI -> record holding its latest payload (recent URLs)

	err    error // sticky: a failed write leaves the current file unusable
	closed bool
}

// recordRef identifies a written record that holds a payload.
type recordRef struct {
	id, uri, date string
}

// maxRecentURLs bounds the URLs remembered for server-not-modified revisits. Captures of one
// page are written one after another, so a short memory finds the earlier capture; past it a
// 304 revisit goes without WARC-Refers-To, which the standard allows.
const maxRecentURLs = 4096

// recordOptions make every record WARC/1.1 with SHA-256 digests in lowercase base 16 and reject,
// rather than write, a record that breaks the standard.
func recordOptions(tmp string) []gowarc.WarcRecordOption {
	return []gowarc.WarcRecordOption{
		gowarc.WithVersion(gowarc.V1_1),
		gowarc.WithStrictValidation(),
		gowarc.WithAddMissingDigest(true),
		gowarc.WithDefaultDigestAlgorithm("sha256"),
		gowarc.WithDefaultDigestEncoding(gowarc.Base16),
		gowarc.WithBufferTmpDir(tmp),
	}
}

// NewWriter checks the options and creates the output directory if needed. The first file is
// begun by the first Write; a Writer closed without writing writes only an empty index.
func NewWriter(o Options) (*Writer, error) {
	if o.Dir == "" {
		return nil, errors.New("warc: Options.Dir is empty")
	}
	if o.Prefix == "" {
		o.Prefix = "newsarchive"
	}
	if strings.ContainsAny(o.Prefix, `/\`) || o.Prefix == "." || o.Prefix == ".." {
		return nil, fmt.Errorf("warc: Options.Prefix %q is not a plain file name", o.Prefix)
	}
	if o.MaxSize <= 0 {
		o.MaxSize = DefaultMaxSize
	}
	software := o.Software
	if software == "" {
		software = "newsarchive"
	}
	if bad(software) {
		return nil, fmt.Errorf("warc: Options.Software %q has a line break or control character", software)
	}
	for k, v := range o.Info {
		if k == "" || strings.ContainsAny(k, ": \t") || bad(k) || bad(v) {
			return nil, fmt.Errorf("warc: Options.Info field %q: %q is not a valid warc-fields line", k, v)
		}
	}
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("warc: create output directory: %w", err)
	}
	index, err := newIndexSpool(o.Dir)
	if err != nil {
		return nil, err
	}
	refs, err := newRefStore(o.Dir)
	if err != nil {
		index.discard()
		return nil, err
	}
	w := &Writer{
		opts: o, software: software, index: index, refs: refs, byURL: map[string]recordRef{},
		names: &nameGenerator{dir: o.Dir, prefix: o.Prefix, now: timeNow},
	}
	w.gw = gowarc.NewWarcFileWriter(
		gowarc.WithFileNameGenerator(w.names),
		gowarc.WithMaxFileSize(0), // rotation is ours: after a capture, so none is split
		gowarc.WithCompression(true),
		gowarc.WithOpenFileSuffix(openSuffix),
		gowarc.WithWarcInfoFunc(w.warcinfo),
		gowarc.WithAfterFileCreationHook(w.names.finished),
		gowarc.WithRecordOptions(recordOptions(os.TempDir())...),
	)
	return w, nil
}

// bad reports whether s has a CR, LF or other control character (tab excepted) that would
// break a header line.
func bad(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return true
		}
	}
	return false
}

// Files returns the paths of the files finished so far (all of them after Close), in order.
func (w *Writer) Files() []string { return w.names.files() }

// warcinfo fills the warcinfo record gowarc begins every file with.
func (w *Writer) warcinfo(rb gowarc.WarcRecordBuilder) error {
	fields := map[string]string{
		"software":   w.software,
		"format":     "WARC File Format 1.1",
		"conformsTo": conformsTo,
	}
	keys := make([]string, 0, len(w.opts.Info))
	for k, v := range w.opts.Info {
		if _, ok := fields[k]; !ok {
			keys = append(keys, k)
		}
		fields[k] = v
	}
	sort.Strings(keys)
	for _, k := range append([]string{"software", "format", "conformsTo"}, keys...) {
		if _, err := rb.WriteString(k + ": " + fields[k] + "\r\n"); err != nil {
			return err
		}
	}
	return nil
}

// Write archives one capture: a response (or revisit) record and a request record, in the
// same file.
func (w *Writer) Write(c Capture) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return ErrClosed
	}
	if w.err != nil {
		return w.err
	}
	p, err := w.plan(c)
	if err != nil {
		return err
	}
	resp, err := p.responseRecord()
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrRejected, p.target, err)
	}
	req, err := p.requestRecord()
	if err != nil {
		resp.Close()
		return fmt.Errorf("%w: %s: %w", ErrRejected, p.target, err)
	}
	res := w.gw.Write(resp, req)
	if len(res) != 2 {
		w.err = fmt.Errorf("warc: %s: the file writer stopped", p.target)
		return w.err
	}
	if err := errors.Join(res[0].Err, res[1].Err); err != nil {
		w.err = fmt.Errorf("warc: write %s: %w", res[0].FileName, err)
		return w.err
	}
	if err := w.remember(p); err != nil {
		w.err = err
		return err
	}
	if err := w.index.add(p.indexEntry(res[0].FileName, res[0].FileOffset, res[1].FileOffset-res[0].FileOffset)); err != nil {
		w.err = err
		return err
	}
	return w.maybeRotate()
}

// remember notes where this capture's payload is, for later revisits.
func (w *Writer) remember(p *plan) error {
	holder := p.holder
	if p.kind == kindResponse {
		holder = recordRef{id: p.respID, uri: p.target, date: p.date}
		if err := w.refs.put(p.payloadDigest, holder); err != nil {
			return err
		}
	}
	if holder.id != "" {
		if len(w.byURL) >= maxRecentURLs {
			clear(w.byURL)
		}
		w.byURL[p.target] = holder
	}
	return nil
}

// maybeRotate finishes the current file once it has passed MaxSize.
func (w *Writer) maybeRotate() error {
	st, err := os.Stat(w.names.current())
	if err != nil {
		w.err = fmt.Errorf("warc: %w", err)
		return w.err
	}
	if st.Size() < w.opts.MaxSize {
		return nil
	}
	if err := w.gw.Rotate(); err != nil {
		w.err = fmt.Errorf("warc: finish file: %w", err)
		return w.err
	}
	return nil
}

// Close finishes the current file and writes the CDXJ index. Close after Close does nothing.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	errs := []error{w.err}
	if err := w.gw.Close(); err != nil {
		errs = append(errs, fmt.Errorf("warc: close: %w", err))
	}
	errs = append(errs, w.names.err(), w.refs.close())
	if err := errors.Join(errs...); err != nil {
		w.index.discard()
		return err
	}
	return w.index.finish(filepath.Join(w.opts.Dir, IndexName))
}

// formatDate formats t as a WARC-Date: UTC, seconds, and a decimal fraction (microseconds at
// most, trailing zeros dropped) when t has one.
func formatDate(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.999999Z")
}

// recordKind is what the first record of a capture is.
type recordKind int

const (
	kindResponse    recordKind = iota // the payload is written here
	kindIdentical                     // a revisit: the payload was written before
	kindNotModified                   // a revisit: the server answered 304
)

// plan is a capture checked and decided on: which records, with which fields.
type plan struct {
	c             Capture
	target        string
	method        string
	u             *url.URL
	respID, reqID string
	date          string
	status        int
	kind          recordKind
	payloadDigest string
	holder        recordRef // the record holding the payload, for revisits
}

// plan checks c and decides its records.
func (w *Writer) plan(c Capture) (*plan, error) {
	target, u, err := targetURI(c.URL)
	if err != nil {
		return nil, err
	}
	notModified := c.NotModified || c.Status == http.StatusNotModified
	status := c.Status
	if notModified {
		status = http.StatusNotModified
	}
	if status < 100 || status > 999 {
		return nil, fmt.Errorf("%w: %s: HTTP status %d out of range", ErrRejected, c.URL, c.Status)
	}
	method := strings.ToUpper(c.Method)
	if method == "" {
		method = http.MethodGet
	}
	if !validToken(method) {
		return nil, fmt.Errorf("%w: %s: bad method %q", ErrRejected, c.URL, c.Method)
	}
	if c.IP != "" && net.ParseIP(c.IP) == nil {
		return nil, fmt.Errorf("%w: %s: bad IP address %q", ErrRejected, c.URL, c.IP)
	}
	if c.Time.IsZero() {
		c.Time = time.Now()
	}
	p := &plan{c: c, target: target, method: method, date: formatDate(c.Time), status: status,
		u: u, respID: newID(), reqID: newID()}
	switch {
	case notModified:
		p.kind = kindNotModified
		p.holder = w.byURL[target]
	default:
		sum := sha256.Sum256(c.Body)
		p.payloadDigest = "sha256:" + hex.EncodeToString(sum[:])
		ref, ok, err := w.refs.get(p.payloadDigest)
		if err != nil {
			return nil, err
		}
		if ok && len(c.Body) > 0 {
			p.kind, p.holder = kindIdentical, ref
		}
	}
	return p, nil
}

// common adds the fields every capture record has.
func (p *plan) common(rb gowarc.WarcRecordBuilder) {
	rb.AddWarcHeader(gowarc.WarcDate, p.date)
	rb.AddWarcHeader(gowarc.WarcTargetURI, p.target)
	if p.c.IP != "" {
		rb.AddWarcHeader(gowarc.WarcIPAddress, p.c.IP)
	}
}

// responseRecord builds the response record, or the revisit record standing for it.
func (p *plan) responseRecord() (gowarc.WarcRecord, error) {
	typ := gowarc.Response
	if p.kind != kindResponse {
		typ = gowarc.Revisit
	}
	rb := gowarc.NewRecordBuilder(typ, recordOptions(os.TempDir())...)
	rb.AddWarcHeader(gowarc.WarcRecordID, p.respID)
	p.common(rb)
	switch p.kind {
	case kindNotModified:
		rb.AddWarcHeader(gowarc.WarcProfile, ProfileServerNotModified)
		p.refersTo(rb)
	case kindIdentical:
		rb.AddWarcHeader(gowarc.WarcProfile, ProfileIdenticalPayloadDigest)
		p.refersTo(rb)
		rb.AddWarcHeader(gowarc.WarcTruncated, "length")
	}
	rb.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
	if p.payloadDigest != "" {
		rb.AddWarcHeader(gowarc.WarcPayloadDigest, p.payloadDigest)
	}
	bodyLen := len(p.c.Body)
	if p.kind == kindNotModified {
		bodyLen = -1
	}
	if _, err := rb.Write(httpResponseHead(p.status, p.c.ResponseHeader, bodyLen)); err != nil {
		rb.Close()
		return nil, err
	}
	if p.kind == kindResponse {
		if _, err := rb.Write(p.c.Body); err != nil {
			rb.Close()
			return nil, err
		}
	}
	rec, _, err := rb.Build()
	return rec, err
}

func (p *plan) refersTo(rb gowarc.WarcRecordBuilder) {
	if p.holder.id == "" {
		return
	}
	rb.AddWarcHeader(gowarc.WarcRefersTo, p.holder.id)
	rb.AddWarcHeader(gowarc.WarcRefersToTargetURI, p.holder.uri)
	rb.AddWarcHeader(gowarc.WarcRefersToDate, p.holder.date)
}

// requestRecord builds the request record, concurrent to the response record.
func (p *plan) requestRecord() (gowarc.WarcRecord, error) {
	rb := gowarc.NewRecordBuilder(gowarc.Request, recordOptions(os.TempDir())...)
	rb.AddWarcHeader(gowarc.WarcRecordID, p.reqID)
	p.common(rb)
	rb.AddWarcHeader(gowarc.WarcConcurrentTo, p.respID)
	rb.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=request")
	if _, err := rb.Write(httpRequestHead(p.method, p.u, p.c.RequestHeader)); err != nil {
		rb.Close()
		return nil, err
	}
	rec, _, err := rb.Build()
	return rec, err
}

// indexEntry is the CDXJ line of the capture's first record.
func (p *plan) indexEntry(file string, offset, length int64) indexEntry {
	mime := ""
	if ct := p.c.ResponseHeader.Get("Content-Type"); ct != "" {
		mime = strings.TrimSpace(strings.SplitN(ct, ";", 2)[0])
	}
	if p.kind != kindResponse {
		mime = "warc/revisit"
	}
	urlkey, err := SURT(p.target)
	if err != nil {
		urlkey = p.target
	}
	return indexEntry{
		urlkey: urlkey, timestamp: p.c.Time.UTC().Format("20060102150405"),
		url: p.target, mime: mime, status: strconv.Itoa(p.status), digest: p.payloadDigest,
		filename: filepath.Base(file), offset: offset, length: length,
	}
}

// newID returns a random (version 4) UUID URN in angle brackets, as WARC-Record-ID wants it.
// The IDs are ours, not the library's, because a capture's records refer to each other
// before they are built.
func newID() string {
	var b [16]byte
	rand.Read(b[:]) // crypto/rand.Read does not fail on supported platforms
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return "<urn:uuid:" + h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:] + ">"
}
