package warc

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
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

	"github.com/klauspost/compress/gzip"
	"golang.org/x/net/idna"
)

// Version is the WARC version line this package writes.
const Version = "WARC/1.1"

// Revisit profiles of WARC 1.1 (§6.7.2 and §6.7.3).
const (
	ProfileIdenticalPayloadDigest = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
	ProfileServerNotModified      = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
)

// DefaultMaxSize is the file size after which a Writer begins a new file when Options.MaxSize
// is 0: the 1 GB (10^9 bytes) annex B of the standard recommends.
const DefaultMaxSize int64 = 1_000_000_000

// conformsTo names the standard in every warcinfo record.
const conformsTo = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"

// IndexName is the name of the CDXJ index a Writer writes into its directory on Close.
const IndexName = "index.cdxj"

// timeNow is the Writer's clock; tests replace it.
var timeNow = time.Now

// ErrClosed is returned by Writer.Write after Writer.Close.
var ErrClosed = errors.New("warc: writer closed")

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

// recordRef identifies a written record that holds a payload.
type recordRef struct {
	id, uri, date string
}

// indexEntry is one line of the CDXJ index.
type indexEntry struct {
	urlkey, timestamp string
	url, mime, status string
	digest, filename  string
	offset, length    int64
}

// Writer writes captures into a series of gzip-per-record WARC files and, on Close, a CDXJ
// index of them. It is safe for concurrent use.
type Writer struct {
	mu       sync.Mutex
	opts     Options
	now      func() time.Time
	software string

	files  []string
	serial int

	f      *os.File
	name   string // base name of the current file
	size   int64
	infoID string
	rotate bool

	gzbuf bytes.Buffer
	gz    *gzip.Writer

	byDigest map[string]recordRef // payload digest -> response holding it
	byURL    map[string]recordRef // target URI -> record holding its latest payload
	index    []indexEntry

	err    error // sticky: a failed write leaves the current file unusable
	closed bool
}

// NewWriter creates the output directory if needed and begins the first file.
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
	gz, err := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	if err != nil {
		return nil, fmt.Errorf("warc: gzip: %w", err)
	}
	w := &Writer{
		opts:     o,
		now:      timeNow,
		software: software,
		gz:       gz,
		byDigest: map[string]recordRef{},
		byURL:    map[string]recordRef{},
	}
	if err := w.openFile(); err != nil {
		return nil, err
	}
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

// Files returns the paths of the files written so far, in order.
func (w *Writer) Files() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.files...)
}

// openFile begins the next file and writes its warcinfo record.
func (w *Writer) openFile() error {
	ts := w.now().UTC().Format("20060102150405")
	var f *os.File
	var name string
	for tries := 0; ; tries++ {
		name = fmt.Sprintf("%s-%s-%05d.warc.gz", w.opts.Prefix, ts, w.serial)
		w.serial++
		var err error
		f, err = os.OpenFile(filepath.Join(w.opts.Dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || tries >= 1000 {
			return fmt.Errorf("warc: create %s: %w", name, err)
		}
	}
	w.f, w.name, w.size, w.rotate = f, name, 0, false
	w.files = append(w.files, filepath.Join(w.opts.Dir, name))

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
	var body bytes.Buffer
	for _, k := range append([]string{"software", "format", "conformsTo"}, keys...) {
		fmt.Fprintf(&body, "%s: %s\r\n", k, fields[k])
	}
	w.infoID = newID()
	_, _, err := w.writeRecord([]field{
		{"WARC-Type", "warcinfo"},
		{"WARC-Record-ID", w.infoID},
		{"WARC-Date", formatDate(w.now())},
		{"WARC-Filename", name},
		{"Content-Type", "application/warc-fields"},
	}, body.Bytes(), nil, "")
	if err != nil {
		w.err = err
		return err
	}
	return nil
}

// closeFile finishes the current file.
func (w *Writer) closeFile() error {
	if w.f == nil {
		return nil
	}
	f := w.f
	w.f = nil
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("warc: close %s: %w", w.name, err)
	}
	return nil
}

// field is one WARC named field.
type field struct{ name, value string }

// writeRecord writes one record, block = head followed by body, as one gzip member. When
// payloadDigest is set it is written as WARC-Payload-Digest. It returns the member's offset
// and length.
func (w *Writer) writeRecord(fields []field, head, body []byte, payloadDigest string) (offset, length int64, err error) {
	h := sha256.New()
	h.Write(head)
	h.Write(body)
	blockDigest := "sha256:" + hex.EncodeToString(h.Sum(nil))

	w.gzbuf.Reset()
	w.gz.Reset(&w.gzbuf)
	var hb bytes.Buffer
	hb.WriteString(Version + "\r\n")
	for _, f := range fields {
		hb.WriteString(f.name + ": " + f.value + "\r\n")
	}
	if payloadDigest != "" {
		hb.WriteString("WARC-Payload-Digest: " + payloadDigest + "\r\n")
	}
	hb.WriteString("WARC-Block-Digest: " + blockDigest + "\r\n")
	hb.WriteString("Content-Length: " + strconv.Itoa(len(head)+len(body)) + "\r\n\r\n")
	w.gz.Write(hb.Bytes())
	w.gz.Write(head)
	w.gz.Write(body)
	w.gz.Write([]byte("\r\n\r\n"))
	if err := w.gz.Close(); err != nil {
		return 0, 0, fmt.Errorf("warc: compress record: %w", err)
	}
	offset = w.size
	n, err := w.f.Write(w.gzbuf.Bytes())
	w.size += int64(n)
	if err != nil {
		return 0, 0, fmt.Errorf("warc: write %s: %w", w.name, err)
	}
	return offset, int64(n), nil
}

// Write archives one capture: a response (or revisit) record and a request record.
func (w *Writer) Write(c Capture) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return ErrClosed
	}
	if w.err != nil {
		return w.err
	}

	target, u, err := targetURI(c.URL)
	if err != nil {
		return err
	}
	notModified := c.NotModified || c.Status == http.StatusNotModified
	status := c.Status
	if notModified {
		status = http.StatusNotModified
	}
	if status < 100 || status > 999 {
		return fmt.Errorf("warc: %s: HTTP status %d out of range", c.URL, c.Status)
	}
	method := strings.ToUpper(c.Method)
	if method == "" {
		method = http.MethodGet
	}
	if !validToken(method) {
		return fmt.Errorf("warc: %s: bad method %q", c.URL, c.Method)
	}
	if c.IP != "" && net.ParseIP(c.IP) == nil {
		return fmt.Errorf("warc: %s: bad IP address %q", c.URL, c.IP)
	}
	t := c.Time
	if t.IsZero() {
		t = w.now()
	}
	date := formatDate(t)

	if w.rotate {
		if err := w.closeFile(); err != nil {
			w.err = err
			return err
		}
		if err := w.openFile(); err != nil {
			return err
		}
	}

	respID, reqID := newID(), newID()
	common := []field{
		{"WARC-Record-ID", respID},
		{"WARC-Date", date},
		{"WARC-Target-URI", target},
		{"WARC-Warcinfo-ID", w.infoID},
	}
	if c.IP != "" {
		common = append(common, field{"WARC-IP-Address", c.IP})
	}

	var (
		fields        []field
		head, body    []byte
		payloadDigest string
		holder        recordRef // the record holding this capture's payload
		isResponse    bool
		mime          string
	)
	if ct := c.ResponseHeader.Get("Content-Type"); ct != "" {
		mime = strings.TrimSpace(strings.SplitN(ct, ";", 2)[0])
	}
	switch {
	case notModified:
		head = httpResponseHead(status, c.ResponseHeader, -1)
		fields = append([]field{{"WARC-Type", "revisit"}}, common...)
		fields = append(fields, field{"WARC-Profile", ProfileServerNotModified})
		if ref, ok := w.byURL[target]; ok {
			holder = ref
			fields = append(fields, field{"WARC-Refers-To", ref.id},
				field{"WARC-Refers-To-Target-URI", ref.uri}, field{"WARC-Refers-To-Date", ref.date})
		}
		fields = append(fields, field{"Content-Type", "application/http;msgtype=response"})
		mime = "warc/revisit"
	default:
		sum := sha256.Sum256(c.Body)
		payloadDigest = "sha256:" + hex.EncodeToString(sum[:])
		head = httpResponseHead(status, c.ResponseHeader, len(c.Body))
		if ref, ok := w.byDigest[payloadDigest]; ok && len(c.Body) > 0 {
			holder = ref
			fields = append([]field{{"WARC-Type", "revisit"}}, common...)
			fields = append(fields,
				field{"WARC-Profile", ProfileIdenticalPayloadDigest},
				field{"WARC-Refers-To", ref.id},
				field{"WARC-Refers-To-Target-URI", ref.uri},
				field{"WARC-Refers-To-Date", ref.date},
				field{"WARC-Truncated", "length"},
				field{"Content-Type", "application/http;msgtype=response"})
			mime = "warc/revisit"
		} else {
			isResponse = true
			holder = recordRef{id: respID, uri: target, date: date}
			body = c.Body
			fields = append([]field{{"WARC-Type", "response"}}, common...)
			fields = append(fields, field{"Content-Type", "application/http;msgtype=response"})
		}
	}

	offset, length, err := w.writeRecord(fields, head, body, payloadDigest)
	if err != nil {
		w.err = err
		return err
	}

	reqFields := []field{
		{"WARC-Type", "request"},
		{"WARC-Record-ID", reqID},
		{"WARC-Date", date},
		{"WARC-Target-URI", target},
		{"WARC-Warcinfo-ID", w.infoID},
	}
	if c.IP != "" {
		reqFields = append(reqFields, field{"WARC-IP-Address", c.IP})
	}
	reqFields = append(reqFields,
		field{"WARC-Concurrent-To", respID},
		field{"Content-Type", "application/http;msgtype=request"})
	emptySum := sha256.Sum256(nil)
	if _, _, err := w.writeRecord(reqFields, httpRequestHead(method, u, c.RequestHeader), nil,
		"sha256:"+hex.EncodeToString(emptySum[:])); err != nil {
		w.err = err
		return err
	}

	if isResponse {
		if _, ok := w.byDigest[payloadDigest]; !ok {
			w.byDigest[payloadDigest] = holder
		}
	}
	if holder.id != "" {
		w.byURL[target] = holder
	}
	urlkey, err := SURT(target)
	if err != nil {
		urlkey = target
	}
	w.index = append(w.index, indexEntry{
		urlkey:    urlkey,
		timestamp: t.UTC().Format("20060102150405"),
		url:       target,
		mime:      mime,
		status:    strconv.Itoa(status),
		digest:    payloadDigest,
		filename:  w.name,
		offset:    offset,
		length:    length,
	})
	if w.size >= w.opts.MaxSize {
		w.rotate = true
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
	errs = append(errs, w.closeFile())
	errs = append(errs, writeIndex(filepath.Join(w.opts.Dir, IndexName), w.index))
	return errors.Join(errs...)
}

// formatDate formats t as a WARC-Date: UTC, seconds, and a decimal fraction (microseconds at
// most, trailing zeros dropped) when t has one.
func formatDate(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.999999Z")
}

// newID returns a random (version 4) UUID URN in angle brackets, as WARC-Record-ID wants it.
func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("warc: crypto/rand: " + err.Error()) // crypto/rand.Read does not fail on supported platforms
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return "<urn:uuid:" + h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:] + ">"
}

// targetURI checks that raw is an absolute http(s) URL and returns it as a WARC-Target-URI:
// without fragment, with characters RFC 3986 does not allow percent-encoded.
func targetURI(raw string) (string, *url.URL, error) {
	s := raw
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	s = escapeURI(strings.TrimSpace(s))
	u, err := url.Parse(s)
	if err != nil {
		return "", nil, fmt.Errorf("warc: capture URL %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", nil, fmt.Errorf("warc: capture URL %q is not an absolute http(s) URL", raw)
	}
	return s, u, nil
}

// escapeURI percent-encodes the bytes that may not appear in a URI (controls, space, non-ASCII,
// and "<>\"\\^`{|}"), leaving existing escapes and everything else as it is.
func escapeURI(s string) string {
	const hexd = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f || strings.IndexByte("<>\"\\^`{|}", c) >= 0 {
			if b.Len() == 0 {
				b.Grow(len(s) + 16)
				b.WriteString(s[:i])
			}
			b.WriteByte('%')
			b.WriteByte(hexd[c>>4])
			b.WriteByte(hexd[c&15])
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(c)
		}
	}
	if b.Len() == 0 {
		return s
	}
	return b.String()
}

// validToken reports whether s is an RFC 7230 token (a header name or method).
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f || strings.IndexByte("()<>@,;:\\\"/[]?={}", c) >= 0 {
			return false
		}
	}
	return true
}

// cleanValue makes a header value safe for one header line.
func cleanValue(v string) string {
	if !bad(v) {
		return v
	}
	b := []byte(v)
	for i, c := range b {
		if (c < 0x20 && c != '\t') || c == 0x7f {
			b[i] = ' '
		}
	}
	return string(b)
}

// writeHeaders writes h in sorted order, skipping names that are not tokens.
func writeHeaders(b *bytes.Buffer, h http.Header) {
	keys := make([]string, 0, len(h))
	for k := range h {
		if validToken(k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			b.WriteString(k + ": " + cleanValue(v) + "\r\n")
		}
	}
}

// httpResponseHead returns the status line and headers of a stored response, ending with the
// empty line. With bodyLen >= 0 the headers are rewritten for a decoded body of that length;
// with bodyLen < 0 (a 304) only Transfer-Encoding is dropped.
func httpResponseHead(status int, h http.Header, bodyLen int) []byte {
	out := http.Header{}
	for k, v := range h {
		out[http.CanonicalHeaderKey(k)] = append(out[http.CanonicalHeaderKey(k)], v...)
	}
	move := func(name string) {
		if v, ok := out[name]; ok {
			delete(out, name)
			out["X-Archive-Orig-"+name] = append(out["X-Archive-Orig-"+name], v...)
		}
	}
	move("Transfer-Encoding")
	if bodyLen >= 0 {
		move("Content-Encoding")
		if v, ok := out["Content-Length"]; ok && !(len(v) == 1 && strings.TrimSpace(v[0]) == strconv.Itoa(bodyLen)) {
			move("Content-Length")
		}
		out["Content-Length"] = []string{strconv.Itoa(bodyLen)}
	}
	reason := http.StatusText(status)
	if reason == "" {
		reason = "Unknown"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %03d %s\r\n", status, reason)
	writeHeaders(&b, out)
	b.WriteString("\r\n")
	return b.Bytes()
}

// httpRequestHead returns the request line and headers, ending with the empty line. Host
// comes first, from the header or else from the URL.
func httpRequestHead(method string, u *url.URL, h http.Header) []byte {
	var b bytes.Buffer
	b.WriteString(method + " " + escapeURI(u.RequestURI()) + " HTTP/1.1\r\n")
	hdr := http.Header{}
	for k, v := range h {
		hdr[http.CanonicalHeaderKey(k)] = append(hdr[http.CanonicalHeaderKey(k)], v...)
	}
	host := hdr.Get("Host")
	delete(hdr, "Host")
	if host == "" {
		host = u.Host
		if a, err := idna.Lookup.ToASCII(u.Hostname()); err == nil && a != u.Hostname() {
			host = a
			if p := u.Port(); p != "" {
				host += ":" + p
			}
		}
	}
	b.WriteString("Host: " + cleanValue(host) + "\r\n")
	writeHeaders(&b, hdr)
	b.WriteString("\r\n")
	return b.Bytes()
}
