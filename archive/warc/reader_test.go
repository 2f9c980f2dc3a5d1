package warc

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
)

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// chunk encodes b with chunked Transfer-Encoding in chunks of n bytes, with a chunk extension
// and a trailer as some servers send them.
func chunk(b []byte, n int) []byte {
	var buf bytes.Buffer
	for len(b) > 0 {
		k := min(n, len(b))
		fmt.Fprintf(&buf, "%x;ext=1\r\n", k)
		buf.Write(b[:k])
		buf.WriteString("\r\n")
		b = b[k:]
	}
	buf.WriteString("0\r\nX-Trailer: t\r\n\r\n")
	return buf.Bytes()
}

// rec formats one record the way other tools write them: version, fields, CRLF, block, and
// the two CRLFs.
func rec(version string, fields []string, block []byte) []byte {
	var b bytes.Buffer
	b.WriteString(version + "\r\n")
	for _, f := range fields {
		b.WriteString(f + "\r\n")
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(block))
	b.Write(block)
	b.WriteString("\r\n\r\n")
	return b.Bytes()
}

// foreignWARC builds records in the styles of Heritrix, wget and older writers.
func foreignWARC() []byte {
	html := viHTML
	httpResp := append([]byte("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n"+
		"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\nX-Folded: a\r\n b\r\n\r\n"), chunk(gzipBytes(html), 100)...)
	var out bytes.Buffer
	out.Write(rec("WARC/1.0", []string{
		"WARC-Type: warcinfo", "WARC-Date: 2013-05-06T07:08:09Z", "WARC-Filename: crawl.warc",
		"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>", "Content-Type: application/warc-fields",
	}, []byte("software: Heritrix/3.1.1 http://crawler.archive.org\r\nformat: WARC File Format 1.0\r\n")))
	out.Write(rec("WARC/1.0", []string{
		"WARC-Type: response", "WARC-Target-URI: <http://example.vn/a>", "WARC-Date: 2013-05-06T07:08:10Z",
		"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000002>", "Content-Type: application/http; msgtype=response",
		"WARC-Payload-Digest:   sha1:UZY6ND6CCHXETFVJD2MSS7ZENMWF7KQ2", "WARC-Folded: first", "\tsecond",
	}, httpResp))
	out.WriteString("\r\n\n") // stray empty lines between records
	// A record written with bare LF line ends.
	req := "GET /a HTTP/1.0\nHost: example.vn\nUser-Agent: Wget/1.21\n\n"
	fmt.Fprintf(&out, "WARC/1.1\nWARC-Type: request\nWARC-Target-URI: http://example.vn/a\nWARC-Date: 2013-05-06T07:08:10.5Z\n"+
		"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000003>\nContent-Length: %d\n\n%s\n\n", len(req), req)
	out.Write(rec("WARC/1.0", []string{
		"WARC-Type: metadata", "WARC-Target-URI: http://example.vn/a", "WARC-Date: 2013-05-06T07:08:10Z",
		"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000004>", "Content-Type: application/warc-fields",
	}, []byte("outlink: http://example.vn/b E =EMBED_MISC\r\n")))
	// A revisit without any block.
	out.Write(rec("WARC/1.0", []string{
		"WARC-Type: revisit", "WARC-Target-URI: http://example.vn/a", "WARC-Date: 2013-05-07T07:08:10Z",
		"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000005>",
		"WARC-Profile: http://netpreserve.org/warc/1.0/revisit/identical-payload-digest",
	}, nil))
	return out.Bytes()
}

func readAll(t *testing.T, data []byte) []*Record {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var recs []*Record
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return recs
		}
		if err != nil {
			t.Fatalf("record %d: %v", len(recs), err)
		}
		recs = append(recs, rec)
	}
}

func TestReaderForeign(t *testing.T) {
	plain := foreignWARC()
	for name, data := range map[string][]byte{
		"plain":             plain,
		"gzip, one member":  gzipBytes(plain),
		"gzip, two members": append(gzipBytes(plain[:len(plain)/2]), gzipBytes(plain[len(plain)/2:])...),
	} {
		t.Run(name, func(t *testing.T) {
			recs := readAll(t, data)
			var types []string
			for _, r := range recs {
				types = append(types, r.Type)
			}
			if got := strings.Join(types, " "); got != "warcinfo response request metadata revisit" {
				t.Fatalf("types %q", got)
			}
			resp := recs[1]
			if resp.Version != "WARC/1.0" || resp.TargetURI() != "http://example.vn/a" {
				t.Errorf("response %s %q", resp.Version, resp.TargetURI())
			}
			if got := resp.Header.Get("warc-payload-digest"); got != "sha1:UZY6ND6CCHXETFVJD2MSS7ZENMWF7KQ2" {
				t.Errorf("payload digest %q", got)
			}
			if got := resp.Header.Get("WARC-Folded"); got != "first second" {
				t.Errorf("folded field %q", got)
			}
			status, h, body, err := resp.HTTPResponse()
			if err != nil || status != 200 {
				t.Fatalf("HTTPResponse: %d %v", status, err)
			}
			if !bytes.Equal(body, viHTML) {
				t.Errorf("body not decoded:\n%q", body)
			}
			if h.Get("Content-Encoding") != "" || h.Get("Transfer-Encoding") != "" ||
				h.Get("X-Archive-Orig-Content-Encoding") != "gzip" || h.Get("X-Archive-Orig-Transfer-Encoding") != "chunked" ||
				h.Get("Content-Length") != fmt.Sprint(len(viHTML)) || h.Get("X-Folded") != "a b" {
				t.Errorf("headers %v", h)
			}
			method, target, rh, _, err := recs[2].HTTPRequest()
			if err != nil || method != "GET" || target != "/a" || rh.Get("User-Agent") != "Wget/1.21" {
				t.Errorf("HTTPRequest = %q %q %v %v", method, target, rh, err)
			}
			if d, err := recs[2].Date(); err != nil || d.Nanosecond() != 5e8 {
				t.Errorf("Date = %v, %v", d, err)
			}
			if _, _, _, err := recs[4].HTTPResponse(); !errors.Is(err, ErrMalformed) {
				t.Errorf("HTTPResponse of an empty revisit: %v", err)
			}
			if _, _, _, err := recs[3].HTTPResponse(); err == nil {
				t.Errorf("HTTPResponse of a metadata record succeeded")
			}
		})
	}
}

func TestDecodeBody(t *testing.T) {
	var zl, raw bytes.Buffer
	zw := zlib.NewWriter(&zl)
	zw.Write(viHTML)
	zw.Close()
	fw, _ := flate.NewWriter(&raw, 5)
	fw.Write(viHTML)
	fw.Close()
	tests := []struct {
		name, head string
		body       []byte
		want       []byte
		keepCE     bool
	}{
		{"zlib deflate", "Content-Encoding: deflate", zl.Bytes(), viHTML, false},
		{"raw deflate", "Content-Encoding: deflate", raw.Bytes(), viHTML, false},
		{"x-gzip", "Content-Encoding: x-gzip\r\nContent-Length: 5", gzipBytes(viHTML), viHTML, false},
		{"brotli kept", "Content-Encoding: br", []byte("\x1b\x00"), []byte("\x1b\x00"), true},
		{"damaged gzip kept", "Content-Encoding: gzip", []byte("\x1f\x8bjunk"), []byte("\x1f\x8bjunk"), true},
		{"truncated chunk", "Transfer-Encoding: chunked", []byte("5\r\nabc"), []byte("abc"), false},
		{"chunked, no last chunk", "Transfer-Encoding: chunked", []byte("3\r\nabc\r\n2\r\nde\r\n"), []byte("abcde"), false},
		{"not really chunked", "Transfer-Encoding: chunked", []byte("<html>"), []byte("<html>"), false},
	}
	for _, tt := range tests {
		block := append([]byte("HTTP/1.1 200 OK\r\n"+tt.head+"\r\n\r\n"), tt.body...)
		r := &Record{Type: "response", Block: block}
		_, h, body, err := r.HTTPResponse()
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !bytes.Equal(body, tt.want) {
			t.Errorf("%s: body %q, want %q", tt.name, body, tt.want)
		}
		if tt.keepCE != (h.Get("Content-Encoding") != "") {
			t.Errorf("%s: headers %v", tt.name, h)
		}
	}
	// The x-gzip case kept the original Content-Length.
	r := &Record{Type: "response", Block: append([]byte("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\n\r\n"), gzipBytes(viHTML)...)}
	if _, h, _, _ := r.HTTPResponse(); h.Get("X-Archive-Orig-Content-Length") != "5" || h.Get("Content-Length") != fmt.Sprint(len(viHTML)) {
		t.Errorf("Content-Length rewriting: %v", h)
	}
}

func TestReaderLimits(t *testing.T) {
	big := bytes.Repeat([]byte("a"), 3000)
	var data []byte
	data = append(data, rec("WARC/1.1", []string{"WARC-Type: resource", "WARC-Record-ID: <urn:x:1>"}, big)...)
	data = append(data, rec("WARC/1.1", []string{"WARC-Type: resource", "WARC-Record-ID: <urn:x:2>"}, []byte("small"))...)
	for _, d := range [][]byte{data, gzipBytes(data)} {
		r, err := NewReader(bytes.NewReader(d))
		if err != nil {
			t.Fatal(err)
		}
		r.MaxRecordSize = 1000
		rec1, err := r.Next()
		if !errors.Is(err, ErrRecordTooLarge) || rec1 == nil || rec1.ID() != "<urn:x:1>" || rec1.Block != nil {
			t.Fatalf("first Next = %v, %v; want the header and ErrRecordTooLarge", rec1, err)
		}
		rec2, err := r.Next()
		if err != nil || string(rec2.Block) != "small" {
			t.Fatalf("after a too large record: %v, %v", rec2, err)
		}
		if _, err := r.Next(); err != io.EOF {
			t.Fatalf("end: %v", err)
		}
	}

	// A gzip bomb in a stored response is bounded by MaxRecordSize.
	bomb := gzipBytes(make([]byte, 4<<20))
	block := append([]byte("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n"), bomb...)
	r, err := NewReader(bytes.NewReader(rec("WARC/1.1", []string{"WARC-Type: response"}, block)))
	if err != nil {
		t.Fatal(err)
	}
	r.MaxRecordSize = 1 << 20
	resp, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := resp.HTTPResponse(); !errors.Is(err, ErrRecordTooLarge) {
		t.Errorf("gzip bomb: %v, want ErrRecordTooLarge", err)
	}
}

func TestReaderMalformed(t *testing.T) {
	good := rec("WARC/1.1", []string{"WARC-Type: resource"}, []byte("abc"))
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"junk", []byte("<html>not a warc</html>"), ErrMalformed},
		{"ARC file", []byte("filedesc://x.arc 0.0.0.0 20010101000000 text/plain 76\n"), ErrMalformed},
		{"field without colon", []byte("WARC/1.1\r\nWARC-Type resource\r\n\r\n"), ErrMalformed},
		{"no Content-Length", []byte("WARC/1.1\r\nWARC-Type: resource\r\n\r\nabc\r\n\r\n"), ErrMalformed},
		{"negative Content-Length", []byte("WARC/1.1\r\nContent-Length: -3\r\n\r\n"), ErrMalformed},
		{"huge Content-Length", []byte("WARC/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n"), ErrMalformed},
		{"truncated block", good[:len(good)-6], io.ErrUnexpectedEOF},
		{"truncated header", good[:20], io.ErrUnexpectedEOF},
		{"version line only", []byte("WARC/1.1"), io.ErrUnexpectedEOF},
		{"damaged gzip", append(gzipBytes(good)[:12], "xxxxxxxxxxxxxxxxxxxxxxxx"...), ErrMalformed},
		{"truncated gzip", gzipBytes(good)[:25], io.ErrUnexpectedEOF},
		{"header line too long", append([]byte("WARC/1.1\r\nX: "), bytes.Repeat([]byte("a"), maxHeaderBytes+10)...), ErrMalformed},
	}
	for _, tt := range tests {
		r, err := NewReader(bytes.NewReader(tt.data))
		if err != nil {
			t.Fatalf("%s: NewReader: %v", tt.name, err)
		}
		_, err = r.Next()
		var re *RecordError
		if !errors.Is(err, tt.want) || !errors.As(err, &re) || re.Record != 1 {
			t.Errorf("%s: %v, want a *RecordError of record 1 wrapping %v", tt.name, err, tt.want)
		}
		// Reading goes on, and finds nothing more.
		if _, err := r.Next(); err != io.EOF {
			t.Errorf("%s: after the damage: %v, want io.EOF", tt.name, err)
		}
	}
	var empty bytes.Buffer
	gzip.NewWriter(&empty).Close()
	for _, e := range [][]byte{nil, []byte("\r\n\r\n"), empty.Bytes()} {
		r, err := NewReader(bytes.NewReader(e))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Next(); err != ErrEmpty {
			t.Errorf("empty input %q: %v, want ErrEmpty", e, err)
		}
	}
}

// TestReaderResyncs: a damaged, truncated or oversized record in the middle of a file costs
// that record only; the records after it are read, in a plain file, a file gzipped per record
// and a file gzipped whole.
func TestReaderResyncs(t *testing.T) {
	one := func(id, body string) []byte {
		return rec("WARC/1.1", []string{"WARC-Type: resource", "WARC-Record-ID: <urn:x:" + id + ">"}, []byte(body))
	}
	a, c := one("a", "first"), one("c", "third")
	damaged := map[string][]byte{
		"junk header":         []byte("WARC/1.1\r\nthis is no field\r\nContent-Length: 5\r\n\r\nxxxxx\r\n\r\n"),
		"bad Content-Length":  []byte("WARC/1.1\r\nContent-Length: x\r\n\r\nxxxxx\r\n\r\n"),
		"cut block":           []byte("WARC/1.1\r\nWARC-Record-ID: <urn:x:b>\r\nContent-Length: 50\r\n\r\nonly a little\r\n\r\n"),
		"garbage between":     []byte("\x00\x01 garbage line\r\nmore garbage\r\n"),
		"long garbage line":   bytes.Repeat([]byte("g"), maxHeaderBytes+100),
		"header not finished": []byte("WARC/1.1\r\nWARC-Type: response\r\n"),
	}
	for name, bad := range damaged {
		files := map[string][]byte{
			"plain":           slices.Concat(a, bad, c),
			"gzip whole":      gzipBytes(slices.Concat(a, bad, c)),
			"gzip per record": slices.Concat(gzipBytes(a), gzipBytes(bad), gzipBytes(c)),
			// A member whose compressed bytes are damaged, and one cut short.
			"gzip damaged member": slices.Concat(gzipBytes(a), damage(gzipBytes(slices.Concat(bad, one("x", strings.Repeat("y", 500))))), gzipBytes(c)),
			"gzip cut member":     slices.Concat(gzipBytes(a), gzipBytes(bad)[:len(gzipBytes(bad))/2], gzipBytes(c)),
		}
		for form, data := range files {
			r, err := NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			errs := 0
			for i := 0; i < 10; i++ {
				rec, err := r.Next()
				if err == io.EOF {
					break
				}
				var re *RecordError
				if errors.As(err, &re) {
					errs++
					continue
				}
				if err != nil {
					t.Fatalf("%s, %s: %v", name, form, err)
				}
				if !strings.HasPrefix(string(rec.Block), "y") { // the record after the damage in a member, when it survives
					got = append(got, string(rec.Block))
				}
			}
			if len(got) != 2 || got[0] != "first" || got[1] != "third" || errs == 0 {
				t.Errorf("%s, %s: read %q with %d errors, want first and third after an error", name, form, got, errs)
			}
		}
	}
}

// damage flips bytes in the middle of a gzip member's compressed data.
func damage(b []byte) []byte {
	b = bytes.Clone(b)
	for i := len(b) / 3; i < len(b)/3+8 && i < len(b)-8; i++ {
		b[i] ^= 0xa5
	}
	return b
}

// FuzzReader feeds arbitrary bytes to the Reader and the HTTP parsers: errors are fine,
// panics and unbounded allocation are not.
func FuzzReader(f *testing.F) {
	dir := f.TempDir()
	w, err := NewWriter(Options{Dir: dir})
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range testCaptures()[:4] {
		if err := w.Write(c); err != nil {
			f.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		f.Fatal(err)
	}
	written, err := os.ReadFile(w.Files()[0])
	if err != nil {
		f.Fatal(err)
	}
	foreign := foreignWARC()
	f.Add(written)
	f.Add(foreign)
	f.Add(gzipBytes(foreign))
	f.Add(foreign[:len(foreign)/3])
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200\r\nTransfer-Encoding: chunked\r\n\r\nffffffff\r\n"))
	f.Add([]byte("WARC/1.0\r\nContent-Length: 0\r\n\r\n\r\n\r\nWARC/1.0\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		r.MaxRecordSize = 1 << 20
		for i := 0; i < 100; i++ {
			rec, err := r.Next()
			var re *RecordError
			if errors.As(err, &re) {
				continue // damage: reading goes on
			}
			if err != nil && !errors.Is(err, ErrRecordTooLarge) {
				return
			}
			if rec == nil {
				t.Fatalf("Next returned no record and no error")
			}
			rec.ID()
			rec.TargetURI()
			rec.Date()
			if _, h, body, err := rec.HTTPResponse(); err == nil && (h == nil || int64(len(body)) > r.MaxRecordSize) {
				t.Fatalf("HTTPResponse: header %v, %d bytes", h, len(body))
			}
			rec.HTTPRequest()
		}
	})
}
