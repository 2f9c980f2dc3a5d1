// Package archive is newsarchive's store: one bbolt file holding every page ever fetched, with a
// history whose versions change only when the article does.
//
// The words it uses:
//
//   - A page is one URL the archive keeps, keyed by its canonical form (see Canonicalize), of a
//     kind: an article, a hub (home, listing, calendar) or a resource (robots.txt, sitemap,
//     feed). It is live, or gone once its newest capture says so (a 404 or 410, a soft 404); a
//     gone page keeps everything it had. An article that merely ages off the site's listings is
//     not gone.
//   - A capture is one fetch: when, the HTTP status, validators, the request and response
//     headers, the body, and its role to the page — the page itself (primary), an alternate
//     rendering of it (print view, AMP, mobile host, duplicate URL), or a redirect hop that led
//     to it. A capture of the article names the content hash of what was extracted from it.
//     Captures are identified by page, second, status, role and payload: putting one twice adds
//     nothing.
//   - A version is a run of primary captures, in fetch-time order, that showed the same article
//     content. Versions are derived from the captures (see timeline.go), so captures may arrive in
//     any order — an import of an older crawl fills in the past — and the latest version is
//     always the newest capture's article. A change in the raw HTML alone (a view counter, a
//     sidebar) makes a capture but no version.
//   - A blob is a stored body (raw HTML or extracted text), keyed by the sha256 of its
//     uncompressed bytes, so identical content is stored once, whatever page or capture it
//     belongs to.
//
// Buckets: pages (URL → page number + page record), versions (page prefix, version → version
// record), captures (page prefix, unix-nanos, identity → capture record), contents (content hash →
// article fields), blobstore (the index of the blobs in segment files beside the database; see
// archive/internal/blobstore), blobs (sha256 → one format byte + bytes, archives before segments),
// failures and notes (what crawls learned), meta (schema version, next page number, the
// configuration of the last crawl). A page prefix is 0x00 and the page's number (see keys.go),
// or, for a page archived before numbers, its URL and 0x00. Keys sort so all versions or captures
// of a page are one cursor scan, captures in time order.
//
// Concurrency: one writer process at a time, guarded by a lock file beside the database held for
// the writer's whole run; the writer opens the bbolt file only while it commits a batch, so
// readers (history, show, export) can open it between batches.
//
// # Walks
//
// Walks over many records (Pages, Entries, AllCaptures, ArticleCaptures, Failures, Notes, Runs,
// Blobs) are iterators, iter.Seq2[T, error]: each reads a bounded chunk per read transaction
// and yields outside it, so a value is the loop body's to keep, the loop body may write to the
// archive, and a long loop neither holds the database nor grows memory with the archive. A walk
// is not a snapshot: a record written while it runs may or may not be seen. Breaking out of the
// loop ends the walk; its first error is yielded once, after the values read before it, and
// ends it.
package archive
