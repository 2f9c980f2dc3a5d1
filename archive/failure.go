package archive

import (
	"context"
	"fmt"
	"iter"
	"time"

	bolt "go.etcd.io/bbolt"
)

var bucketFailures = []byte("failures")

// Failure records a URL that could not be archived: a broken link, a page over the size cap, a
// document that is not HTML, a redirect loop. The crawler reads them back so it does not ask a
// server for the same dead URL on every run.
type Failure struct {
	URL   string      `json:"url"`
	Site  string      `json:"site,omitempty"`
	Kind  FailureKind `json:"kind"`
	Error string      `json:"error,omitempty"`
	Count int         `json:"count"`
	First time.Time   `json:"first"`
	Last  time.Time   `json:"last"`
	// Reported is when a crawl last told its operator of this failure: a failure that repeats
	// every run is told once a day, not every hour.
	Reported time.Time `json:"reported,omitzero"`
}

// FailureKind names why a URL failed, in the words of whoever recorded it (the crawler's are
// "http-404", "timeout", "not-html", …: the crawler's Fail constants). The archive keeps it as given
// and never interprets it; it is stored as the plain string, so archives written before it had
// a type read the same.
type FailureKind string

// Record is a change to the crawl's records other than captures: a failure to count, a failure
// to forget now that its URL answered, a note learned. Records are applied in the order given.
type Record struct {
	Failure *Failure
	Cleared string
	Note    *Note
}

// PutRecords applies failure counts, clears and notes in one transaction, in order: a URL that
// failed and then answered within one batch ends with no failure record.
func (s *Store) PutRecords(ctx context.Context, rs []Record) error {
	if len(rs) == 0 {
		return nil
	}
	return s.update(ctx, func(tx *txn) error {
		b, err := tx.CreateBucketIfNotExists(bucketFailures)
		if err != nil {
			return err
		}
		for _, r := range rs {
			switch {
			case r.Failure != nil:
				err = putFailure(b, *r.Failure)
			case r.Cleared != "":
				err = b.Delete([]byte(r.Cleared))
			case r.Note != nil:
				err = putNotes(tx, []Note{*r.Note})
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func putFailure(b *bolt.Bucket, f Failure) error {
	f.Count = max(f.Count, 1)
	var old Failure
	if v := b.Get([]byte(f.URL)); v != nil && decodeRecord(v, &old) == nil {
		f.Count += old.Count
		f.First = old.First
		if f.Reported.IsZero() {
			f.Reported = old.Reported
		}
	}
	if f.First.IsZero() {
		f.First = f.Last
	}
	return putRecordIn(b, []byte(f.URL), &f)
}

// Failures yields every recorded failure of a site ("" for all), in URL order, reading a bounded
// chunk of records per read transaction (see Walks in the package doc): each value is the loop
// body's to keep, and the loop body may write to the archive. Breaking out of the loop ends the
// walk; an error (a record that does not decode, ctx done) is yielded once and ends it.
func (s *Store) Failures(ctx context.Context, site string) iter.Seq2[Failure, error] {
	return s.failures(ctx, site, iterChunk)
}

// failures is Failures with chunks of size records.
func (s *Store) failures(ctx context.Context, site string, size int) iter.Seq2[Failure, error] {
	return keyed(ctx, s, bucketFailures, nil, false, size, func(k, v []byte) (Failure, bool, error) {
		var f Failure
		if err := decodeRecord(v, &f); err != nil {
			return f, false, fmt.Errorf("failure %s: %w", k, err)
		}
		return f, site == "" || f.Site == site, nil
	})
}

func putRecordIn(b *bolt.Bucket, key []byte, v any) error {
	enc, err := encodeRecord(v)
	if err != nil {
		return err
	}
	return b.Put(key, enc)
}
