package archive

import (
	"context"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Verify checks the archive end to end: bbolt's own page-level consistency check, every record
// decodes, every version's and capture's blobs are present and hash to their ids, and each page's
// counts agree with its versions. It returns every problem found, joined.
func (s *Store) Verify(ctx context.Context) error {
	var problems []error
	err := s.view(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			problems = append(problems, fmt.Errorf("bbolt: %w", err))
		}
		checked := map[string]bool{}
		blob := func(id, what string) {
			if id == "" || checked[id] {
				return
			}
			checked[id] = true
			stored := getBlob(tx, id)
			if stored == nil {
				problems = append(problems, fmt.Errorf("%w: %s: blob %s missing", ErrCorrupt, what, id))
				return
			}
			if _, err := s.codec.decode(id, stored); err != nil {
				problems = append(problems, fmt.Errorf("%s: %w", what, err))
			}
		}
		return tx.Bucket(bucketPages).ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var p Page
			if err := decodeRecord(v, &p); err != nil {
				problems = append(problems, fmt.Errorf("page %s: %w", k, err))
				return nil
			}
			n := 0
			_ = scanPrefix(tx, bucketVersions, p.URL, func(v []byte) error {
				var ver Version
				if err := decodeRecord(v, &ver); err != nil {
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
			return scanPrefix(tx, bucketCaptures, p.URL, func(v []byte) error {
				var c Capture
				if err := decodeRecord(v, &c); err != nil {
					problems = append(problems, fmt.Errorf("capture of %s: %w", p.URL, err))
					return nil
				}
				blob(c.HTMLBlob, fmt.Sprintf("%s capture %s html", p.URL, c.Time.Format("2006-01-02T15:04:05.000")))
				return nil
			})
		})
	})
	return errors.Join(append([]error{err}, problems...)...)
}
