package warc

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

var (
	reRecordID = regexp.MustCompile(`^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>$`)
	reFileName = regexp.MustCompile(`^newsarchive-\d{14}-\d{5}\.warc\.gz$`)
	reWARCDate = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$`)
)

// httpParts splits a stored HTTP message without the package's parser: the start line, the
// header lines, and what follows the empty line.
func httpParts(t *testing.T, block []byte) (start string, lines []string, body []byte) {
	t.Helper()
	i := bytes.Index(block, []byte("\r\n\r\n"))
	if i < 0 {
		t.Fatalf("HTTP message without an empty line: %q", block)
	}
	ls := strings.Split(string(block[:i]), "\r\n")
	return ls[0], ls[1:], block[i+4:]
}

func hasLine(lines []string, l string) bool {
	for _, x := range lines {
		if x == l {
			return true
		}
	}
	return false
}

func headerNamed(lines []string, name string) []string {
	var out []string
	for _, l := range lines {
		if n, v, _ := strings.Cut(l, ": "); strings.EqualFold(n, name) {
			out = append(out, v)
		}
	}
	return out
}

// TestWriterSpec checks the written file against WARC 1.1 record by record, reading it without
// the package's Reader.
func TestWriterSpec(t *testing.T) {
	dir := t.TempDir()
	info := map[string]string{"operator": "Nhóm lưu trữ Bến Tre <archive@example.org>", "isPartOf": "bentre-2026", "description": "test export"}
	files := writeTestArchive(t, dir, Options{Software: "newsarchive-test/1.0", Info: info})
	if len(files) != 1 {
		t.Fatalf("files = %v, want one", files)
	}
	if !reFileName.MatchString(filepath.Base(files[0])) {
		t.Errorf("file name %q does not match %v", filepath.Base(files[0]), reFileName)
	}
	caps := testCaptures()
	recs := readMembers(t, files[0])
	if len(recs) != 1+2*len(caps) {
		t.Fatalf("%d records, want warcinfo + 2 × %d captures", len(recs), len(caps))
	}

	// Every record.
	ids := map[string]bool{}
	for i, r := range recs {
		counts := map[string]int{}
		for _, f := range r.fields {
			counts[strings.ToLower(f.Name)]++
		}
		for name, n := range counts {
			if n > 1 && name != "warc-concurrent-to" {
				t.Errorf("record %d: field %s repeated", i, name)
			}
		}
		for _, m := range []string{"WARC-Record-ID", "Content-Length", "WARC-Date", "WARC-Type", "Content-Type", "WARC-Block-Digest"} {
			if r.get(m) == "" {
				t.Errorf("record %d (%s): no %s", i, r.get("WARC-Type"), m)
			}
		}
		id := r.get("WARC-Record-ID")
		if !reRecordID.MatchString(id) {
			t.Errorf("record %d: WARC-Record-ID %q is not a v4 UUID URN", i, id)
		}
		if ids[id] {
			t.Errorf("record %d: WARC-Record-ID %s repeated", i, id)
		}
		ids[id] = true
		if d := r.get("WARC-Date"); !reWARCDate.MatchString(d) {
			t.Errorf("record %d: WARC-Date %q", i, d)
		}
		if got, want := r.get("WARC-Block-Digest"), sha256Label(r.block); got != want {
			t.Errorf("record %d: WARC-Block-Digest %s, want %s", i, got, want)
		}
		if i > 0 {
			if got, want := r.get("WARC-Warcinfo-ID"), recs[0].get("WARC-Record-ID"); got != want {
				t.Errorf("record %d: WARC-Warcinfo-ID %s, want %s", i, got, want)
			}
			if r.get("WARC-Target-URI") == "" || strings.ContainsAny(r.get("WARC-Target-URI"), " #") {
				t.Errorf("record %d: WARC-Target-URI %q", i, r.get("WARC-Target-URI"))
			}
		}
	}

	// The warcinfo record.
	wi := recs[0]
	if wi.get("WARC-Type") != "warcinfo" || wi.get("Content-Type") != "application/warc-fields" ||
		wi.get("WARC-Filename") != filepath.Base(files[0]) || wi.get("WARC-Target-URI") != "" {
		t.Errorf("warcinfo fields: %v", wi.fields)
	}
	wantInfo := "software: newsarchive-test/1.0\r\nformat: WARC File Format 1.1\r\n" +
		"conformsTo: " + conformsTo + "\r\n" +
		"description: test export\r\nisPartOf: bentre-2026\r\noperator: Nhóm lưu trữ Bến Tre <archive@example.org>\r\n"
	if string(wi.block) != wantInfo {
		t.Errorf("warcinfo block:\n%q\nwant\n%q", wi.block, wantInfo)
	}

	// Each capture: its response or revisit record, then its request record.
	kinds := []string{"response", "response", "identical", "not-modified", "response", "not-modified", "response", "response", "response"}
	refersTo := []int{-1, -1, 0, 0, -1, 4, -1, -1, -1}
	for i, c := range caps {
		resp, req := recs[1+2*i], recs[2+2*i]
		where := fmt.Sprintf("capture %d (%s)", i, c.URL)
		target, _, _ := targetURI(c.URL)
		if resp.get("WARC-Target-URI") != target || req.get("WARC-Target-URI") != target {
			t.Errorf("%s: WARC-Target-URI %q / %q, want %q", where, resp.get("WARC-Target-URI"), req.get("WARC-Target-URI"), target)
		}
		if got, want := resp.get("WARC-Date"), formatDate(c.Time); got != want || req.get("WARC-Date") != want {
			t.Errorf("%s: WARC-Date %q / %q, want %q", where, got, req.get("WARC-Date"), want)
		}
		if resp.get("Content-Type") != "application/http;msgtype=response" {
			t.Errorf("%s: Content-Type %q", where, resp.get("Content-Type"))
		}
		if c.IP != "" && (resp.get("WARC-IP-Address") != c.IP || req.get("WARC-IP-Address") != c.IP) {
			t.Errorf("%s: WARC-IP-Address missing", where)
		}
		start, lines, payload := httpParts(t, resp.block)
		for _, hop := range []string{"Content-Encoding", "Transfer-Encoding"} {
			if len(headerNamed(lines, hop)) > 0 {
				t.Errorf("%s: stored response has %s", where, hop)
			}
		}
		var ref rawRecord
		if refersTo[i] >= 0 {
			ref = recs[1+2*refersTo[i]]
		}
		switch kinds[i] {
		case "response":
			if resp.get("WARC-Type") != "response" {
				t.Fatalf("%s: WARC-Type %q, want response", where, resp.get("WARC-Type"))
			}
			if want := fmt.Sprintf("HTTP/1.1 %d %s", c.Status, http.StatusText(c.Status)); start != want {
				t.Errorf("%s: status line %q, want %q", where, start, want)
			}
			if !bytes.Equal(payload, c.Body) {
				t.Errorf("%s: payload differs from the body", where)
			}
			if got, want := resp.get("WARC-Payload-Digest"), sha256Label(c.Body); got != want {
				t.Errorf("%s: WARC-Payload-Digest %s, want %s", where, got, want)
			}
			if got := headerNamed(lines, "Content-Length"); len(got) != 1 || got[0] != fmt.Sprint(len(c.Body)) {
				t.Errorf("%s: HTTP Content-Length %v, want %d", where, got, len(c.Body))
			}
			for _, f := range []string{"WARC-Profile", "WARC-Refers-To", "WARC-Truncated", "WARC-Concurrent-To"} {
				if resp.get(f) != "" {
					t.Errorf("%s: response has %s", where, f)
				}
			}
		case "identical", "not-modified":
			if resp.get("WARC-Type") != "revisit" {
				t.Fatalf("%s: WARC-Type %q, want revisit", where, resp.get("WARC-Type"))
			}
			if len(payload) != 0 {
				t.Errorf("%s: revisit block has a payload of %d bytes", where, len(payload))
			}
			if resp.get("WARC-Refers-To") != ref.get("WARC-Record-ID") ||
				resp.get("WARC-Refers-To-Date") != ref.get("WARC-Date") ||
				resp.get("WARC-Refers-To-Target-URI") != ref.get("WARC-Target-URI") {
				t.Errorf("%s: refers to %s %s %s, want %s %s %s", where,
					resp.get("WARC-Refers-To"), resp.get("WARC-Refers-To-Date"), resp.get("WARC-Refers-To-Target-URI"),
					ref.get("WARC-Record-ID"), ref.get("WARC-Date"), ref.get("WARC-Target-URI"))
			}
			if kinds[i] == "identical" {
				if resp.get("WARC-Profile") != ProfileIdenticalPayloadDigest || resp.get("WARC-Truncated") != "length" {
					t.Errorf("%s: profile %q truncated %q", where, resp.get("WARC-Profile"), resp.get("WARC-Truncated"))
				}
				if resp.get("WARC-Payload-Digest") != ref.get("WARC-Payload-Digest") || resp.get("WARC-Payload-Digest") != sha256Label(c.Body) {
					t.Errorf("%s: WARC-Payload-Digest %s", where, resp.get("WARC-Payload-Digest"))
				}
				if start != "HTTP/1.1 200 OK" || !hasLine(lines, fmt.Sprintf("Content-Length: %d", len(c.Body))) {
					t.Errorf("%s: HTTP head %q %q", where, start, lines)
				}
			} else {
				if resp.get("WARC-Profile") != ProfileServerNotModified || resp.get("WARC-Payload-Digest") != "" {
					t.Errorf("%s: profile %q payload digest %q", where, resp.get("WARC-Profile"), resp.get("WARC-Payload-Digest"))
				}
				if start != "HTTP/1.1 304 Not Modified" {
					t.Errorf("%s: status line %q", where, start)
				}
			}
		}

		// The request record.
		if req.get("WARC-Type") != "request" || req.get("Content-Type") != "application/http;msgtype=request" {
			t.Errorf("%s: request record fields %v", where, req.fields)
		}
		if req.get("WARC-Concurrent-To") != resp.get("WARC-Record-ID") {
			t.Errorf("%s: WARC-Concurrent-To %q, want %q", where, req.get("WARC-Concurrent-To"), resp.get("WARC-Record-ID"))
		}
		if req.get("WARC-Payload-Digest") != sha256Label(nil) {
			t.Errorf("%s: request WARC-Payload-Digest %q", where, req.get("WARC-Payload-Digest"))
		}
		rstart, rlines, rbody := httpParts(t, req.block)
		u := strings.TrimPrefix(strings.TrimPrefix(target, "https://"), "http://")
		host, path, _ := strings.Cut(u, "/")
		if rstart != "GET /"+path+" HTTP/1.1" || len(rlines) == 0 || rlines[0] != "Host: "+host || len(rbody) != 0 {
			t.Errorf("%s: request %q %q %q", where, rstart, rlines, rbody)
		}
		if !hasLine(rlines, "User-Agent: newsarchive/0.1 (+https://example.org/bot)") {
			t.Errorf("%s: request headers %q", where, rlines)
		}
	}

	// Header rewriting of the first capture, and values kept in order.
	_, lines, _ := httpParts(t, recs[1].block)
	for _, l := range []string{"X-Archive-Orig-Content-Encoding: gzip", "X-Archive-Orig-Content-Length: 1234",
		"Content-Type: text/html; charset=utf-8", `Etag: "a80176-1"`} {
		if !hasLine(lines, l) {
			t.Errorf("capture 0: no header line %q in %q", l, lines)
		}
	}
	if got := headerNamed(lines, "Set-Cookie"); len(got) != 2 || got[0] != "a=1; Path=/" || got[1] != "b=2; Path=/" {
		t.Errorf("capture 0: Set-Cookie %q", got)
	}
	if _, lines, _ := httpParts(t, recs[3].block); !hasLine(lines, "X-Archive-Orig-Transfer-Encoding: chunked") {
		t.Errorf("capture 1: headers %q", lines)
	}
	if want := "https://dongkhoi.baovinhlong.vn/tin-t%E1%BB%A9c/b%E1%BA%BFn-tre-a123.html?p=1"; recs[15].get("WARC-Target-URI") != want {
		t.Errorf("capture 7: WARC-Target-URI %q, want %q", recs[15].get("WARC-Target-URI"), want)
	}
	if got := recs[1].get("WARC-Date"); got != "2026-03-14T09:26:53.589793Z" {
		t.Errorf("WARC-Date %q", got)
	}

	checkIndex(t, dir, map[string][]rawRecord{filepath.Base(files[0]): recs}, len(caps))
}

// checkIndex checks index.cdxj against the records of the files, and reads every indexed
// record by decompressing just the bytes the index gives.
func checkIndex(t *testing.T, dir string, recsByFile map[string][]rawRecord, captures int) {
	t.Helper()
	lines := readIndex(t, dir)
	if len(lines) != captures {
		t.Fatalf("index has %d lines, want %d", len(lines), captures)
	}
	if !sort.SliceIsSorted(lines, func(i, j int) bool { return lines[i].raw < lines[j].raw }) {
		t.Errorf("index is not sorted")
	}
	for i := 1; i < len(lines); i++ {
		a, b := lines[i-1], lines[i]
		if a.urlkey > b.urlkey || a.urlkey == b.urlkey && a.timestamp > b.timestamp {
			t.Errorf("index lines out of order: %q before %q", a.raw, b.raw)
		}
	}
	seen := map[string]bool{}
	for _, l := range lines {
		var rec *rawRecord
		for i, r := range recsByFile[l.Filename] {
			if fmt.Sprint(r.offset) == l.Offset {
				rec = &recsByFile[l.Filename][i]
			}
		}
		if rec == nil {
			t.Errorf("index line %q: no record at that offset", l.raw)
			continue
		}
		typ := rec.get("WARC-Type")
		if typ != "response" && typ != "revisit" {
			t.Errorf("index line %q: points at a %s record", l.raw, typ)
		}
		seen[rec.get("WARC-Record-ID")] = true
		date, _ := time.Parse(time.RFC3339Nano, rec.get("WARC-Date"))
		key, _ := SURT(rec.get("WARC-Target-URI"))
		if l.URL != rec.get("WARC-Target-URI") || l.urlkey != key || l.timestamp != date.Format("20060102150405") ||
			l.Length != fmt.Sprint(rec.length) || l.Digest != rec.get("WARC-Payload-Digest") {
			t.Errorf("index line %q does not match record %v at %d+%d", l.raw, rec.fields, rec.offset, rec.length)
		}
		_, hl, _ := httpParts(t, rec.block)
		mime := ""
		if ct := headerNamed(hl, "Content-Type"); len(ct) > 0 {
			mime = strings.TrimSpace(strings.Split(ct[0], ";")[0])
		}
		if typ == "revisit" {
			mime = "warc/revisit"
		}
		if l.Mime != mime {
			t.Errorf("index line %q: mime %q, want %q", l.raw, l.Mime, mime)
		}

		// Random access: decompress exactly [offset, offset+length).
		f, err := os.Open(filepath.Join(dir, l.Filename))
		if err != nil {
			t.Fatal(err)
		}
		var off, n int64
		fmt.Sscan(l.Offset, &off)
		fmt.Sscan(l.Length, &n)
		member := make([]byte, n)
		if _, err := f.ReadAt(member, off); err != nil {
			t.Fatal(err)
		}
		f.Close()
		br := bytes.NewReader(member)
		zr, err := gzip.NewReader(br)
		if err != nil {
			t.Fatalf("index line %q: not a gzip member: %v", l.raw, err)
		}
		zr.Multistream(false)
		content, err := io.ReadAll(zr)
		if err != nil || br.Len() != 0 {
			t.Fatalf("index line %q: member: %v, %d bytes left over", l.raw, err, br.Len())
		}
		got := parseRawRecord(t, l.raw, content)
		if got.get("WARC-Record-ID") != rec.get("WARC-Record-ID") {
			t.Errorf("index line %q: record %s at the offset", l.raw, got.get("WARC-Record-ID"))
		}
		// The same bytes through the package's Reader.
		rr, err := NewReader(bytes.NewReader(member))
		if err != nil {
			t.Fatal(err)
		}
		r1, err := rr.Next()
		if err != nil || r1.ID() != rec.get("WARC-Record-ID") {
			t.Fatalf("Reader on index member %q: %v", l.raw, err)
		}
		if _, err := rr.Next(); err != io.EOF {
			t.Errorf("Reader on index member %q: second Next = %v, want io.EOF", l.raw, err)
		}
	}
	for _, recs := range recsByFile {
		for _, r := range recs {
			if typ := r.get("WARC-Type"); (typ == "response" || typ == "revisit") && !seen[r.get("WARC-Record-ID")] {
				t.Errorf("record %s (%s) is not in the index", r.get("WARC-Record-ID"), typ)
			}
		}
	}
}

// TestWriterRoundTrip reads the written file back with the package's Reader.
func TestWriterRoundTrip(t *testing.T) {
	dir := t.TempDir()
	files := writeTestArchive(t, dir, Options{})
	raw := readMembers(t, files[0])
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var recs []*Record
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if len(recs) != len(raw) {
		t.Fatalf("Reader gave %d records, want %d", len(recs), len(raw))
	}
	for i, rec := range recs {
		if rec.Version != "WARC/1.1" || rec.Type != raw[i].get("WARC-Type") || rec.ID() != raw[i].get("WARC-Record-ID") ||
			!bytes.Equal(rec.Block, raw[i].block) || len(rec.Header) != len(raw[i].fields) {
			t.Errorf("record %d differs: %v %v", i, rec.Header, raw[i].fields)
		}
	}
	caps := testCaptures()
	for i, c := range caps {
		resp, req := recs[1+2*i], recs[2+2*i]
		status, h, body, err := resp.HTTPResponse()
		if err != nil {
			t.Fatalf("capture %d: HTTPResponse: %v", i, err)
		}
		wantStatus := c.Status
		if c.NotModified {
			wantStatus = 304
		}
		if status != wantStatus {
			t.Errorf("capture %d: status %d, want %d", i, status, wantStatus)
		}
		if resp.Type == "response" && !bytes.Equal(body, c.Body) {
			t.Errorf("capture %d: body differs:\n%q\n%q", i, body, c.Body)
		}
		if resp.Type == "revisit" && len(body) != 0 {
			t.Errorf("capture %d: revisit body %q", i, body)
		}
		if ct := c.ResponseHeader.Get("Content-Type"); h.Get("Content-Type") != ct {
			t.Errorf("capture %d: Content-Type %q, want %q", i, h.Get("Content-Type"), ct)
		}
		if when, err := resp.Date(); err != nil || !when.Equal(c.Time.Truncate(time.Microsecond)) {
			t.Errorf("capture %d: Date() = %v, %v; want %v", i, when, err, c.Time)
		}
		method, target, rh, _, err := req.HTTPRequest()
		if err != nil || method != "GET" || !strings.HasPrefix(target, "/") || rh.Get("User-Agent") == "" || rh.Get("Host") == "" {
			t.Errorf("capture %d: HTTPRequest = %q %q %v %v", i, method, target, rh, err)
		}
	}
	// The windows-1258 body is kept byte for byte.
	if _, _, body, _ := recs[3].HTTPResponse(); !bytes.Equal(body, cp1258) {
		t.Errorf("windows-1258 body changed: %q", body)
	}
	if _, h, _, _ := recs[1].HTTPResponse(); h.Get("X-Archive-Orig-Content-Encoding") != "gzip" || h.Get("Content-Encoding") != "" {
		t.Errorf("capture 0 headers: %v", h)
	}
}

// TestWriterRotation writes with a small MaxSize: several files, each with its own warcinfo,
// no capture split across files, and deduplication across files.
func TestWriterRotation(t *testing.T) {
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	timeNow = func() time.Time { return fixed }
	defer func() { timeNow = time.Now }()

	dir := t.TempDir()
	const maxSize = 3000
	w, err := NewWriter(Options{Dir: dir, Prefix: "rot", MaxSize: maxSize})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(1))
	var bodies [][]byte
	n := 12
	for i := 0; i < n; i++ {
		body := make([]byte, 1500)
		rng.Read(body)
		if i == n-1 {
			body = bodies[0] // a duplicate of a payload in the first file
		}
		bodies = append(bodies, body)
		err := w.Write(Capture{
			URL: fmt.Sprintf("https://baodongkhoi.vn/a%d.html", i), Time: fixed.Add(time.Duration(i) * time.Minute),
			Status: 200, ResponseHeader: http.Header{"Content-Type": {"application/octet-stream"}}, Body: body,
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	files := w.Files()
	if len(files) < 4 {
		t.Fatalf("%d files, want several: %v", len(files), files)
	}
	recsByFile := map[string][]rawRecord{}
	idFile := map[string]string{}
	captures := 0
	for i, path := range files {
		base := filepath.Base(path)
		if want := fmt.Sprintf("rot-20260102030405-%05d.warc.gz", i); base != want {
			t.Errorf("file %d is %s, want %s", i, base, want)
		}
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if i < len(files)-1 && st.Size() < maxSize {
			t.Errorf("%s has %d bytes: rotated before MaxSize", base, st.Size())
		}
		recs := readMembers(t, path)
		recsByFile[base] = recs
		if recs[0].get("WARC-Type") != "warcinfo" || recs[0].get("WARC-Filename") != base {
			t.Errorf("%s does not begin with its warcinfo: %v", base, recs[0].fields)
		}
		if (len(recs)-1)%2 != 0 {
			t.Errorf("%s: %d records after warcinfo: a capture is split", base, len(recs)-1)
		}
		for j, r := range recs {
			idFile[r.get("WARC-Record-ID")] = base
			if j > 0 && r.get("WARC-Warcinfo-ID") != recs[0].get("WARC-Record-ID") {
				t.Errorf("%s record %d: WARC-Warcinfo-ID of another file", base, j)
			}
			if j > 0 && j%2 == 0 && r.get("WARC-Concurrent-To") != recs[j-1].get("WARC-Record-ID") {
				t.Errorf("%s record %d: request not after its response", base, j)
			}
			if j > 0 && j%2 == 1 {
				captures++
			}
		}
	}
	if captures != n {
		t.Errorf("%d captures in the files, want %d", captures, n)
	}
	last := recsByFile[filepath.Base(files[len(files)-1])]
	rv := last[len(last)-2]
	if rv.get("WARC-Type") != "revisit" || idFile[rv.get("WARC-Refers-To")] != filepath.Base(files[0]) {
		t.Errorf("duplicate payload: %v, want a revisit referring into the first file", rv.fields)
	}
	checkIndex(t, dir, recsByFile, n)
}

// TestWriterNameCollision: an existing file of the same name, finished or still open, is not
// overwritten; a Writer that writes nothing makes no WARC file, only an empty index.
func TestWriterNameCollision(t *testing.T) {
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	timeNow = func() time.Time { return fixed }
	defer func() { timeNow = time.Now }()
	dir := t.TempDir()
	taken := filepath.Join(dir, "x-20260102030405-00000.warc.gz")
	if err := os.WriteFile(taken, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "x-20260102030405-00001.warc.gz.open"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := NewWriter(Options{Dir: dir, Prefix: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(testCaptures()[0]); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := w.Files(); len(got) != 1 || filepath.Base(got[0]) != "x-20260102030405-00002.warc.gz" {
		t.Errorf("files %v", got)
	}
	if b, _ := os.ReadFile(taken); string(b) != "keep" {
		t.Errorf("existing file overwritten")
	}

	empty := t.TempDir()
	w, err = NewWriter(Options{Dir: empty})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if lines := readIndex(t, empty); len(w.Files()) != 0 || len(lines) != 0 {
		t.Errorf("empty export: files %v, index %v", w.Files(), lines)
	}
	if left, _ := os.ReadDir(empty); len(left) != 1 {
		t.Errorf("empty export left %v, want only the index", left)
	}
}

func TestWriterErrors(t *testing.T) {
	dir := t.TempDir()
	for _, o := range []Options{
		{},
		{Dir: dir, Prefix: "a/b"},
		{Dir: dir, Software: "x\r\ny"},
		{Dir: dir, Info: map[string]string{"operator": "a\nb"}},
		{Dir: dir, Info: map[string]string{"bad key": "v"}},
	} {
		if w, err := NewWriter(o); err == nil {
			w.Close()
			t.Errorf("NewWriter(%+v) succeeded", o)
		}
	}
	w, err := NewWriter(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []Capture{
		{URL: "ftp://example.vn/x", Status: 200},
		{URL: "/relative", Status: 200},
		{URL: "http://", Status: 200},
		{URL: "http://example.vn/", Status: 0},
		{URL: "http://example.vn/", Status: 200, Method: "GE T"},
		{URL: "http://example.vn/", Status: 200, IP: "not an ip"},
		{URL: "http://example.vn/%zz", Status: 200},
		// Found invalid by gowarc's check of the record, not ours.
		{URL: "http://example.vn:99999/", Status: 200},
		{URL: "http://256.1.1.1/", Status: 200},
	} {
		if err := w.Write(c); !errors.Is(err, ErrRejected) {
			t.Errorf("Write(%+v) = %v, want ErrRejected", c, err)
		}
	}
	// Header values cannot break out of their line.
	err = w.Write(Capture{URL: "http://example.vn/x", Status: 200,
		ResponseHeader: http.Header{"X-Evil": {"a\r\nWARC-Type: resource"}, "Bad Name": {"x"}},
		RequestHeader:  http.Header{"Cookie": {"c=1\nd=2"}}, Body: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := w.Write(Capture{URL: "http://example.vn/y", Status: 200}); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close: %v, want ErrClosed", err)
	}
	recs := readMembers(t, w.Files()[0])
	if len(recs) != 3 {
		t.Fatalf("%d records", len(recs))
	}
	_, lines, _ := httpParts(t, recs[1].block)
	if !hasLine(lines, "X-Evil: a  WARC-Type: resource") || len(headerNamed(lines, "Bad Name")) > 0 {
		t.Errorf("response headers %q", lines)
	}
	if _, lines, _ := httpParts(t, recs[2].block); !hasLine(lines, "Cookie: c=1 d=2") {
		t.Errorf("request headers %q", lines)
	}
}
