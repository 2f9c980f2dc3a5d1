package archive

import (
	"context"
	"encoding/binary"
	"fmt"
	"iter"
	"time"
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
	return s.update(ctx, func(tx *txn) error {
		b, err := tx.CreateBucketIfNotExists(bucketRuns)
		if err != nil {
			return err
		}
		return putRecordIn(b, runKey(r.Site, r.Start), &r)
	})
}

// Runs yields a site's recorded crawls, newest first, reading a bounded chunk of records per read
// transaction (see Walks in the package doc): a caller that wants the last few breaks early and
// reads no more. Breaking out of the loop ends the walk; an error (a record that does not decode,
// ctx done) is yielded once and ends it.
func (s *Store) Runs(ctx context.Context, site string) iter.Seq2[Run, error] {
	return s.runs(ctx, site, iterChunk)
}

// runs is Runs with chunks of size records.
func (s *Store) runs(ctx context.Context, site string, size int) iter.Seq2[Run, error] {
	return keyed(ctx, s, bucketRuns, append([]byte(site), 0), true, size, func(k, v []byte) (Run, bool, error) {
		var r Run
		if err := decodeRecord(v, &r); err != nil {
			return r, false, fmt.Errorf("run %q: %w", k, err)
		}
		return r, true, nil
	})
}
