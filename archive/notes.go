package archive

import (
	"context"
	"fmt"
	"iter"
	"time"
)

var bucketNotes = []byte("notes")

// NoteKind says what a crawl learned.
type NoteKind string

const (
	// NoteTrap is a URL shape that generates endless pages (a calendar's next day, faceted
	// search): later crawls request none of it.
	NoteTrap NoteKind = "trap"
	// NoteAlias is an alternate rendering's URL (Key) and the page it renders (Value): later
	// crawls go to the page directly.
	NoteAlias NoteKind = "alias"
)

// Note is something a crawl learned about a site that later crawls should know.
type Note struct {
	Site  string    `json:"site"`
	Kind  NoteKind  `json:"kind"`
	Key   string    `json:"key"`
	Value string    `json:"value,omitempty"`
	Time  time.Time `json:"time"`
}

func noteKey(n Note) []byte {
	return []byte(string(n.Kind) + "\x00" + n.Site + "\x00" + n.Key)
}

// Notes yields every note of a kind for a site, in key order, reading a bounded chunk of notes per
// read transaction (see Walks in the package doc). Breaking out of the loop ends the walk; an error
// (a note that does not decode, ctx done) is yielded once and ends it.
func (s *Store) Notes(ctx context.Context, site string, kind NoteKind) iter.Seq2[Note, error] {
	return s.notes(ctx, site, kind, iterChunk)
}

// notes is Notes with chunks of size notes.
func (s *Store) notes(ctx context.Context, site string, kind NoteKind, size int) iter.Seq2[Note, error] {
	prefix := []byte(string(kind) + "\x00" + site + "\x00")
	return keyed(ctx, s, bucketNotes, prefix, false, size, func(k, v []byte) (Note, bool, error) {
		var n Note
		if err := decodeRecord(v, &n); err != nil {
			return n, false, fmt.Errorf("note %q: %w", k, err)
		}
		return n, true, nil
	})
}

func putNotes(tx *txn, ns []Note) error {
	if len(ns) == 0 {
		return nil
	}
	b, err := tx.CreateBucketIfNotExists(bucketNotes)
	if err != nil {
		return err
	}
	for _, n := range ns {
		if err := putRecordIn(b, noteKey(n), &n); err != nil {
			return err
		}
	}
	return nil
}

var keyConfig = []byte("config")

// ConfigStamp identifies the configuration a crawl ran with: where it came from and the sha256
// of its bytes.
type ConfigStamp struct {
	Source string    `json:"source"`
	SHA256 string    `json:"sha256"`
	Time   time.Time `json:"time"`
}

// RecordConfig notes the configuration a crawl runs with.
func (s *Store) RecordConfig(ctx context.Context, c ConfigStamp) error {
	return s.update(ctx, func(tx *txn) error {
		b, err := encodeRecord(&c)
		if err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keyConfig, b)
	})
}

// LastConfig returns the configuration the last crawl ran with; false when none was recorded.
func (s *Store) LastConfig(ctx context.Context) (ConfigStamp, bool, error) {
	var c ConfigStamp
	found := false
	err := s.viewContext(ctx, func(tx *txn) error {
		v := tx.Bucket(bucketMeta).Get(keyConfig)
		if v == nil {
			return nil
		}
		found = true
		return decodeRecord(v, &c)
	})
	return c, found, err
}
