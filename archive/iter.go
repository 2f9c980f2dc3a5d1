package archive

import (
	"bytes"
	"context"
	"fmt"
	"iter"
)

// iterChunk bounds one read transaction of an iterator: it reads at most this many pages, and
// stops after the page that brings what it collected to this many values. Memory is then bounded
// by the chunk, whatever the archive's size, and a transaction lasts milliseconds.
const iterChunk = 256

// chunked yields what collect gathers from every page of a site ("" for all), pages in URL
// order, in chunks of at most size pages read by readChunk (see chunks for what a walk sees).
// Each page is seen whole, as one transaction saw it; a page written while the iteration runs
// is seen in its old or its new state, or not at all if it is new and sorts before the chunk
// being read.
func chunked[T any](ctx context.Context, s *Store, site string, size int, collect func(tx *txn, p Page, out []T) ([]T, error)) iter.Seq2[T, error] {
	return chunks(ctx, s, func(tx *txn, after []byte) ([]byte, []T, bool, error) {
		after, done, out, err := readChunk(ctx, tx, site, after, size, collect)
		return after, out, done, err
	})
}

// chunks yields the values read returns, one call of read per chunk, each in a read transaction
// of its own; pos is where the last chunk ended (its zero value before the first). Values are
// yielded after their transaction has ended, so they stay valid after the loop body, the loop
// body may write to the archive, and a writer commits between chunks (with
// Options.OpenPerRead, a reader holds neither the database's lock nor its mapping there).
//
// The walk ends when the loop body breaks (nothing more is read), when read reports the end,
// or at the first error: from read, or ctx's, checked before every value. The error is yielded
// once, with T's zero value, after the values read before it, and the walk ends.
func chunks[T, P any](ctx context.Context, s *Store, read func(tx *txn, pos P) (P, []T, bool, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		var pos P
		for {
			var batch []T
			done := false
			err := s.view(func(tx *txn) error {
				var err error
				pos, batch, done, err = read(tx, pos)
				return err
			})
			for i, v := range batch {
				if err := ctx.Err(); err != nil {
					yield(zero, err)
					return
				}
				batch[i] = zero // what v holds is the loop body's to keep or release
				if !yield(v, nil) {
					return
				}
			}
			if err != nil {
				yield(zero, err)
				return
			}
			if done {
				return
			}
		}
	}
}

// keyed yields the records of bucket whose keys begin with prefix, in key order or, backward,
// in reverse key order, reading at most size keys per read transaction (see chunks). decode
// turns a record into a value, or false to pass over it. A missing bucket is an empty walk.
func keyed[T any](ctx context.Context, s *Store, bucket, prefix []byte, backward bool, size int, decode func(k, v []byte) (T, bool, error)) iter.Seq2[T, error] {
	return chunks(ctx, s, func(tx *txn, after []byte) ([]byte, []T, bool, error) {
		b := tx.Bucket(bucket)
		if b == nil {
			return nil, nil, true, nil
		}
		c := b.Cursor()
		k, v := seekKeyed(c, prefix, after, backward)
		step := c.Next
		if backward {
			step = c.Prev
		}
		var out []T
		for n := 0; k != nil && bytes.HasPrefix(k, prefix); k, v = step() {
			if n == size {
				return after, out, false, nil
			}
			if err := ctx.Err(); err != nil {
				return after, out, false, err
			}
			n++
			x, keep, err := decode(k, v)
			if err != nil {
				return after, out, false, err
			}
			after = bytes.Clone(k)
			if keep {
				out = append(out, x)
			}
		}
		return after, out, true, nil
	})
}

// seekKeyed places c on the first key a keyed walk reads: the first key with prefix (backward,
// the last), or, resuming, the key after after (backward, before it).
func seekKeyed(c cursor, prefix, after []byte, backward bool) ([]byte, []byte) {
	if !backward {
		if after == nil {
			return c.Seek(prefix)
		}
		if k, v := c.Seek(after); k == nil || !bytes.Equal(k, after) {
			return k, v
		}
		return c.Next()
	}
	bound := after
	if bound == nil {
		bound = prefixEnd(prefix)
	}
	if bound == nil {
		return c.Last()
	}
	if k, _ := c.Seek(bound); k == nil {
		return c.Last()
	}
	return c.Prev()
}

// prefixEnd is the least key greater than every key with prefix, or nil when there is none
// (prefix empty or all 0xff).
func prefixEnd(prefix []byte) []byte {
	end := bytes.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// readChunk reads the pages after key after (from the first when nil), up to size of them,
// and returns the last key read (a copy), whether it reached the end, and what collect gathered:
// at an error, what it gathered from the pages before the one that failed.
func readChunk[T any](ctx context.Context, tx *txn, site string, after []byte, size int, collect func(*txn, Page, []T) ([]T, error)) ([]byte, bool, []T, error) {
	cur := tx.Bucket(bucketPages).Cursor()
	var k, v []byte
	if after == nil {
		k, v = cur.First()
	} else if k, v = cur.Seek(after); k != nil && bytes.Equal(k, after) {
		k, v = cur.Next() // each step reads a page's record: not the first page's as well
	}
	var out []T
	for n := 0; k != nil; k, v = cur.Next() {
		if n == size || len(out) >= size {
			return after, false, out, nil
		}
		if err := ctx.Err(); err != nil {
			return after, false, out, err
		}
		n++
		p, err := decodePage(k, v)
		if err != nil {
			return after, false, out, fmt.Errorf("page %s: %w", k, err)
		}
		after = bytes.Clone(k)
		if site != "" && p.Site != site {
			continue
		}
		more, err := collect(tx, p, out)
		if err != nil {
			return after, false, out, err
		}
		out = more
	}
	return after, true, out, nil
}

// PageVersions is a page with its versions, oldest first, as Entries yields them.
type PageVersions struct {
	Page     Page
	Versions []Version
}

// Entries yields every page of a site ("" for all) with its versions, pages in URL order, reading a
// bounded chunk of pages per read transaction (see Walks in the package doc): an export walks an
// archive of any size in bounded memory while crawls keep committing. Texts are not read; read them
// in batches with ReadVersions or Blobs. Breaking out of the loop ends the walk; an error (a record
// that does not decode, ctx done) is yielded once and ends it.
func (s *Store) Entries(ctx context.Context, site string) iter.Seq2[PageVersions, error] {
	return s.entries(ctx, site, iterChunk)
}

// entries is Entries with chunks of size pages.
func (s *Store) entries(ctx context.Context, site string, size int) iter.Seq2[PageVersions, error] {
	return chunked(ctx, s, site, size, func(tx *txn, p Page, out []PageVersions) ([]PageVersions, error) {
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
	err := s.view(func(tx *txn) error {
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
