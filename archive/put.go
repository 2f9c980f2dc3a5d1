package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/newsarchive/newsarchive/archive/internal/blobstore"
	"github.com/newsarchive/newsarchive/internal/workers"
)

// prepared is a fetch with its blobs hashed, ready to be put in a transaction.
type prepared struct {
	f        Fetch
	hash     string
	textID   string
	htmlID   string
	textSize int
}

// PutBatch stores fetches in one transaction and reports what each did. The bodies are
// compressed and written to the blob store's segments (and synced) before the transaction,
// which only records where they are: a crash in between leaves an uncommitted tail the next
// writer cuts off, never a record naming a blob that is not there.
func (s *Store) PutBatch(ctx context.Context, fetches []Fetch) ([]Result, error) {
	if len(fetches) == 0 {
		return nil, nil
	}
	for i := range fetches {
		if fetches[i].URL == "" || fetches[i].Time.IsZero() {
			return nil, fmt.Errorf("archive: put: fetch %d lacks a URL or time", i)
		}
	}
	if s.opts.ReadOnly {
		return nil, ErrReadOnly
	}
	preps, batch, err := s.prepare(ctx, fetches)
	if err != nil {
		return nil, err
	}
	var results []Result
	err = s.update(ctx, func(tx *txn) error {
		results = results[:0]
		earlier := map[string]bool{}
		for i := range preps {
			r, err := putOne(tx, &preps[i], earlier)
			if err != nil {
				return err
			}
			results = append(results, r)
		}
		// Captures that arrived out of time order: the page's history is derived again from its
		// whole timeline, once per page and batch.
		for _, url := range sortedKeys(earlier) {
			if err := rederive(tx, url); err != nil {
				return err
			}
		}
		return batch.Commit(tx.Tx)
	})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("archive: put %d pages: %w", len(fetches), err), batch.Abort())
	}
	s.log.Debug("committed", "pages", len(fetches), "blobs", batch.Blobs, "bytes", batch.Bytes)
	return results, nil
}

// prepare hashes the fetches' bodies and texts on every core, then hands them to the blob store,
// which compresses each page against its site's dictionary or its URL's previous HTML and writes
// the frames out: one page's HTML and text in one frame.
func (s *Store) prepare(ctx context.Context, fetches []Fetch) ([]prepared, *blobstore.Batch, error) {
	preps := make([]prepared, len(fetches))
	workers.Each(len(fetches), func(i int) {
		f := fetches[i]
		p := prepared{f: f}
		if len(f.Body) > 0 {
			p.htmlID = BlobID(f.Body)
		}
		if f.Content != nil {
			text := []byte(f.Content.Text)
			p.hash, p.textID, p.textSize = f.Content.Hash(), BlobID(text), len(text)
		}
		preps[i] = p
	})
	var batch *blobstore.Batch
	err := s.view(func(tx *txn) error {
		puts := make([]blobstore.Put, 0, len(preps))
		for _, p := range preps {
			put := blobstore.Put{Site: p.f.Site}
			if p.htmlID != "" {
				put.Blobs = append(put.Blobs, p.f.Body)
				if prev := latestBody(tx, p.f.URL); prev != "" && prev != p.htmlID {
					put.Prev, _ = blobstore.ParseID(prev)
				}
			}
			if p.textID != "" {
				put.Blobs = append(put.Blobs, []byte(p.f.Content.Text))
			}
			if len(put.Blobs) > 0 {
				puts = append(puts, put)
			}
		}
		var err error
		batch, err = s.blobs.Append(ctx, tx.Tx, puts)
		return blobError(err)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("archive: store blobs: %w", err)
	}
	return preps, batch, nil
}

// latestBody returns the body blob of a page's newest capture that kept one, or "": a
// recapture is stored as a delta against it.
func latestBody(tx *txn, url string) string {
	prefix := pagePrefix(tx, url)
	c := tx.Bucket(bucketCaptures).Within(prefix)
	var k, v []byte
	if end := prefixEnd(prefix); end == nil {
		k, v = c.Last()
	} else if k, _ = c.Seek(end); k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	for n := 0; k != nil && bytes.HasPrefix(k, prefix) && n < 16; k, v = c.Prev() {
		var rec Capture
		if decodeRecord(v, &rec) == nil && rec.HTMLBlob != "" && rec.Role == RolePrimary {
			return rec.HTMLBlob
		}
		n++
	}
	return ""
}
