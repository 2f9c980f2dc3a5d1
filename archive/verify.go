package archive

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// Verify checks the archive end to end: bbolt's own page-level consistency check, every record
// decodes, every version's and capture's blobs are present and hash to their ids, and each page's
// counts agree with its versions. It returns every problem found, joined.
func (s *Store) Verify(ctx context.Context) error {
	var problems []error
	err := s.view(func(tx *txn) error {
		for err := range tx.Check() {
			problems = append(problems, fmt.Errorf("bbolt: %w", err))
		}
		checked := map[string]bool{}
		blob := func(id, what string) {
			if id == "" || checked[id] {
				return
			}
			checked[id] = true
			if !s.hasBlob(tx, id) {
				problems = append(problems, fmt.Errorf("%w: %s: blob %s missing", ErrCorrupt, what, id))
			}
		}
		// Every blob, new layout and old, decoded once and checked against its sha256.
		if err := s.blobs.Verify(ctx, tx.Tx); err != nil {
			problems = append(problems, fmt.Errorf("%w: blobs: %v", ErrCorrupt, err))
		}
		numbers := pageNumbers{}
		problems = append(problems, checkURLIndex(tx)...)
		err := tx.Bucket(bucketPages).ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			p, err := decodePage(k, v)
			if err != nil {
				problems = append(problems, fmt.Errorf("page %s: %w", k, err))
				return nil
			}
			n := 0
			_ = scanPrefix(tx, bucketVersions, p.URL, func(v []byte) error {
				ver, err := decodeVersion(tx, p.URL, v)
				if err != nil {
					problems = append(problems, fmt.Errorf("version of %s: %w", p.URL, err))
					return nil
				}
				n++
				if ver.N != n {
					problems = append(problems, fmt.Errorf("%w: %s: version %d found where %d expected", ErrCorrupt, p.URL, ver.N, n))
				}
				what := fmt.Sprintf("%s version %d", p.URL, ver.N)
				blob(ver.TextBlob, what+" text")
				blob(ver.HTMLBlob, what+" html")
				return nil
			})
			if n != p.Versions {
				problems = append(problems, fmt.Errorf("%w: %s: page says %d versions, found %d", ErrCorrupt, p.URL, p.Versions, n))
			}
			err = scanPrefixKV(tx, bucketCaptures, p.URL, func(k, v []byte) error {
				c, err := decodeCapture(p.URL, v)
				if err != nil {
					problems = append(problems, fmt.Errorf("capture of %s: %w", p.URL, err))
					return nil
				}
				blob(c.HTMLBlob, fmt.Sprintf("%s capture %s html", p.URL, c.Time.Format("2006-01-02T15:04:05.000")))
				if c.Content != "" && findContent(tx, p.URL, c.Content) == nil {
					problems = append(problems, fmt.Errorf("%w: %s capture %s: content %s missing", ErrCorrupt, p.URL, c.Time.Format(time.RFC3339Nano), c.Content))
				}
				return nil
			})
			if err != nil {
				return err
			}
			problems = append(problems, checkTimeline(tx, p)...)
			problems = append(problems, numbers.check(tx, p.URL, v)...)
			return nil
		})
		if err != nil {
			return err
		}
		// Only after a whole walk: numbers must hold every page to tell a record of no page.
		problems = append(problems, checkPageRecords(tx, numbers)...)
		return nil
	})
	return errors.Join(append([]error{err}, problems...)...)
}

// checkTimeline replays a page's captures and compares the history they make with the stored
// one: the versions are the runs of distinct content among primary captures, in time order, and
// the page's counts and status agree. An alternate rendering or a redirect can never have made a
// version, since replay never lets one.
func checkTimeline(tx *txn, p Page) []error {
	r, err := replay(tx, p)
	if err != nil {
		return []error{err}
	}
	var problems []error
	bad := func(format string, args ...any) {
		problems = append(problems, fmt.Errorf("%w: %s: "+format, append([]any{ErrCorrupt, p.URL}, args...)...))
	}
	if r.page.Captures != p.Captures {
		bad("page counts %d captures, the timeline has %d", p.Captures, r.page.Captures)
	}
	if r.page.Versions != p.Versions {
		bad("page counts %d versions, the timeline makes %d", p.Versions, r.page.Versions)
	}
	if r.page.Status != p.Status {
		bad("page is %s, its newest captures say %s", p.Status, r.page.Status)
	}
	for _, want := range r.versions {
		v := tx.Bucket(bucketVersions).Get(versionKey(pagePrefix(tx, p.URL), want.N))
		if v == nil {
			continue
		}
		got, err := decodeVersion(tx, p.URL, v)
		if err != nil {
			continue // reported by the version scan
		}
		if got.ContentHash != want.ContentHash || !got.Capture.Equal(want.Capture) {
			bad("version %d is content %.12s from %s, the timeline says %.12s from %s", want.N,
				got.ContentHash, got.Capture.Format(time.RFC3339), want.ContentHash, want.Capture.Format(time.RFC3339))
		}
	}
	return problems
}

// pageNumbers are the page numbers verify has seen, with their pages.
type pageNumbers map[uint32]string

// check reports a page number given twice (two pages would share their records) and records
// left under the URL of a page that has a number (a move to page numbers half done).
func (seen pageNumbers) check(tx *txn, url string, raw []byte) []error {
	id, err := pageNumber(raw)
	if err != nil {
		return []error{fmt.Errorf("page %s: %w", url, err)}
	}
	if id == 0 {
		return nil
	}
	var problems []error
	if other, dup := seen[id]; dup {
		problems = append(problems, fmt.Errorf("%w: pages %s and %s have the same number %d", ErrCorrupt, other, url, id))
	}
	seen[id] = url
	if p, err := tx.page(id); err == nil && p != nil && hasBucketRecords(tx, id) {
		problems = append(problems, fmt.Errorf("%w: %s: records both in its page record and in the buckets", ErrCorrupt, url))
	}
	prefix := urlPrefix(url)
	for _, name := range [][]byte{bucketVersions, bucketCaptures} {
		if k, _ := tx.Bucket(name).Cursor().Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) {
			problems = append(problems, fmt.Errorf("%w: %s: %s left under its URL though the page has number %d", ErrCorrupt, url, name, id))
		}
	}
	return problems
}

// checkPageRecords reports page records that do not decode, that no page has the number of, or
// that hold a capture in the wrong month's chunk (a reader would not find it in time order).
func checkPageRecords(tx *txn, seen pageNumbers) []error {
	b := tx.Tx.Bucket(bucketPageRecs)
	if b == nil {
		return nil
	}
	var problems []error
	headMonth := map[uint32]int{}
	_ = b.ForEach(func(k, v []byte) error {
		if len(k) != 4 && len(k) != 6 {
			problems = append(problems, fmt.Errorf("%w: page record key %x", ErrCorrupt, k))
			return nil
		}
		id := binary.BigEndian.Uint32(k)
		if _, ok := seen[id]; !ok && len(k) == 4 {
			problems = append(problems, fmt.Errorf("%w: page record %d belongs to no page", ErrCorrupt, id))
		}
		ch, err := decodeChunk(v, len(k) == 4)
		if err != nil {
			problems = append(problems, fmt.Errorf("page record %x: %w", k, err))
			return nil
		}
		month := ch.month
		if len(k) == 6 {
			month = int(binary.BigEndian.Uint16(k[4:]))
			if _, ok := headMonth[id]; !ok {
				problems = append(problems, fmt.Errorf("%w: page record %d has a month and no head", ErrCorrupt, id))
			} else if month == headMonth[id] {
				problems = append(problems, fmt.Errorf("%w: page record %d has a chunk of its head's month", ErrCorrupt, id))
			}
		} else {
			headMonth[id] = month
		}
		for _, e := range ch.ents[kindCapture] {
			if m := monthOf(e.k); m != month && m >= 0 {
				problems = append(problems, fmt.Errorf("%w: page record %x holds a capture of month %d", ErrCorrupt, k, m))
			}
		}
		if len(k) == 6 && (len(ch.ents[kindVersion]) > 0 || len(ch.ents[kindContent]) > 0 || len(ch.ents[kindPage]) > 0) {
			problems = append(problems, fmt.Errorf("%w: page record %x holds more than captures", ErrCorrupt, k))
		}
		return nil
	})
	return problems
}

// checkURLIndex reports blocks of the URL index that do not decode, are not keyed by their first
// URL or overlap the next, URLs both in the index and in the pages bucket, and URLs whose page
// has no page record with its own record in it.
func checkURLIndex(tx *txn) []error {
	b := tx.Tx.Bucket(bucketURLs)
	if b == nil {
		return nil
	}
	var problems []error
	last := ""
	_ = b.ForEach(func(k, v []byte) error {
		ents, err := decodeURLBlock(v)
		switch {
		case err != nil:
			problems = append(problems, fmt.Errorf("URL block %q: %w", k, err))
			return nil
		case len(ents) == 0 || ents[0].url != string(k):
			problems = append(problems, fmt.Errorf("%w: URL block %q does not begin with its key", ErrCorrupt, k))
		case last != "" && ents[0].url <= last:
			problems = append(problems, fmt.Errorf("%w: URL block %q overlaps the block before", ErrCorrupt, k))
		}
		for _, e := range ents {
			if tx.Tx.Bucket(bucketPages).Get([]byte(e.url)) != nil {
				problems = append(problems, fmt.Errorf("%w: %s is both in the URL index and in the pages bucket", ErrCorrupt, e.url))
			}
			p, err := tx.page(e.id)
			if err == nil && p != nil {
				var rec []byte
				if rec, err = p.get(kindPage, nil); err == nil && rec != nil {
					continue
				}
			}
			problems = append(problems, fmt.Errorf("%w: %s: page %d has no page record with its own record (%v)", ErrCorrupt, e.url, e.id, err))
		}
		if len(ents) > 0 {
			last = ents[len(ents)-1].url
		}
		return nil
	})
	return problems
}
