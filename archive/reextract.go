package archive

import (
	"bytes"
	"context"
	"errors"
	"iter"
	"time"
)

// CaptureRef names a stored capture whose HTML can be extracted again.
type CaptureRef struct {
	Page     Page
	Time     time.Time
	HTMLBlob string
	// FinalURL is the URL that answered, or the page's URL.
	FinalURL string
	// ContentType is the response's Content-Type header.
	ContentType string
	// Content is the content hash the capture has now.
	Content string
}

// ArticleCaptures yields every primary capture with stored HTML of every article page of a site (""
// for all), pages in URL order and captures oldest first. It reads a bounded chunk of pages per
// read transaction and yields outside it (see Walks in the package doc), so the loop body may write
// what it extracted back with PutExtractions while the walk goes on. Breaking out of the loop ends
// the walk; an error (a record that does not decode, ctx done) is yielded once and ends it.
func (s *Store) ArticleCaptures(ctx context.Context, site string) iter.Seq2[CaptureRef, error] {
	return s.articleCaptures(ctx, site, iterChunk)
}

// articleCaptures is ArticleCaptures with chunks of size pages or captures.
func (s *Store) articleCaptures(ctx context.Context, site string, size int) iter.Seq2[CaptureRef, error] {
	return chunked(ctx, s, site, size, func(tx *txn, p Page, out []CaptureRef) ([]CaptureRef, error) {
		if !p.Kind.IsArticle() {
			return out, nil
		}
		err := scanPrefixKV(tx, bucketCaptures, p.URL, func(k, v []byte) error {
			c, err := decodeCapture(p.URL, v)
			if err != nil {
				return err
			}
			if c.Role != RolePrimary || c.HTMLBlob == "" || c.Status != 200 {
				return nil
			}
			final := c.FinalURL
			if final == "" {
				final = p.URL
			}
			out = append(out, CaptureRef{Page: p, Time: c.Time, HTMLBlob: c.HTMLBlob, FinalURL: final,
				ContentType: header(c.Response, "Content-Type"), Content: c.Content})
			return nil
		})
		return out, err
	})
}

// Blob is a blob's content with its id, as Blobs yields them.
type Blob struct {
	ID   string
	Data []byte
}

// Blobs yields the blobs ids name, in the order given, each checked against its id. It reads them
// in chunks of 256 blobs or 32 MiB, each chunk in a read transaction of its own
// (see Walks in the package doc): each Data is the loop body's to keep, the loop body may take its
// time without holding the database, and memory is bounded by a chunk. Reading ids in the order of
// the blob index (sorted) reads the file in order. Breaking out of the loop ends the walk; an error
// (a blob missing, ErrNotFound, or corrupt, ErrCorrupt; ctx done) is yielded once and ends it.
func (s *Store) Blobs(ctx context.Context, ids []string) iter.Seq2[Blob, error] {
	return s.blobsChunked(ctx, ids, iterChunk, chunkBodyBytes)
}

// blobsChunked is Blobs with chunks of at most size blobs or the blob that reaches maxBytes.
func (s *Store) blobsChunked(ctx context.Context, ids []string, size, maxBytes int) iter.Seq2[Blob, error] {
	return chunks(ctx, s, func(tx *txn, next int) (int, []Blob, bool, error) {
		var out []Blob
		for held := 0; next < len(ids) && len(out) < size && held < maxBytes; next++ {
			if err := ctx.Err(); err != nil {
				return next, out, false, err
			}
			b, err := s.getBlob(ctx, tx, ids[next])
			if err != nil {
				return next, out, false, err
			}
			out = append(out, Blob{ID: ids[next], Data: b})
			held += len(b)
		}
		return next, out, next == len(ids), nil
	})
}

// Extraction is a stored capture's article extracted anew.
type Extraction struct {
	URL  string
	Time time.Time
	// HTMLBlob identifies the capture among any others of the same instant.
	HTMLBlob string
	// Content is the article, nil when the page holds none now.
	Content *Content
	// Gone says why the capture shows the page no longer exists (a soft 404), or is empty.
	Gone string
}

// PutExtractions replaces the content of captures that re-extraction changed, keeping the old
// content hash in the capture's Prior list, and derives the history of their pages again: a
// better extractor corrects the archive's versions instead of adding a version that no change
// of the article made. It returns how many pages' histories changed.
func (s *Store) PutExtractions(ctx context.Context, es []Extraction) (int, error) {
	if len(es) == 0 {
		return 0, nil
	}
	fetches := make([]Fetch, len(es))
	for i, e := range es {
		fetches[i] = Fetch{URL: e.URL, Time: e.Time, Status: 200, Content: e.Content}
	}
	if s.opts.ReadOnly {
		return 0, ErrReadOnly
	}
	preps, batch, err := s.prepare(ctx, fetches)
	if err != nil {
		return 0, err
	}
	changed := 0
	err = s.update(ctx, func(tx *txn) error {
		changed = 0
		pages := map[string]bool{}
		// A version's content hash is read from the capture that made it (madeVersion), so the
		// versions as they were are read before any capture changes.
		before := map[string]string{}
		for i, e := range es {
			if _, ok := before[e.URL]; !ok {
				hashes, err := versionHashes(tx, e.URL)
				if err != nil {
					return err
				}
				before[e.URL] = hashes
			}
			ok, err := reextractOne(tx, e, &preps[i])
			if err != nil {
				return err
			}
			if ok {
				pages[e.URL] = true
			}
		}
		for _, url := range sortedKeys(pages) {
			if err := rederive(tx, url); err != nil {
				return err
			}
			after, err := versionHashes(tx, url)
			if err != nil {
				return err
			}
			if before[url] != after {
				changed++
			}
		}
		return batch.Commit(tx.Tx)
	})
	if err != nil {
		return 0, errors.Join(err, batch.Abort())
	}
	return changed, nil
}

// reextractOne updates one capture's content; false when it did not change.
func reextractOne(tx *txn, e Extraction, p *prepared) (bool, error) {
	key, c, err := findCapture(tx, e.URL, e.Time, e.HTMLBlob)
	if err != nil || key == nil {
		return false, err
	}
	hash := ""
	if e.Content != nil && e.Gone == "" {
		hash = p.hash
		if err := putPrepared(tx, p); err != nil {
			return false, err
		}
	}
	if hash == c.Content && e.Gone == c.Gone {
		return false, nil
	}
	if c.Content != "" {
		c.Prior = append(c.Prior, c.Content)
	}
	c.Content, c.Gone = hash, e.Gone
	return true, putCapture(tx, key, &c)
}

// findCapture returns the primary capture of url at t holding htmlBlob, or a nil key.
func findCapture(tx *txn, url string, t time.Time, htmlBlob string) ([]byte, Capture, error) {
	prefix := timeKey(pagePrefix(tx, url), t)
	cur := tx.Bucket(bucketCaptures).Within(prefix)
	for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
		c, err := decodeCapture(url, v)
		if err != nil {
			return nil, c, err
		}
		if c.Role == RolePrimary && c.HTMLBlob == htmlBlob {
			return bytes.Clone(k), c, nil
		}
	}
	return nil, Capture{}, nil
}

// versionHashes is a page's version contents in order, as one string to compare.
func versionHashes(tx *txn, url string) (string, error) {
	var b bytes.Buffer
	err := scanPrefix(tx, bucketVersions, url, func(v []byte) error {
		ver, err := decodeVersion(tx, url, v)
		if err != nil {
			return err
		}
		b.WriteString(ver.ContentHash)
		b.WriteByte(' ')
		return nil
	})
	return b.String(), err
}
