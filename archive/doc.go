// Package archive is newsarchive's store: one bbolt file holding every page ever fetched, in
// versions that change only when the article does.
//
// The words it uses:
//
//   - A page is one article, keyed by its canonical URL (see Canonicalize). It is live, or gone
//     once the site answers 404/410 for it or drops it from its listings; a gone page keeps
//     everything it had.
//   - A capture is one fetch of a page: when, the HTTP status, validators (ETag, Last-Modified),
//     the request and response headers, and the raw body when there was one.
//   - A version is an article text that differed from the one before it. A change in the raw HTML
//     alone (a view counter, a sidebar) makes a capture but no version.
//   - A blob is a stored body (raw HTML or extracted text), keyed by the sha256 of its
//     uncompressed bytes, so identical content is stored once, whatever page or capture it
//     belongs to.
//
// Buckets: pages (URL → page record), versions (URL 0x00 version → version record), captures (URL
// 0x00 unix-nanos → capture record), blobs (sha256 → one format byte + bytes), meta (schema
// version). Keys sort so all versions or captures of a page are one cursor scan.
//
// Concurrency: one writer process at a time, guarded by a lock file beside the database held for
// the writer's whole run; the writer opens the bbolt file only while it commits a batch, so
// readers (history, show, export) can open it between batches.
package archive
