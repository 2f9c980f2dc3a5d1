package archive

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

var bucketRuns = []byte("runs")

// RunOutcome says how a crawl of a site ended.
type RunOutcome string

const (
	// RunOK is a crawl with no failed request.
	RunOK RunOutcome = "ok"
	// RunPartial is a crawl that stored pages but had failures.
	RunPartial RunOutcome = "partial"
	// RunFailed is a crawl that stored nothing because of failures (the site unreachable, its
	// error budget spent).
	RunFailed RunOutcome = "failed"
	// RunInterrupted is a crawl stopped by a signal.
	RunInterrupted RunOutcome = "interrupted"
)

// Run is the record of one crawl of one site, kept so `status` can say how a site has fared.
type Run struct {
	Site        string         `json:"site"`
	Start       time.Time      `json:"start"`
	End         time.Time      `json:"end"`
	Outcome     RunOutcome     `json:"outcome"`
	Full        bool           `json:"full,omitempty"`
	Found       int            `json:"found"`
	New         int            `json:"new"`
	NewVersions int            `json:"new_versions"`
	Gone        int            `json:"gone"`
	Requests    int            `json:"requests"`
	Errors      map[string]int `json:"errors,omitempty"`
	LastError   string         `json:"last_error,omitempty"`
	Abandoned   string         `json:"abandoned,omitempty"`
}

func runKey(site string, t time.Time) []byte {
	k := append([]byte(site), 0, 0, 0, 0, 0, 0, 0, 0, 0)
	binary.BigEndian.PutUint64(k[len(site)+1:], uint64(t.UnixNano()))
	return k
}

// PutRun records a crawl of a site.
func (s *Store) PutRun(ctx context.Context, r Run) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketRuns)
		if err != nil {
			return err
		}
		return putRecordIn(b, runKey(r.Site, r.Start), &r)
	})
}

// Runs calls fn with a site's recorded crawls, newest first, until fn returns ErrStop or another
// error (which Runs returns).
func (s *Store) Runs(ctx context.Context, site string, fn func(Run) error) error {
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRuns)
		if b == nil {
			return nil
		}
		prefix := append([]byte(site), 0)
		c := b.Cursor()
		var k, v []byte
		if k, _ = c.Seek(append([]byte(site), 1)); k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
		for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Prev() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var r Run
			if err := decodeRecord(v, &r); err != nil {
				return fmt.Errorf("run %q: %w", k, err)
			}
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}
