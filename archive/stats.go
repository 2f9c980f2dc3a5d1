package archive

import (
	"context"
	"os"

	bolt "go.etcd.io/bbolt"
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
	// Sites counts pages per site.
	Sites map[string]int
}

// Stats counts what the archive holds. RawBytes needs every blob decompressed, so it reads the
// sizes recorded in versions and captures instead: the raw size of each distinct blob once.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	st := Stats{Sites: map[string]int{}}
	raw := map[string]int{}
	err := s.viewContext(ctx, func(tx *bolt.Tx) error {
		st.UsedBytes = tx.Size()
		err := eachPage(ctx, tx, "", func(p Page) error {
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
		})
		if err != nil {
			return err
		}
		// A slim version's text is its content record's: those are read in one scan of the
		// contents bucket, not looked up version by version.
		texts := map[string]bool{}
		err = tx.Bucket(bucketVersions).ForEach(func(_, v []byte) error {
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
		err = tx.Bucket(bucketContents).ForEach(func(k, v []byte) error {
			if !texts[string(k)] {
				return nil
			}
			var rec contentRecord
			if err := decodeRecord(v, &rec); err != nil {
				return err
			}
			raw[rec.TextBlob] = rec.TextSize
			return nil
		})
		if err != nil {
			return err
		}
		err = tx.Bucket(bucketCaptures).ForEach(func(k, v []byte) error {
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
				st.BodyCaptures++
			}
			return nil
		})
		if err != nil {
			return err
		}
		bs, err := s.blobs.Stats(ctx, tx)
		if err != nil {
			return err
		}
		st.Blobs, st.BlobBytes = bs.Blobs+bs.LegacyBlobs, bs.SegmentBytes+bs.LegacyBytes
		st.SegmentBytes, st.LegacyBlobs = bs.SegmentBytes, bs.LegacyBlobs
		return nil
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
