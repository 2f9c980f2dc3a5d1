// Package blobstore keeps the archive's blobs (raw HTML, extracted text) in append-only segment
// files beside the database, with only a compact index in the database, and compresses each
// page against its own site's earlier pages.
//
// # Layout
//
// Segments are DirFor(db) + "/seg-NNNNNN", frames back to back and nothing else. The index is
// the bbolt bucket "blobstore" of the archive's database, with three sub-buckets:
//
//   - index: sha256 (32 bytes) → entry: codec, segment, offset and length of the frame, offset
//     and length of the blob inside the decoded frame, and for a frame coded against a base the
//     first 12 bytes of the base's id and the chain depth (see entry);
//   - segs: segment number → committed length, the high-water mark Recover cuts back to;
//   - sites: "@" + site name → the site's dictionary bookkeeping (see siteState).
//
// A frame is one zstd frame (or raw bytes when zstd does not pay) holding one page's blobs:
// its HTML then its text, so the text costs a few dozen bytes; or, when a batch brings several
// new pages of a site, up to Options.GroupPages of them one after the other (group.go), so each
// finds the lists of recent articles it shares with the pages before it. A frame is coded with
// a raw dictionary (zstd's initial history, --patch-from style):
//
//   - a recapture, against the same URL's previous HTML (Put.Prev): small edits and moved
//     counters cost a few hundred bytes; chains are cut at Options.MaxDepth;
//   - anything else, against its site's dictionary: a blob made of the site's own recent pages,
//     chosen and refreshed by the rule documented in site.go;
//   - a dictionary itself, alone.
//
// Dictionaries and previous versions are blobs like any other: content-addressed, indexed,
// verified, and never deleted (nothing in this package deletes a blob; a future deleter must
// keep every blob that an entry names as its base). Blobs of the archive's old layout (bucket
// "blobs", sha256 → format byte 0 raw or 1 zstd, then the bytes) stay readable through Get and
// are moved by Upgrade.
//
// # Safety
//
// Append writes and fsyncs the frames (and the directory, for a new segment) before it returns;
// Batch.Commit then records them in the caller's bbolt write transaction. A crash before the
// commit leaves bytes past the committed length, which Recover truncates when the next writer
// starts; a crash after it loses nothing. Readers follow committed index entries only, so they
// never see a partial frame, and nothing ever rewrites a committed byte. Verify decodes every
// blob and checks its sha256. A backup takes a Snapshot (committed lengths) in the read
// transaction that copies the database, then copies each segment up to that length.
//
// # Memory
//
// Bounded by Options: decoded bases up to CacheBytes (32 MiB); decoded frames of several blobs
// up to 8 MiB, so that a page's text and HTML, or a group's pages, cost one decode; sixteen
// cached dictionary decoders; up to one pooled delta decoder per core. A batch holds its
// pages' frames until Commit. Encoders are the process's, shared by its stores of one level
// (encoderCache): those of eight sites' dictionaries, about 10 MiB each (the better level's
// hash tables), made as encodes at once need them and at most two idle a site, and up to one
// plain and one delta encoder per core.
//
// # Wiring into package archive
//
// The archive's Store holds a *Store opened with Open(ctx, DirFor(path), Options{ReadOnly:
// opts.ReadOnly}) and closed in Close. Then:
//
//   - Writer open: call Recover(tx) in the write transaction of initSchema (the run lock is
//     held), before any PutBatch. Bump SchemaVersion, so that an older build refuses an archive
//     whose blobs it cannot see.
//   - PutBatch: in prepare's read transaction, build one Put per fetch that reaches putOne's
//     default case (a body and Content, status not 304/404/410): Put{Site: f.Site, Prev: the id
//     of the URL's latest stored HTML (latest capture with an HTMLBlob), Blobs: {f.Body,
//     []byte(f.Content.Text)}}, and call Append(ctx, tx, puts). In the update transaction call
//     batch.Commit(tx) (putBlob becomes a no-op); if the update fails, batch.Abort().
//   - Blob(id): Get(ctx, tx, id) in a view; map ErrNotFound and ErrCorrupt to the archive's.
//   - Verify: for each blob id a record names, Has(tx, id) (missing → problem); then one
//     Verify(ctx, tx) decodes every blob once, the new layout and the legacy bucket.
//   - Backup: in the view that runs tx.WriteTo(tmp), also sn := Snapshot(tx); after the view,
//     sn.CopyTo(ctx, DirFor(path)); then sync and rename the database copy into place, last.
//   - Stats: Stats(ctx, tx); bytes on disk are the database file plus SegmentBytes.
//   - Upgrade command: open the database for the run (run lock held) and call Upgrade(ctx, db,
//     groups), groups listing every page site by site, each capture oldest first, as
//     Group{Site, Prev: previous capture's HTMLBlob, IDs: {HTMLBlob, the TextBlob of the version
//     the capture made, if any}}; the iterator must not keep a transaction open across yields.
package blobstore
