package archive

import (
	"compress/gzip"
	"context"
	"io"
	"os"
	"slices"
)

// Stats are the archive's sizes.
type Stats struct {
	Pages, Gone, Versions, Captures, Blobs int
	// Articles, Hubs and Resources count pages by kind; Alternates and Redirects count captures
	// by role.
	Articles, Hubs, Resources, Images, Alternates, Redirects int
	// BlobBytes is the stored (compressed) size of all blobs; RawBytes what they hold uncompressed.
	BlobBytes, RawBytes int64
	// FileBytes is the database file's size on disk; UsedBytes the part bbolt has written to
	// (the file grows ahead of use in large steps).
	FileBytes, UsedBytes int64
	// SegmentBytes is the size of the blob segments beside the database; DiskBytes the archive's
	// whole size on disk, database and segments.
	SegmentBytes, DiskBytes int64
	// BodyCaptures counts captures that kept a body.
	BodyCaptures int
	// LegacyBlobs counts blobs still in the database, in the layout before segments:
	// `newsarchive upgrade` moves them.
	LegacyBlobs int
	// LegacyPages counts pages whose records are still in the layout before page records
	// (schema 7): `newsarchive upgrade` moves them.
	LegacyPages int
	// BodyBytes is the raw size of the distinct bodies captures kept; BodyGzipBytes an estimate of
	// what they take gzipped one by one at level 6 (a folder of .html.gz files), from
	// BodyGzipSample of them spread evenly over the archive: DiskBytes against it is the
	// storage benchmark's ratio (docs/STORAGE.md).
	BodyBytes, BodyGzipBytes int64
	BodyGzipSample           int
	// Sites counts pages per site.
	Sites map[string]int
}

// Stats counts what the archive holds. RawBytes needs every blob decompressed, so it reads the
// sizes recorded in versions and captures instead: the raw size of each distinct blob once.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	return s.stats(ctx, true)
}

// Counts is Stats without the bodies' sizes (BodyBytes, BodyGzipBytes and BodyGzipSample stay
// zero), whose estimate gzips up to 200 bodies: what `verify` prints after reading
// everything once already.
func (s *Store) Counts(ctx context.Context) (Stats, error) {
	return s.stats(ctx, false)
}

func (s *Store) stats(ctx context.Context, estimate bool) (Stats, error) {
	st := Stats{Sites: map[string]int{}}
	raw, bodies := map[string]int{}, map[string]int{}
	err := s.viewContext(ctx, func(tx *txn) error {
		st.UsedBytes = tx.Size()
		if err := eachPage(ctx, tx, "", st.countPage); err != nil {
			return err
		}
		if err := st.countVersions(tx, raw); err != nil {
			return err
		}
		if err := st.countCaptures(tx, raw, bodies); err != nil {
			return err
		}
		bs, err := s.blobs.Stats(ctx, tx.Tx)
		if err != nil {
			return err
		}
		st.Blobs, st.BlobBytes = bs.Blobs+bs.LegacyBlobs, bs.SegmentBytes+bs.LegacyBytes
		st.SegmentBytes, st.LegacyBlobs = bs.SegmentBytes, bs.LegacyBlobs
		// Pages of the URL index have page records; the pages bucket holds the others.
		_ = tx.Tx.Bucket(bucketPages).ForEach(func(_, _ []byte) error { st.LegacyPages++; return nil })
		if !estimate {
			return nil
		}
		st.BodyBytes, st.BodyGzipBytes, st.BodyGzipSample, err = s.gzipEstimate(ctx, tx, bodies)
		return err
	})
	for _, n := range raw {
		st.RawBytes += int64(n)
	}
	if fi, ferr := os.Stat(s.path); ferr == nil {
		st.FileBytes = fi.Size()
	}
	st.DiskBytes = st.FileBytes + st.SegmentBytes
	return st, err
}

// countPage counts p by site, kind and status.
func (st *Stats) countPage(p Page) error {
	st.Pages++
	st.Sites[p.Site]++
	switch {
	case p.Kind == KindHub:
		st.Hubs++
	case p.Kind == KindResource:
		st.Resources++
	case p.Kind == KindImage:
		st.Images++
	default:
		st.Articles++
	}
	if p.Status == StatusGone {
		st.Gone++
	}
	return nil
}

// countVersions counts the versions and records the raw size of each blob they refer to in raw.
// A slim version's text is its content record's: those are read in one scan of the contents
// bucket, not looked up version by version.
func (st *Stats) countVersions(tx *txn, raw map[string]int) error {
	texts := map[string]bool{}
	err := tx.Bucket(bucketVersions).ForEach(func(_, v []byte) error {
		var ver Version
		if err := decodeRecord(v, &ver); err != nil {
			return err
		}
		st.Versions++
		if ver.TextBlob != "" {
			raw[ver.TextBlob] = ver.TextSize
		} else if ver.ContentHash != "" {
			texts[ver.ContentHash] = true
		}
		raw[ver.HTMLBlob] = ver.HTMLSize
		return nil
	})
	if err != nil {
		return err
	}
	return tx.Bucket(bucketContents).ForEach(func(k, v []byte) error {
		if !texts[contentKeyHash(k)] {
			return nil
		}
		var rec contentRecord
		if err := decodeRecord(v, &rec); err != nil {
			return err
		}
		raw[rec.TextBlob] = rec.TextSize
		return nil
	})
}

// countCaptures counts the captures by role and records the raw size of each body in raw and
// bodies.
func (st *Stats) countCaptures(tx *txn, raw, bodies map[string]int) error {
	return tx.Bucket(bucketCaptures).ForEach(func(k, v []byte) error {
		c, err := decodeCapture("", v)
		if err != nil {
			return err
		}
		st.Captures++
		switch c.Role {
		case RoleAlternate:
			st.Alternates++
		case RoleRedirect:
			st.Redirects++
		}
		if c.HTMLBlob != "" {
			raw[c.HTMLBlob] = c.Size
			bodies[c.HTMLBlob] = c.Size
			st.BodyCaptures++
		}
		return nil
	})
}

// gzipSample is how many bodies Stats gzips to estimate the gzip -6 size of them all: enough for
// a ratio within a few percent on a site's pages, in a fraction of a second.
const gzipSample = 200

// gzipEstimate returns the raw size of bodies (id → size), and the gzip -6 size of them all
// estimated from up to gzipSample of them, evenly spaced in id order (ids are hashes, so that
// is a sample across sites and time), with the sample's size.
func (s *Store) gzipEstimate(ctx context.Context, tx *txn, bodies map[string]int) (int64, int64, int, error) {
	var total int64
	ids := make([]string, 0, len(bodies))
	for id, n := range bodies {
		ids = append(ids, id)
		total += int64(n)
	}
	if len(ids) == 0 {
		return 0, 0, 0, nil
	}
	slices.Sort(ids)
	step := max(len(ids)/gzipSample, 1)
	var rawN, gzN int64
	n := 0
	w, err := gzip.NewWriterLevel(io.Discard, 6)
	if err != nil {
		return 0, 0, 0, err
	}
	for i := 0; i < len(ids) && n < gzipSample; i += step {
		b, err := s.getBlob(ctx, tx, ids[i])
		if err != nil {
			if ctx.Err() != nil {
				return 0, 0, 0, ctx.Err()
			}
			continue // a damaged blob is verify's to report; stats counts what it can
		}
		gz, err := gzip6Size(w, b)
		if err != nil {
			return 0, 0, 0, err
		}
		rawN, gzN, n = rawN+int64(len(b)), gzN+gz, n+1
	}
	if rawN == 0 {
		return total, 0, n, nil
	}
	return total, int64(float64(total) * float64(gzN) / float64(rawN)), n, nil
}

// gzip6Size is the size of b gzipped at level 6, gzip's default, with w (reset for each use: a
// deflate writer allocates about a megabyte).
func gzip6Size(w *gzip.Writer, b []byte) (int64, error) {
	var n countWriter
	w.Reset(&n)
	if _, err := w.Write(b); err != nil {
		return 0, err
	}
	if err := w.Close(); err != nil {
		return 0, err
	}
	return int64(n), nil
}

// countWriter counts what is written to it.
type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}
