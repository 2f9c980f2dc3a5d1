package warc

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Bodies of the test captures.
var (
	// viHTML is a Vietnamese page in UTF-8.
	viHTML = []byte("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Hội nghị tổng kết năm 2021 – Báo Đồng Khởi</title></head>\n" +
		"<body><h1>Hội nghị tổng kết công tác năm 2021</h1><p>Chiều 19/04/2021, Sở Công Thương tỉnh Bến Tre tổ chức hội nghị…</p>" +
		"<p>Đồng chí Trần Ngọc Tam phát biểu chỉ đạo tại hội nghị.</p></body></html>\n")
	// viHTML2 is a later version of the same page.
	viHTML2 = bytes.Replace(viHTML, []byte("tổ chức hội nghị"), []byte("đã tổ chức hội nghị"), 1)
	// cp1258 is "<p>Báo Đồng Khởi – Bến Tre</p>" in windows-1258: precomposed base letters with
	// combining tone marks (0xCC grave, 0xD2 hook above, 0xEC acute), not valid UTF-8.
	cp1258 = []byte("<html><head><meta charset=\"windows-1258\"></head><body><p>B\xe1o \xd0\xf4\xccng Kh\xf5\xd2i \x96 B\xea\xecn Tre</p></body></html>")
)

// testT0 is the time of the first test capture.
var testT0 = time.Date(2026, 3, 14, 9, 26, 53, 589793000, time.UTC)

// testCaptures returns the captures the writer tests write, covering a plain response with
// rewritten headers, a windows-1258 body, a duplicate payload under another URL, a 304, a
// changed page and a 304 after it, an error page without Content-Type, and a URL with
// Vietnamese letters.
func testCaptures() []Capture {
	reqH := func(extra ...string) http.Header {
		h := http.Header{
			"User-Agent":      {"newsarchive/0.1 (+https://example.org/bot)"},
			"Accept":          {"text/html,application/xhtml+xml"},
			"Accept-Encoding": {"gzip"},
		}
		for i := 0; i+1 < len(extra); i += 2 {
			h.Add(extra[i], extra[i+1])
		}
		return h
	}
	article := "https://baodongkhoi.vn/hoi-nghi-19042021-a80176.html"
	return []Capture{
		{
			URL: article, Time: testT0, RequestHeader: reqH(), Status: 200, IP: "203.162.4.190",
			ResponseHeader: http.Header{
				"Content-Type":     {"text/html; charset=utf-8"},
				"Content-Encoding": {"gzip"},
				"Content-Length":   {"1234"},
				"Etag":             {`"a80176-1"`},
				"Last-Modified":    {"Mon, 19 Apr 2021 07:06:00 GMT"},
				"Server":           {"nginx"},
				"Set-Cookie":       {"a=1; Path=/", "b=2; Path=/"},
			},
			Body: viHTML,
		},
		{
			URL: "http://sct.bentre.gov.vn/Pages/tin-tuc.aspx?b=2&a=1", Time: testT0.Add(time.Second),
			RequestHeader: reqH("Host", "sct.bentre.gov.vn"), Status: 200,
			ResponseHeader: http.Header{
				"Content-Type":      {"text/html; charset=windows-1258"},
				"Transfer-Encoding": {"chunked"},
			},
			Body: cp1258,
		},
		{
			// The same payload under another URL: an identical-payload-digest revisit.
			URL: "https://baodongkhoi.vn/hoi-nghi-19042021-a80176.html?zarsrc=30", Time: testT0.Add(2 * time.Second),
			RequestHeader: reqH(), Status: 200,
			ResponseHeader: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
			Body:           viHTML,
		},
		{
			// 304 Not Modified: a server-not-modified revisit of the first capture.
			URL: article, Time: testT0.Add(time.Hour),
			RequestHeader: reqH("If-None-Match", `"a80176-1"`), NotModified: true,
			ResponseHeader: http.Header{"Etag": {`"a80176-1"`}, "Date": {"Sat, 14 Mar 2026 10:26:53 GMT"}},
		},
		{
			URL: article, Time: testT0.Add(24 * time.Hour), RequestHeader: reqH(), Status: 200,
			ResponseHeader: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Etag": {`"a80176-2"`}},
			Body:           viHTML2,
		},
		{
			// Status 304 without NotModified: the same, now referring to the changed page.
			URL: article, Time: testT0.Add(25 * time.Hour), RequestHeader: reqH(), Status: 304,
			ResponseHeader: http.Header{"Etag": {`"a80176-2"`}},
		},
		{
			URL: "https://www.bentre.gov.vn/khong-co", Time: testT0.Add(3 * time.Second), RequestHeader: reqH(),
			Status: 404, Body: []byte("not found\n"),
		},
		{
			URL:  "https://dongkhoi.baovinhlong.vn/tin-tức/bến-tre-a123.html?p=1#comments",
			Time: testT0.Add(4 * time.Second), RequestHeader: reqH(), Status: 200,
			ResponseHeader: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
			Body:           []byte("<p>Bến Tre: Đồng Khởi</p>"),
		},
		{
			URL: "https://www.bentre.gov.vn/", Time: testT0.Add(5 * time.Second), RequestHeader: reqH(),
			Status: 200, ResponseHeader: http.Header{"Content-Type": {"text/html"}}, Body: []byte{},
		},
	}
}

// rawRecord is a record as the spec checks see it: parsed from one gzip member without the
// package's Reader.
type rawRecord struct {
	file           string
	offset, length int64
	version        string
	fields         []Field
	block          []byte
}

func (r rawRecord) get(name string) string { return Header(r.fields).Get(name) }

// readMembers splits a .warc.gz file into its gzip members, each of which must hold exactly
// one record, and checks the record syntax of the standard: the version line, "name: value"
// lines ended by CRLF, the empty line, a block of exactly Content-Length bytes, and CRLF CRLF.
func readMembers(t *testing.T, path string) []rawRecord {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var recs []rawRecord
	for off := 0; off < len(data); {
		br := bytes.NewReader(data[off:])
		zr, err := gzip.NewReader(br)
		if err != nil {
			t.Fatalf("%s@%d: not a gzip member: %v", path, off, err)
		}
		zr.Multistream(false)
		content, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s@%d: gzip member: %v", path, off, err)
		}
		n := len(data) - off - br.Len()
		rec := parseRawRecord(t, path, content)
		rec.file, rec.offset, rec.length = filepath.Base(path), int64(off), int64(n)
		recs = append(recs, rec)
		off += n
	}
	return recs
}

// parseRawRecord checks and parses the uncompressed bytes of one record.
func parseRawRecord(t *testing.T, where string, content []byte) rawRecord {
	t.Helper()
	headEnd := bytes.Index(content, []byte("\r\n\r\n"))
	if headEnd < 0 {
		t.Fatalf("%s: record without the empty line ending its header", where)
	}
	head := string(content[:headEnd])
	if strings.Contains(strings.ReplaceAll(head, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(head, "\r\n", ""), "\r") {
		t.Errorf("%s: header has a bare CR or LF: %q", where, head)
	}
	lines := strings.Split(head, "\r\n")
	rec := rawRecord{version: lines[0]}
	if lines[0] != "WARC/1.1" {
		t.Errorf("%s: version line %q, want WARC/1.1", where, lines[0])
	}
	for _, l := range lines[1:] {
		name, value, ok := strings.Cut(l, ": ")
		if !ok || name == "" || strings.ContainsAny(name, " \t") || value != strings.TrimSpace(value) {
			t.Errorf("%s: bad field line %q", where, l)
			continue
		}
		rec.fields = append(rec.fields, Field{name, value})
	}
	cl, err := strconv.Atoi(rec.get("Content-Length"))
	if err != nil || cl < 0 {
		t.Fatalf("%s: Content-Length %q", where, rec.get("Content-Length"))
	}
	blockStart := headEnd + 4
	if len(content) != blockStart+cl+4 || !bytes.HasSuffix(content, []byte("\r\n\r\n")) {
		t.Fatalf("%s: %d bytes after the header, want Content-Length %d + CRLF CRLF", where, len(content)-blockStart, cl)
	}
	rec.block = content[blockStart : blockStart+cl]
	return rec
}

func sha256Label(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

// cdxjLine is one parsed line of index.cdxj.
type cdxjLine struct {
	raw, urlkey, timestamp string
	cdxjFields
}

func readIndex(t *testing.T, dir string) []cdxjLine {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, IndexName))
	if err != nil {
		t.Fatal(err)
	}
	var out []cdxjLine
	for _, l := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if l == "" {
			continue
		}
		key, rest, _ := strings.Cut(l, " ")
		ts, js, _ := strings.Cut(rest, " ")
		c := cdxjLine{raw: l, urlkey: key, timestamp: ts}
		if err := json.Unmarshal([]byte(js), &c.cdxjFields); err != nil {
			t.Fatalf("index line %q: %v", l, err)
		}
		out = append(out, c)
	}
	return out
}

// writeTestArchive writes testCaptures into dir and returns the writer's files.
func writeTestArchive(t *testing.T, dir string, o Options) []string {
	t.Helper()
	o.Dir = dir
	w, err := NewWriter(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range testCaptures() {
		if err := w.Write(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.Files()
}
