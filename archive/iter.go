package archive

import (
	"bytes"
	"context"
	"fmt"
	"iter"

	bolt "go.etcd.io/bbolt"
)

// iterChunk bounds one read transaction of an iterator: it reads at most this many pages, and
// stops after the page that brings what it collected to this many values. Memory is then bounded
// by the chunk, whatever the archive's size, and a transaction lasts milliseconds.
const iterChunk = 256

// chunked yields what collect gathers from every page of a site ("" for all), pages in URL
// order. Each chunk of pages (at most size, see iterChunk) is read in a read transaction of its own, and its values are
// yielded after that transaction has ended: the loop body may write to the archive, and a writer
// commits between chunks (with Options.OpenPerRead, a reader holds neither the database's lock
// nor its mapping there). Each page is seen whole, as one transaction saw it; a page written
// while the iteration runs is seen in its old or its new state, or not at all if it is new and
// sorts before the chunk being read.
func chunked[T any](ctx context.Context, s *Store, site string, size int, collect func(tx *bolt.Tx, p Page, out []T) ([]T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var after []byte // the last page key read; nil before the first chunk
		for {
			var batch []T
			done := false
			err := s.view(func(tx *bolt.Tx) error {
				var err error
				after, done, batch, err = readChunk(ctx, tx, site, after, size, collect)
				return err
			})
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, v := range batch {
				if !yield(v, nil) {
					return
				}
			}
			if done {
				return
			}
		}
	}
}

// readChunk reads the pages after key after (from the first when nil), up to size of them,
// and returns the last key read (a copy), whether it reached the end, and what collect gathered.
func readChunk[T any](ctx context.Context, tx *bolt.Tx, site string, after []byte, size int, collect func(*bolt.Tx, Page, []T) ([]T, error)) ([]byte, bool, []T, error) {
	cur := tx.Bucket(bucketPages).Cursor()
	k, v := cur.First()
	if after != nil {
		if k, v = cur.Seek(after); k != nil && bytes.Equal(k, after) {
			k, v = cur.Next()
		}
	}
	var out []T
	for n := 0; k != nil; k, v = cur.Next() {
		if n == size || len(out) >= size {
			return after, false, out, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, false, nil, err
		}
		n++
		after = bytes.Clone(k)
		p, err := decodePage(k, v)
		if err != nil {
			return nil, false, nil, fmt.Errorf("page %s: %w", k, err)
		}
		if site != "" && p.Site != site {
			continue
		}
		if out, err = collect(tx, p, out); err != nil {
			return nil, false, nil, err
		}
	}
	return after, true, out, nil
}

// PageVersions is a page with its versions, oldest first, as Entries yields them.
type PageVersions struct {
	Page     Page
	Versions []Version
}

// Entries yields every page of a site ("" for all) with its versions, pages in URL order,
// reading a bounded chunk of pages per read transaction (see chunked): an export walks an
// archive of any size in bounded memory while crawls keep committing. Texts are not read; read
// them in batches with ReadVersions or Blobs.
func (s *Store) Entries(ctx context.Context, site string) iter.Seq2[PageVersions, error] {
	return s.entries(ctx, site, iterChunk)
}

// entries is Entries with chunks of size pages.
func (s *Store) entries(ctx context.Context, site string, size int) iter.Seq2[PageVersions, error] {
	return chunked(ctx, s, site, size, func(tx *bolt.Tx, p Page, out []PageVersions) ([]PageVersions, error) {
		e := PageVersions{Page: p}
		err := scanPrefix(tx, bucketVersions, p.URL, func(v []byte) error {
			ver, err := decodeVersion(tx, p.URL, v)
			if err != nil {
				return err
			}
			e.Versions = append(e.Versions, ver)
			return nil
		})
		return append(out, e), err
	})
}

// VersionRef names version N of the page URL.
type VersionRef struct {
	URL string
	N   int
}

// VersionText is a version of a page with its text.
type VersionText struct {
	Page    Page
	Version Version
	Text    string
}

// ReadVersions reads the versions refs name, with their pages and texts, in one read
// transaction, in the order given: page, version and text agree with each other. A version the
// archive no longer has (a reparse meanwhile derived fewer) is left out. Callers bound memory by
// the length of refs.
func (s *Store) ReadVersions(ctx context.Context, refs []VersionRef) ([]VersionText, error) {
	out := make([]VersionText, 0, len(refs))
	err := s.view(func(tx *bolt.Tx) error {
		for _, r := range refs {
			p, found, err := getPage(tx, r.URL)
			if err != nil || !found {
				if err != nil {
					return err
				}
				continue
			}
			raw := tx.Bucket(bucketVersions).Get(versionKey(pagePrefix(tx, r.URL), r.N))
			if raw == nil {
				continue
			}
			ver, err := decodeVersion(tx, r.URL, raw)
			if err != nil {
				return fmt.Errorf("version %d of %s: %w", r.N, r.URL, err)
			}
			b, err := s.getBlob(ctx, tx, ver.TextBlob)
			if err != nil {
				return fmt.Errorf("text of %s version %d: %w", ver.URL, ver.N, err)
			}
			out = append(out, VersionText{Page: p, Version: ver, Text: string(b)})
		}
		return nil
	})
	return out, err
}
