package archive

import (
	"bytes"
	"context"
	"fmt"
	"iter"
)

// Page returns what the archive knows of url, or ErrNotFound.
func (s *Store) Page(ctx context.Context, url string) (Page, error) {
	var p Page
	err := s.viewContext(ctx, func(tx *txn) error {
		var found bool
		var err error
		p, found, err = getPage(tx, url)
		if err == nil && !found {
			err = fmt.Errorf("%w: page %s", ErrNotFound, url)
		}
		return err
	})
	return p, err
}

// Versions returns every version of url, oldest first.
func (s *Store) Versions(ctx context.Context, url string) ([]Version, error) {
	var out []Version
	err := s.viewContext(ctx, func(tx *txn) error {
		return scanPrefix(tx, bucketVersions, url, func(v []byte) error {
			ver, err := decodeVersion(tx, url, v)
			if err != nil {
				return err
			}
			out = append(out, ver)
			return nil
		})
	})
	if err == nil && len(out) == 0 {
		err = fmt.Errorf("%w: page %s", ErrNotFound, url)
	}
	return out, err
}

// Version returns version n of url (n ≤ 0 counts back from the latest: 0 is the latest).
func (s *Store) Version(ctx context.Context, url string, n int) (Version, error) {
	vs, err := s.Versions(ctx, url)
	if err != nil {
		return Version{}, err
	}
	if n <= 0 {
		n += len(vs)
	}
	if n < 1 || n > len(vs) {
		return Version{}, fmt.Errorf("%w: %s has versions 1 to %d, not %d", ErrNotFound, url, len(vs), n)
	}
	return vs[n-1], nil
}

// Captures returns every capture of url, oldest first.
func (s *Store) Captures(ctx context.Context, url string) ([]Capture, error) {
	var out []Capture
	err := s.viewContext(ctx, func(tx *txn) error {
		return scanPrefixKV(tx, bucketCaptures, url, func(k, v []byte) error {
			c, err := decodeCapture(url, v)
			if err != nil {
				return err
			}
			out = append(out, c)
			return nil
		})
	})
	return out, err
}

// Blob returns the content stored under id, checked against it.
func (s *Store) Blob(ctx context.Context, id string) ([]byte, error) {
	var out []byte
	err := s.viewContext(ctx, func(tx *txn) error {
		var err error
		out, err = s.getBlob(ctx, tx, id)
		return err
	})
	return out, err
}

// scanPrefix calls fn with every value of a bucket keyed by url's prefix (see pagePrefix), in
// key order.
func scanPrefix(tx *txn, bucket []byte, url string, fn func(v []byte) error) error {
	prefix := pagePrefix(tx, url)
	c := tx.Bucket(bucket).Within(prefix)
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}

// Pages yields the page records of a site ("" for all) in URL order, without their versions (the
// crawler's index of what it has), reading a bounded chunk of pages per read transaction (see Walks
// in the package doc): each value is the loop body's to keep, and the loop body may write to the
// archive. Breaking out of the loop ends the walk; an error (a record that does not decode, ctx
// done) is yielded once and ends it.
func (s *Store) Pages(ctx context.Context, site string) iter.Seq2[Page, error] {
	return s.pages(ctx, site, iterChunk)
}

// pages is Pages with chunks of size pages.
func (s *Store) pages(ctx context.Context, site string, size int) iter.Seq2[Page, error] {
	return chunked(ctx, s, site, size, func(_ *txn, p Page, out []Page) ([]Page, error) {
		return append(out, p), nil
	})
}

// eachPage decodes the page records of a site ("" for all) in URL order.
func eachPage(ctx context.Context, tx *txn, site string, fn func(Page) error) error {
	return tx.Bucket(bucketPages).ForEach(func(k, v []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		p, err := decodePage(k, v)
		if err != nil {
			return fmt.Errorf("page %s: %w", k, err)
		}
		if site != "" && p.Site != site {
			return nil
		}
		return fn(p)
	})
}

// AllCaptures yields every capture of every page of a site ("" for all), pages in URL order and
// captures oldest first, each page's captures from one transaction. It reads a bounded chunk of
// pages per read transaction, with the chunk's bodies up to 32 MiB, and yields outside it
// (see Walks in the package doc), so an export of any size holds neither much memory nor the
// database for its length. Breaking out of the loop ends the walk; an error (a record or body that
// does not decode, ctx done, checked before every capture) is yielded once and ends it.
func (s *Store) AllCaptures(ctx context.Context, site string) iter.Seq2[PageCapture, error] {
	return s.allCaptures(ctx, site, iterChunk, chunkBodyBytes)
}

// allCaptures is AllCaptures with chunks of size pages or captures, and budget bytes of bodies.
func (s *Store) allCaptures(ctx context.Context, site string, size, budget int) iter.Seq2[PageCapture, error] {
	return chunks(ctx, s, func(tx *txn, after []byte) ([]byte, []PageCapture, bool, error) {
		after, done, batch, err := readChunk(ctx, tx, site, after, size, collectCaptures)
		if err == nil {
			err = s.readBodies(ctx, tx, batch, budget)
		}
		for i := range batch {
			batch[i].s = s
		}
		return after, batch, done, err
	})
}

// chunkBodyBytes bounds the bodies AllCaptures reads with a chunk's records: reading them in
// the chunk's transaction spares a read (with Options.OpenPerRead, a database open) per capture.
const chunkBodyBytes = 32 << 20

// readBodies reads the bodies of a chunk's captures in tx as long as they fit in budget bytes
// (chunkBodyBytes for AllCaptures).
func (s *Store) readBodies(ctx context.Context, tx *txn, batch []PageCapture, budget int) error {
	held := 0
	for i := range batch {
		c := &batch[i].Capture
		if c.HTMLBlob == "" || held+c.Size > budget {
			continue
		}
		b, err := s.getBlob(ctx, tx, c.HTMLBlob)
		if err != nil {
			return err
		}
		batch[i].body = b
		held += len(b)
	}
	return nil
}

// PageCapture is a capture with its page, as AllCaptures yields them.
type PageCapture struct {
	Page    Page
	Capture Capture
	s       *Store
	body    []byte // read with the chunk, nil when its budget left it out
}

// Body returns the capture's stored HTML, nil when it kept none: the body read with the
// capture's chunk, or, when the chunk's budget left it out, a read of its own (valid while the
// store is open).
func (pc PageCapture) Body(ctx context.Context) ([]byte, error) {
	if pc.Capture.HTMLBlob == "" || pc.body != nil {
		return pc.body, nil
	}
	return pc.s.Blob(ctx, pc.Capture.HTMLBlob)
}

// collectCaptures appends the captures of page p.
func collectCaptures(tx *txn, p Page, out []PageCapture) ([]PageCapture, error) {
	err := scanPrefixKV(tx, bucketCaptures, p.URL, func(k, v []byte) error {
		c, err := decodeCapture(p.URL, v)
		if err != nil {
			return err
		}
		out = append(out, PageCapture{Page: p, Capture: c})
		return nil
	})
	return out, err
}
