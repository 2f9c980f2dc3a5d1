package archive

import (
	"bytes"
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Page returns what the archive knows of url, or ErrNotFound.
func (s *Store) Page(ctx context.Context, url string) (Page, error) {
	var p Page
	err := s.viewContext(ctx, func(tx *bolt.Tx) error {
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
	err := s.viewContext(ctx, func(tx *bolt.Tx) error {
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
	err := s.viewContext(ctx, func(tx *bolt.Tx) error {
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
	err := s.viewContext(ctx, func(tx *bolt.Tx) error {
		var err error
		out, err = s.getBlob(ctx, tx, id)
		return err
	})
	return out, err
}

// Entry is one page with its versions, as ForEach hands them out.
type Entry struct {
	Page     Page
	Versions []Version
	// Text returns the text of a version, reading its blob.
	Text func(v Version) (string, error)
}

// ForEach calls fn for every page in URL order, in one read transaction, so an export sees one
// consistent archive. fn must not keep Entry.Text beyond its call.
func (s *Store) ForEach(ctx context.Context, fn func(Entry) error) error {
	return s.view(func(tx *bolt.Tx) error {
		return eachPage(ctx, tx, "", func(p Page) error {
			e := Entry{Page: p, Text: func(ver Version) (string, error) {
				b, err := s.getBlob(ctx, tx, ver.TextBlob)
				if err != nil {
					return "", fmt.Errorf("text of %s version %d: %w", ver.URL, ver.N, err)
				}
				return string(b), nil
			}}
			err := scanPrefix(tx, bucketVersions, p.URL, func(v []byte) error {
				ver, err := decodeVersion(tx, p.URL, v)
				if err != nil {
					return err
				}
				e.Versions = append(e.Versions, ver)
				return nil
			})
			if err != nil {
				return err
			}
			return fn(e)
		})
	})
}

// scanPrefix calls fn with every value of a bucket keyed by url's prefix (see pagePrefix), in
// key order.
func scanPrefix(tx *bolt.Tx, bucket []byte, url string, fn func(v []byte) error) error {
	prefix := pagePrefix(tx, url)
	c := tx.Bucket(bucket).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}

// Pages calls fn for every page record of a site ("" for all) in one read transaction, without
// their versions: the crawler's index of what it has.
func (s *Store) Pages(ctx context.Context, site string, fn func(Page) error) error {
	return s.view(func(tx *bolt.Tx) error { return eachPage(ctx, tx, site, fn) })
}

// eachPage decodes the page records of a site ("" for all) in URL order.
func eachPage(ctx context.Context, tx *bolt.Tx, site string, fn func(Page) error) error {
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

// ForEachCapture calls fn for every capture of every page of a site ("" for all), pages in URL
// order and captures oldest first. It reads a bounded chunk of pages per read transaction, with
// the chunk's bodies up to chunkBodyBytes, and calls fn outside it, so an export of any size
// holds neither much memory nor the database for its length; each page's captures come from one
// transaction. body returns the capture's stored HTML (nil when it kept none), read in a read
// of its own when the chunk's budget left it out.
func (s *Store) ForEachCapture(ctx context.Context, site string, fn func(p Page, c Capture, body func() ([]byte, error)) error) error {
	var after []byte
	for {
		var batch []pageCapture
		done := false
		err := s.view(func(tx *bolt.Tx) error {
			var err error
			if after, done, batch, err = readChunk(ctx, tx, site, after, iterChunk, collectCaptures); err != nil {
				return err
			}
			return s.readBodies(ctx, tx, batch)
		})
		if err != nil {
			return err
		}
		for i := range batch {
			if err := ctx.Err(); err != nil {
				return err
			}
			pc := &batch[i]
			err := fn(pc.p, pc.c, func() ([]byte, error) {
				if pc.c.HTMLBlob == "" || pc.body != nil {
					return pc.body, nil
				}
				return s.Blob(ctx, pc.c.HTMLBlob)
			})
			pc.body = nil
			if err != nil {
				return err
			}
		}
		if done {
			return nil
		}
	}
}

// chunkBodyBytes bounds the bodies ForEachCapture reads with a chunk's records: reading them in
// the chunk's transaction spares a read (with Options.OpenPerRead, a database open) per capture.
const chunkBodyBytes = 32 << 20

// readBodies reads the bodies of a chunk's captures in tx until chunkBodyBytes are held.
func (s *Store) readBodies(ctx context.Context, tx *bolt.Tx, batch []pageCapture) error {
	held := 0
	for i := range batch {
		c := &batch[i].c
		if c.HTMLBlob == "" || held+c.Size > chunkBodyBytes {
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

// pageCapture is a capture with its page and, once read, its body, as ForEachCapture reads them.
type pageCapture struct {
	p    Page
	c    Capture
	body []byte
}

func collectCaptures(tx *bolt.Tx, p Page, out []pageCapture) ([]pageCapture, error) {
	err := scanPrefixKV(tx, bucketCaptures, p.URL, func(k, v []byte) error {
		c, err := decodeCapture(p.URL, v)
		if err != nil {
			return err
		}
		out = append(out, pageCapture{p: p, c: c})
		return nil
	})
	return out, err
}
