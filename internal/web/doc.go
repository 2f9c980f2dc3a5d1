// Package web is `newsarchive serve`: a read-only web view of the archive — sites, articles by
// date, an article's versions and captures, word-level diffs of corrections, full-text search —
// and a JSON API mirroring it.
//
// Pages are rendered on the server with html/template and work without JavaScript. The
// database is opened read-only for each request only, never for the server's lifetime, so a
// crawl can commit between requests; the archive's caches (dictionary decoders, decoded frames:
// stored bytes that never change) live as long as the server (see Server.open). Stored HTML is
// served only into a sandboxed frame, with Content-Security-Policy: sandbox and no network
// loads. Routes take page URLs and version numbers, never file paths.
package web
