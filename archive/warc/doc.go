// Package warc writes and reads WARC files (ISO 28500:2017, WARC 1.1) and writes a CDXJ index
// of what it wrote, so that an export of the archive can be replayed by standard web-archive
// tools (pywb, ReplayWeb.page, warcio) and files made by other tools (wget, Heritrix, warcio,
// Browsertrix) can be imported.
//
// # What is ours and what is gowarc's
//
// Records are built, digested, checked against the standard, compressed and written to
// rotating files by github.com/nlnwa/gowarc/v3 (the National Library of Norway's WARC library);
// [Validate] runs gowarc's strict validation. This package keeps what gowarc does not do: the
// mapping of a capture to its records (HTTP headers as a replay tool expects them of a decoded
// body, deduplication into revisit records), the CDXJ index and the SURT keys it is sorted by,
// and the [Reader], which reads files gowarc's reader loses records of (a file gzipped whole,
// a record cut short; see TestGowarcReaderGaps and docs/WARC.md).
//
// # Files
//
// A [Writer] writes gzip-compressed files named
//
//	<Prefix>-<YYYYMMDDhhmmss>-<NNNNN>.warc.gz
//
// in [Options.Dir]: the timestamp is the UTC time the file was begun, NNNNN a serial number
// counting the files of one Writer from 00000 (bumped further if a file of that name already
// exists). This is the Prefix-Timestamp-Serial convention of annex B of the standard, without
// the crawl host. While a file is written its name ends in .open; it is renamed when finished.
// The first file is begun by the first capture. A new file is begun once the current one has
// passed [Options.MaxSize] bytes (default 10^9, the 1 GB the standard recommends); a
// capture's records are never split across files. Every file begins with its own warcinfo
// record (WARC-Filename, and an application/warc-fields block with software, format,
// conformsTo and [Options.Info]) and every other record names it in WARC-Warcinfo-ID.
//
// A capture that cannot be written as valid records (gowarc checks each record against the
// standard before writing it) gives an error wrapping [ErrRejected]; nothing of it is written
// and the Writer goes on.
//
// Each record is a gzip member of its own ("record-at-time compression", annex A), so a
// record can be read by seeking to its offset and decompressing one member. On [Writer.Close]
// the Writer writes <Dir>/index.cdxj (see below) with every response and revisit record's
// offset and compressed length.
//
// Memory: a Writer holds one capture at a time (a body past 1 MiB is buffered in a temporary
// file by gowarc). The index lines are sorted in runs of 8 MiB written beside the files and
// merged on Close; the payload digests written, for deduplication, are kept in a temporary
// bbolt file. Both are removed on Close.
//
// # Records
//
// A [Capture] becomes two records sharing one WARC-Date: first a response record (or a
// revisit record, below) whose block is the HTTP response — an HTTP/1.1 status line with the
// standard reason phrase, the headers, an empty line and the body — and then a request record
// whose block is the request line ("GET /path?query HTTP/1.1") and the request headers, with
// WARC-Concurrent-To naming the response. HTTP headers are written one per line in sorted
// order (values of one header in their order); header values are not folded.
//
// The body a crawler has is the decoded body: Go's HTTP client undoes Transfer-Encoding and,
// usually, Content-Encoding. Writing such a body under the original headers would make a
// record that replay tools decode a second time, so the response headers are rewritten as
// pywb and warcio expect of rewritten captures: Content-Encoding and Transfer-Encoding are
// dropped and their values kept as X-Archive-Orig-Content-Encoding and
// X-Archive-Orig-Transfer-Encoding, and Content-Length is set to the length of the stored body
// (a different original value is kept as X-Archive-Orig-Content-Length). The payload of the
// record is then exactly the body the crawler saw.
//
// Deduplication: when a body's digest equals that of a response written earlier by the same
// Writer (in any of its files), a revisit record with the profile
// http://netpreserve.org/warc/1.1/revisit/identical-payload-digest is written instead of a
// response: its block is the HTTP status line and headers only, it carries the payload digest,
// WARC-Truncated: length (required by §6.7.2 when a block is present, as Heritrix writes it),
// WARC-Refers-To, WARC-Refers-To-Target-URI and WARC-Refers-To-Date of the response that holds
// the payload. Empty bodies are never deduplicated. A capture answered 304 Not Modified is
// written as a revisit record with the profile
// http://netpreserve.org/warc/1.1/revisit/server-not-modified holding the 304's headers; it
// refers to the record holding the payload of the latest earlier capture of the same URL, when
// this Writer wrote one among the last 4096 URLs it wrote (the captures of a page are written
// together; past that the revisit names no record, which the standard allows).
//
// # Digests
//
// WARC-Block-Digest and WARC-Payload-Digest are SHA-256 written as "sha256:" followed by 64
// lowercase hexadecimal digits. That is what webrecorder's warcio.js (and so Browsertrix and
// ReplayWeb.page) writes by default, and what Python warcio's "warcio check" accepts (it
// compares base32, and converts a value of another length from base16 or base64 first;
// base32 of SHA-256 is only recognised with its "====" padding, so unpadded base32 would fail
// that check). Request records carry the payload digest of their empty payload, as warcio.js
// writes it; server-not-modified revisits carry no payload digest, as their payload is not
// known.
//
// # Index
//
// index.cdxj has one line for each response and revisit record, in the CDXJ format of pywb
// and warcio.js:
//
//	<urlkey> <timestamp> {"url":…,"mime":…,"status":…,"digest":…,"length":…,"offset":…,"filename":…}
//
// The urlkey is [SURT] of the target URI, the timestamp the 14 digits of WARC-Date, mime the
// HTTP Content-Type without parameters ("warc/revisit" for revisit records, left out when the
// response has none), status the HTTP status code, digest the WARC-Payload-Digest as written
// (with its "sha256:" label; warcio.js writes the value without the label), length and offset
// the compressed length and offset of the record's gzip member, and filename the base name of
// the WARC file. Lines are sorted bytewise, that is by urlkey and then timestamp, as pywb
// requires. A later Writer writing to the same Dir replaces index.cdxj.
//
// # Reading
//
// A [Reader] reads WARC/1.0 and WARC/1.1 (and older WARC/0.x) records, plain or gzip-compressed
// (one member per record or one for the whole file), made by any tool. It is lenient where
// other writers differ (LF line ends, folded header lines, stray empty lines between records,
// a WARC-Target-URI in angle brackets) and bounded where input may be hostile: a record whose
// Content-Length exceeds [Reader.MaxRecordSize] (default 256 MiB) is reported with
// [ErrRecordTooLarge] and skipped, header sections are limited to 1 MiB, memory is allocated
// as data arrives rather than as Content-Length claims, and malformed input gives an error
// wrapping [ErrMalformed], never a panic. [Record.HTTPResponse] undoes chunked
// Transfer-Encoding and gzip or deflate Content-Encoding of stored responses (decoded output
// bounded by the same limit), rewriting the returned headers as the Writer does.
package warc
