package archive

import (
	"bytes"
	"context"
	"fmt"
)

// VersionStats count what SlimVersions did.
type VersionStats struct {
	// Named is how many versions stored whole now name the capture that made them.
	Named int
	// Already is how many named it before.
	Already int
	// Kept is how many stay whole: no one capture of theirs could be told to have made them, or
	// their content record is missing, or they were fetched apart from their capture (archives
	// written before captures carried content).
	Kept int
}

// SlimVersions rewrites the versions of archives written before schema 6, stored whole, as
// versions that name the capture that made them, a batch of pages per transaction.
// Every version reads the same before and after; it is safe to kill and run again, since a batch
// commits whole and a version that names its capture is left alone.
func (s *Store) SlimVersions(ctx context.Context) (VersionStats, error) {
	return s.slimVersions(ctx, renumberBatch, nil)
}

// slimVersions is SlimVersions with batches of size pages, calling committed (when set) after
// each batch's commit.
func (s *Store) slimVersions(ctx context.Context, size int, committed func(VersionStats)) (VersionStats, error) {
	var st, got VersionStats // got: the batch being written
	every := func(_, _ []byte) (bool, error) { return true, nil }
	slim := func(tx *txn, urls []string) error {
		got = VersionStats{}
		for _, url := range urls {
			if err := slimPageVersions(tx, url, &got); err != nil {
				return fmt.Errorf("archive: versions of %s: %w", url, err)
			}
		}
		return nil
	}
	err := s.pageBatches(ctx, size, every, slim, func() {
		st.Named, st.Already, st.Kept = st.Named+got.Named, st.Already+got.Already, st.Kept+got.Kept
		if committed != nil {
			committed(st)
		}
	})
	return st, err
}

// slimPageVersions rewrites url's whole versions as madeVersions where it can.
func slimPageVersions(tx *txn, url string, st *VersionStats) error {
	var whole []Version
	err := scanPrefixKV(tx, bucketVersions, url, func(_, raw []byte) error {
		var sv storedVersion
		if err := decodeRecord(raw, &sv); err != nil {
			return err
		}
		if sv.Made != "" {
			st.Already++
			return nil
		}
		v, err := completeVersion(tx, url, sv)
		if err != nil {
			return err
		}
		whole = append(whole, v)
		return nil
	})
	if err != nil {
		return err
	}
	for _, v := range whole {
		id, err := maker(tx, &v)
		if err != nil {
			return err
		}
		if id == nil || !v.Fetched.Equal(v.Capture) || findContent(tx, url, v.ContentHash) == nil {
			st.Kept++
			continue
		}
		v.made = string(id)
		if err := putVersion(tx, &v); err != nil {
			return err
		}
		st.Named++
	}
	return nil
}

// maker returns the identity of the one primary capture that made v (at v.Capture, with its
// HTML, size and content), as madeBy finds it again; nil when there is not exactly one.
func maker(tx *txn, v *Version) ([]byte, error) {
	at := timeKey(pagePrefix(tx, v.URL), v.Capture)
	var found []byte
	n := 0
	c := tx.Bucket(bucketCaptures).Within(at)
	for k, raw := c.Seek(at); k != nil && bytes.HasPrefix(k, at); k, raw = c.Next() {
		cp, err := decodeMaker(raw)
		if err != nil {
			return nil, err
		}
		if cp.Role != RolePrimary || cp.HTMLBlob != v.HTMLBlob || cp.Size != v.HTMLSize || cp.Content != v.ContentHash {
			continue
		}
		n++
		if len(k) == len(at)+identityLen {
			found = bytes.Clone(k[len(at):])
		} else {
			id := cp.identity()
			found = id[:]
		}
	}
	if n != 1 {
		return nil, nil
	}
	return found, nil
}
