package archive

import (
	"context"
	"errors"
	"fmt"
	"iter"

	bolt "go.etcd.io/bbolt"

	"github.com/newsarchive/newsarchive/archive/internal/blobstore"
)

// UpgradeStats count what UpgradeBlobs did.
type UpgradeStats struct {
	// Moved blobs went from the legacy bucket to the segments.
	Moved int
	// Already were in the segments (moved by an earlier, interrupted run).
	Already int
	// Missing were in neither: a damaged archive; Verify reports them.
	Missing int
	// LegacyBytes is what the moved blobs took in the legacy bucket; SegmentBytes what they take
	// in segments.
	LegacyBytes, SegmentBytes int64
}

// UpgradeBlobs moves the blobs an older archive kept inside the database into the segment
// layout, site by site and each page's captures oldest first, so that recaptures become deltas
// and each site gets its dictionary. It is safe to kill and run again: each batch is synced to
// the segments before one transaction records it and deletes its old copies. The database is
// held for the whole run (readers wait); run it while no crawl does. `backup --compact`
// afterwards gives the freed pages back to the file system.
func (s *Store) UpgradeBlobs(ctx context.Context) (UpgradeStats, error) {
	if s.opts.ReadOnly {
		return UpgradeStats{}, ErrReadOnly
	}
	if err := s.enter(); err != nil {
		return UpgradeStats{}, err
	}
	defer s.calls.Done()
	pages, err := s.pageSites(ctx)
	if err != nil {
		return UpgradeStats{}, err
	}
	db, err := openWritable(ctx, s.path, s.opts.CommitWait)
	if err != nil {
		return UpgradeStats{}, openError(s.path, err)
	}
	st, err := s.blobs.Upgrade(ctx, db, upgradeGroups(ctx, db, pages))
	return UpgradeStats(st), errors.Join(err, db.Close())
}

type pageSite struct{ url, site string }

// pageSites lists every page with its site, sites together.
func (s *Store) pageSites(ctx context.Context) ([]pageSite, error) {
	bySite := map[string][]pageSite{}
	err := s.view(func(tx *txn) error {
		return eachPage(ctx, tx, "", func(p Page) error {
			bySite[p.Site] = append(bySite[p.Site], pageSite{p.URL, p.Site})
			return nil
		})
	})
	var out []pageSite
	for _, site := range sortedKeys(setOf(bySite)) {
		out = append(out, bySite[site]...)
	}
	return out, err
}

func setOf(m map[string][]pageSite) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// upgradeGroups yields each page's captures as blob groups, reading one page per short read
// transaction so that no transaction stays open across a yield.
func upgradeGroups(ctx context.Context, db *bolt.DB, pages []pageSite) iter.Seq2[blobstore.Group, error] {
	return func(yield func(blobstore.Group, error) bool) {
		for _, ps := range pages {
			var groups []blobstore.Group
			err := db.View(guard(txnOptions{}, func(tx *txn) error {
				var err error
				groups, err = pageGroups(tx, ps)
				return err
			}))
			if err == nil {
				err = ctx.Err()
			}
			if err != nil {
				yield(blobstore.Group{}, err)
				return
			}
			for _, g := range groups {
				if !yield(g, nil) {
					return
				}
			}
		}
	}
}

// pageGroups lists a page's body blobs oldest first, each with the text of the content it
// showed and the previous body as its delta base.
func pageGroups(tx *txn, ps pageSite) ([]blobstore.Group, error) {
	var out []blobstore.Group
	var prev blobstore.ID
	seen := map[string]bool{}
	err := scanPrefixKV(tx, bucketCaptures, ps.url, func(k, v []byte) error {
		c, err := decodeCapture(ps.url, v)
		if err != nil {
			return fmt.Errorf("capture of %s: %w", ps.url, err)
		}
		if c.HTMLBlob == "" || seen[c.HTMLBlob] {
			return nil
		}
		seen[c.HTMLBlob] = true
		id, err := blobstore.ParseID(c.HTMLBlob)
		if err != nil {
			return fmt.Errorf("%w: capture of %s: blob id %q", ErrCorrupt, ps.url, c.HTMLBlob)
		}
		g := blobstore.Group{Site: ps.site, Prev: prev, IDs: []blobstore.ID{id}}
		if c.Content != "" {
			if rec, err := getContent(tx, ps.url, c.Content); err == nil {
				if tid, err := blobstore.ParseID(rec.TextBlob); err == nil {
					g.IDs = append(g.IDs, tid)
				}
			}
		}
		out = append(out, g)
		prev = id
		return nil
	})
	return out, err
}
