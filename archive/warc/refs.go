package warc

import (
	"fmt"
	"os"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// refBatch is how many payload references are collected before they are committed.
const refBatch = 1024

var refBucket = []byte("refs")

// refStore remembers, for every payload digest written, the response record holding it, so
// that a later capture with the same payload becomes a revisit record. An export of a large
// archive writes hundreds of thousands of payloads, so the references live in a temporary
// bbolt file beside the WARC files (not synced: it is thrown away on Close), not in memory;
// the last refBatch are kept in memory until committed together.
type refStore struct {
	db      *bolt.DB
	path    string
	pending map[string]recordRef
}

func newRefStore(dir string) (*refStore, error) {
	f, err := os.CreateTemp(dir, ".digests-*.db")
	if err != nil {
		return nil, fmt.Errorf("warc: digests: %w", err)
	}
	path := f.Name()
	f.Close()
	db, err := bolt.Open(path, 0o600, &bolt.Options{NoSync: true, NoFreelistSync: true, NoGrowSync: true})
	if err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("warc: digests: %w", err)
	}
	return &refStore{db: db, path: path, pending: map[string]recordRef{}}, nil
}

// get returns the record holding the payload with this digest.
func (s *refStore) get(digest string) (recordRef, bool, error) {
	if r, ok := s.pending[digest]; ok {
		return r, true, nil
	}
	var v []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(refBucket); b != nil {
			v = append(v, b.Get([]byte(digest))...)
		}
		return nil
	})
	if err != nil || v == nil {
		return recordRef{}, false, err
	}
	id, rest, _ := strings.Cut(string(v), "\n")
	uri, date, _ := strings.Cut(rest, "\n")
	return recordRef{id: id, uri: uri, date: date}, true, nil
}

// put remembers the first record holding a payload; later ones do not replace it.
func (s *refStore) put(digest string, r recordRef) error {
	if _, ok, err := s.get(digest); ok || err != nil {
		return err
	}
	s.pending[digest] = r
	if len(s.pending) >= refBatch {
		return s.flush()
	}
	return nil
}

func (s *refStore) flush() error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(refBucket)
		if err != nil {
			return err
		}
		for d, r := range s.pending {
			if err := b.Put([]byte(d), []byte(r.id+"\n"+r.uri+"\n"+r.date)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("warc: digests: %w", err)
	}
	clear(s.pending)
	return nil
}

// close removes the file.
func (s *refStore) close() error {
	err := s.db.Close()
	if rerr := os.Remove(s.path); err == nil {
		err = rerr
	}
	if err != nil {
		return fmt.Errorf("warc: digests: %w", err)
	}
	return nil
}
