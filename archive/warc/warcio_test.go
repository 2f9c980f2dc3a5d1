package warc

// Independent validation with webrecorder's warcio.js (the npm package "warcio", the library
// behind ReplayWeb.page and Browsertrix): it reads what the Writer writes, and writes what the
// Reader must read. Needs node and npm in PATH (the test is skipped without them) and, once per
// machine, the npm registry to install warcio into the user cache directory.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/testmain"
)

// warcioVersion is the warcio.js release the tests install (npm view warcio version).
const warcioVersion = "2.4.11"

var warcioInstall struct {
	once sync.Once
	dir  string
	err  error
	log  string
}

// warcioDir returns a directory whose node_modules holds warcio.js, installing it on first
// use into <user cache>/newsarchive-test/warcio-<version>. It skips the test when node or npm
// is missing and fails it when the install fails.
func warcioDir(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not in PATH: skipping the warcio.js validation (install Node.js 18+ to run it)", tool)
		}
	}
	warcioInstall.once.Do(func() {
		base, err := os.UserCacheDir()
		if err != nil {
			base = os.TempDir()
		}
		dir := filepath.Join(base, "newsarchive-test", "warcio-"+warcioVersion)
		warcioInstall.dir = dir
		if installedVersion(dir) == warcioVersion {
			return
		}
		if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
			warcioInstall.err = err
			return
		}
		// Install into a fresh directory and rename it into place, so that a concurrent or
		// interrupted install never leaves a half-filled directory behind.
		tmp, err := os.MkdirTemp(filepath.Dir(dir), ".warcio-install-")
		if err != nil {
			warcioInstall.err = err
			return
		}
		defer os.RemoveAll(tmp)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "npm", "install", "--prefix", tmp, "--no-audit", "--no-fund",
			"--loglevel=error", "warcio@"+warcioVersion)
		out, err := cmd.CombinedOutput()
		warcioInstall.log = string(out)
		if err != nil {
			warcioInstall.err = err
			return
		}
		if err := os.Rename(tmp, dir); err != nil && installedVersion(dir) != warcioVersion {
			os.RemoveAll(dir)
			if err := os.Rename(tmp, dir); err != nil {
				warcioInstall.err = err
			}
		}
	})
	if warcioInstall.err != nil {
		t.Fatalf("npm install warcio@%s failed: %v\n%s", warcioVersion, warcioInstall.err, warcioInstall.log)
	}
	return warcioInstall.dir
}

func installedVersion(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "node_modules", "warcio", "package.json"))
	if err != nil {
		return ""
	}
	var p struct{ Version string }
	json.Unmarshal(b, &p)
	return p.Version
}

// runNode runs an ES module script with warcio.js importable and returns its standard output.
func runNode(t *testing.T, script string, args ...string) []byte {
	t.Helper()
	dir := warcioDir(t)
	f, err := os.CreateTemp(dir, "script-*.mjs")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(f.Name())
	if _, err := f.WriteString(script); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", append([]string{f.Name()}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Logf("node stderr: %s", stderr.String())
	}
	return stdout.Bytes()
}

// validateScript reads every record of the files given as arguments with warcio.js and prints
// a JSON summary:
//   - pass 1 (parseHttp off): each block's SHA-256 against WARC-Block-Digest and its length
//     against Content-Length;
//   - pass 2 (HTTP parsed): each payload's SHA-256 against WARC-Payload-Digest, and both
//     digests recomputed by warcio's own WARCSerializer (which writes "sha256:<hex>") from the
//     parsed HTTP headers and payload, compared with the stored ones; the decoded text of each
//     response;
//   - pass 3: warcio's CDXJ index of the files.
const validateScript = `
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { WARCParser, WARCRecord, WARCSerializer, CDXIndexer } from "warcio";

const sha256 = (b) => "sha256:" + crypto.createHash("sha256").update(b).digest("hex");
const out = { records: 0, types: {}, blockOK: 0, payloadOK: 0, warcioBlockOK: 0, warcioPayloadOK: 0,
              problems: [], ids: [], texts: {}, statuses: {}, cdxj: [] };
const problem = (file, rec, what) => out.problems.push(path.basename(file) + " " +
  rec.warcHeader("WARC-Record-ID") + " " + rec.warcType + ": " + what);

for (const file of process.argv.slice(2)) {
  for await (const rec of new WARCParser(fs.createReadStream(file), { parseHttp: false })) {
    const block = await rec.readFully(false);
    out.records++;
    out.types[rec.warcType] = (out.types[rec.warcType] || 0) + 1;
    out.ids.push(rec.warcHeader("WARC-Record-ID"));
    if (rec.warcContentLength !== block.length) problem(file, rec, "Content-Length " + rec.warcContentLength + " != " + block.length);
    if (rec.warcBlockDigest === sha256(block)) out.blockOK++;
    else problem(file, rec, "block digest " + rec.warcBlockDigest + " != " + sha256(block));
  }

  for await (const rec of new WARCParser(fs.createReadStream(file), { keepHeadersCase: true })) {
    if (!["response", "request", "revisit"].includes(rec.warcType)) continue;
    if (!rec.httpHeaders) { problem(file, rec, "no HTTP headers"); continue; }
    const payload = await rec.readFully(false);
    const stored = { block: rec.warcBlockDigest, payload: rec.warcPayloadDigest };
    if (rec.warcType === "revisit") {
      if (payload.length !== 0) problem(file, rec, "revisit with a payload");
    } else if (stored.payload === sha256(payload)) {
      out.payloadOK++;
    } else {
      problem(file, rec, "payload digest " + stored.payload + " != " + sha256(payload));
    }
    if (rec.warcType === "response" || rec.warcType === "revisit") {
      const url = rec.warcTargetURI + " " + rec.warcDate;
      out.statuses[url] = rec.httpHeaders.statusCode;
      if (rec.warcType === "response") out.texts[url] = await rec.contentText();
    }
    // warcio recomputes the digests from what it parsed.
    const copy = new WARCRecord({ warcHeaders: rec.warcHeaders, reader: [payload] });
    copy.httpHeaders = rec.httpHeaders;
    const ser = new WARCSerializer(copy, { gzip: false });
    await ser.digestRecord({ recompute: true });
    if (copy.warcBlockDigest === stored.block) out.warcioBlockOK++;
    else problem(file, rec, "warcio block digest " + copy.warcBlockDigest + " != " + stored.block);
    if (rec.warcType !== "revisit") {
      if (copy.warcPayloadDigest === stored.payload) out.warcioPayloadOK++;
      else problem(file, rec, "warcio payload digest " + copy.warcPayloadDigest + " != " + stored.payload);
    }
  }

  const indexer = new CDXIndexer({ format: "cdxj" });
  for await (const res of indexer.iterIndex([{ filename: path.basename(file), reader: fs.createReadStream(file) }])) {
    out.cdxj.push(indexer.serialize(res).trimEnd());
  }
}
process.stdout.write(JSON.stringify(out));
`

type warcioSummary struct {
	Records         int
	Types           map[string]int
	BlockOK         int
	PayloadOK       int
	WarcioBlockOK   int
	WarcioPayloadOK int
	Problems        []string
	IDs             []string
	Texts           map[string]string
	Statuses        map[string]int
	CDXJ            []string
}

// TestWarcioReadsOurFiles: warcio.js parses every record the Writer wrote, finds the digests it
// computes itself, sees the Vietnamese text, and indexes the records at the offsets, lengths
// and urlkeys of index.cdxj.
func TestWarcioReadsOurFiles(t *testing.T) {
	// What warcio.js, a process of its own, makes of the files is the point; the Writer's own
	// tests run under the detector.
	testmain.WithoutRace(t, "validates with warcio.js in a process of its own")
	warcioDir(t) // skip early without node
	dir := t.TempDir()
	files := writeTestArchive(t, dir, Options{})
	// A second export with rotation, so that several files are checked.
	rotDir := t.TempDir()
	w, err := NewWriter(Options{Dir: rotDir, MaxSize: 1500})
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
	if len(w.Files()) < 3 {
		t.Fatalf("rotation gave %d files", len(w.Files()))
	}

	for _, tc := range []struct {
		dir   string
		files []string
	}{{dir, files}, {rotDir, w.Files()}} {
		var s warcioSummary
		out := runNode(t, validateScript, tc.files...)
		if err := json.Unmarshal(out, &s); err != nil {
			t.Fatalf("warcio output: %v\n%s", err, out)
		}
		for _, p := range s.Problems {
			t.Errorf("warcio: %s", p)
		}
		caps := testCaptures()
		n := len(caps)
		wantTypes := map[string]int{"warcinfo": len(tc.files), "response": n - 3, "revisit": 3, "request": n}
		if len(s.Types) != len(wantTypes) {
			t.Errorf("warcio record types %v, want %v", s.Types, wantTypes)
		}
		for k, v := range wantTypes {
			if s.Types[k] != v {
				t.Errorf("warcio record types %v, want %v", s.Types, wantTypes)
				break
			}
		}
		total := len(tc.files) + 2*n
		if s.Records != total || s.BlockOK != total || s.PayloadOK != 2*n-3 ||
			s.WarcioBlockOK != 2*n || s.WarcioPayloadOK != 2*n-3 {
			t.Errorf("warcio: %d records, %d block digests ok, %d payload digests ok, warcio recomputed %d block and %d payload digests equal; want %d, %d, %d, %d, %d",
				s.Records, s.BlockOK, s.PayloadOK, s.WarcioBlockOK, s.WarcioPayloadOK, total, total, 2*n-3, 2*n, 2*n-3)
		}
		ids := map[string]bool{}
		for _, id := range s.IDs {
			if ids[id] {
				t.Errorf("record id %s repeated", id)
			}
			ids[id] = true
		}
		article := "https://baodongkhoi.vn/hoi-nghi-19042021-a80176.html " + formatDate(testT0)
		if text := s.Texts[article]; !strings.Contains(text, "Báo Đồng Khởi") || !strings.Contains(text, "Đồng chí Trần Ngọc Tam") {
			t.Errorf("warcio's text of the article: %q", text)
		}
		if st := s.Statuses["https://baodongkhoi.vn/hoi-nghi-19042021-a80176.html "+formatDate(testT0.Add(time.Hour))]; st != 304 {
			t.Errorf("warcio's status of the 304 revisit: %d", st)
		}

		// warcio's CDXJ equals ours but for the digest label, which warcio leaves out.
		ours, err := os.ReadFile(filepath.Join(tc.dir, IndexName))
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Split(strings.TrimSpace(strings.ReplaceAll(string(ours), `"digest":"sha256:`, `"digest":"`)), "\n")
		got := append([]string(nil), s.CDXJ...)
		sort.Strings(got)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("warcio CDXJ:\n%s\nours (digest label removed):\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// writeScript writes with warcio.js, as WARC/1.1, a warcinfo record, a response for
// http://example.vn/x whose body is the second argument, its request, and a response for
// http://example.vn/y whose body (the third argument) is stored gzip-compressed and chunked, as
// a capturing proxy stores it. It writes <dir>/warcio.warc.gz (a gzip member per record) and
// <dir>/warcio.warc (uncompressed), and prints the payload digest warcio computed for x.
const writeScript = `
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { WARCRecord, WARCSerializer } from "warcio";

const [dir, textX, textY] = process.argv.slice(2);
const enc = new TextEncoder();
async function* one(b) { yield b; }

function records() {
  const date = "2024-05-06T07:08:09.123Z";
  const info = WARCRecord.createWARCInfo({ filename: "warcio.warc.gz", warcVersion: "WARC/1.1" },
    { software: "warcio.js", format: "WARC File Format 1.1" });
  const bodyX = enc.encode(textX);
  const resp = WARCRecord.create({ url: "http://example.vn/x", date, type: "response", warcVersion: "WARC/1.1",
    statusline: "HTTP/1.1 200 OK",
    httpHeaders: { "Content-Type": "text/html; charset=utf-8", "Content-Length": String(bodyX.length) } }, one(bodyX));
  const req = WARCRecord.create({ url: "http://example.vn/x", date, type: "request", warcVersion: "WARC/1.1",
    statusline: "GET /x HTTP/1.1",
    warcHeaders: { "WARC-Concurrent-To": resp.warcHeader("WARC-Record-ID") },
    httpHeaders: { "Host": "example.vn", "User-Agent": "warcio-test" } });
  const gz = zlib.gzipSync(enc.encode(textY));
  const parts = [];
  for (let i = 0; i < gz.length; i += 64) {
    const c = gz.subarray(i, i + 64);
    parts.push(Buffer.from(c.length.toString(16) + "\r\n"), c, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from("0\r\n\r\n"));
  const respY = WARCRecord.create({ url: "http://example.vn/y", date, type: "response", warcVersion: "WARC/1.1",
    statusline: "HTTP/1.1 200 OK",
    httpHeaders: { "Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip", "Transfer-Encoding": "chunked" } },
    one(new Uint8Array(Buffer.concat(parts))));
  return [info, resp, req, respY];
}

let digestX = "";
for (const [name, gzip] of [["warcio.warc.gz", true], ["warcio.warc", false]]) {
  const chunks = [];
  for (const rec of records()) {
    chunks.push(await WARCSerializer.serialize(rec, { gzip }));
    if (rec.warcTargetURI === "http://example.vn/x" && rec.warcType === "response") digestX = rec.warcPayloadDigest;
  }
  fs.writeFileSync(path.join(dir, name), Buffer.concat(chunks));
}
process.stdout.write(JSON.stringify({ digestX }));
`

// warcioTextY is the body of the compressed, chunked response writeWithWarcio writes.
var warcioTextY = strings.Repeat("<p>Bến Tre – xứ dừa, quê hương Đồng Khởi.</p>\n", 40)

// writeWithWarcio writes a small WARC file with warcio.js into dir (see writeScript) and
// returns the path of its .warc.gz; the uncompressed copy is beside it, named .warc.
func writeWithWarcio(t *testing.T, dir string) string {
	t.Helper()
	out := runNode(t, writeScript, dir, string(viHTML), warcioTextY)
	var res struct{ DigestX string }
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("warcio output: %v\n%s", err, out)
	}
	sum := sha256.Sum256(viHTML)
	if want := "sha256:" + hex.EncodeToString(sum[:]); res.DigestX != want {
		t.Errorf("warcio.js payload digest %q, want %q: the digest format assumed is wrong", res.DigestX, want)
	}
	return filepath.Join(dir, "warcio.warc.gz")
}

// TestReadWarcioFile reads files written by warcio.js with the Reader, as newsarchive import
// will.
func TestReadWarcioFile(t *testing.T) {
	dir := t.TempDir()
	gzPath := writeWithWarcio(t, dir)
	for _, path := range []string{gzPath, strings.TrimSuffix(gzPath, ".gz")} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := os.Open(path)
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
			var types []string
			for _, rec := range recs {
				types = append(types, rec.Type)
				if rec.Version != "WARC/1.1" {
					t.Errorf("version %q", rec.Version)
				}
				if d := rec.Header.Get("WARC-Block-Digest"); d != "" && d != sha256Label(rec.Block) {
					t.Errorf("%s record: WARC-Block-Digest %s, computed %s", rec.Type, d, sha256Label(rec.Block))
				}
			}
			if got := strings.Join(types, " "); got != "warcinfo response request response" {
				t.Fatalf("record types %q", got)
			}
			x := recs[1]
			if x.TargetURI() != "http://example.vn/x" {
				t.Errorf("target %q", x.TargetURI())
			}
			if d, err := x.Date(); err != nil || !d.Equal(time.Date(2024, 5, 6, 7, 8, 9, 123e6, time.UTC)) {
				t.Errorf("Date = %v, %v", d, err)
			}
			status, h, body, err := x.HTTPResponse()
			if err != nil || status != 200 || h.Get("Content-Type") != "text/html; charset=utf-8" {
				t.Fatalf("HTTPResponse = %d %v %v", status, h, err)
			}
			if !bytes.Equal(body, viHTML) {
				t.Errorf("body %q", body)
			}
			if got := x.Header.Get("WARC-Payload-Digest"); got != sha256Label(body) {
				t.Errorf("payload digest %s, computed %s", got, sha256Label(body))
			}
			method, target, rh, _, err := recs[2].HTTPRequest()
			if err != nil || method != "GET" || target != "/x" || rh.Get("User-Agent") != "warcio-test" ||
				recs[2].Header.Get("WARC-Concurrent-To") != x.ID() {
				t.Errorf("request: %q %q %v %v", method, target, rh, err)
			}
			_, hy, bodyY, err := recs[3].HTTPResponse()
			if err != nil || string(bodyY) != warcioTextY {
				t.Errorf("compressed chunked response: %v, %q", err, bodyY)
			}
			if hy.Get("X-Archive-Orig-Content-Encoding") != "gzip" || hy.Get("Content-Encoding") != "" {
				t.Errorf("compressed chunked response headers: %v", hy)
			}
		})
	}
}
