package archive

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout this code writes. Opening a file with a newer one fails with
// ErrNewerSchema; older ones are upgraded on the first write.
const SchemaVersion = 1

var (
	bucketPages    = []byte("pages")
	bucketVersions = []byte("versions")
	bucketCaptures = []byte("captures")
	bucketBlobs    = []byte("blobs")
	bucketMeta     = []byte("meta")
	keySchema      = []byte("schema")
)

// Options configure Open.
type Options struct {
	// ReadOnly opens for reading: no lock file, a shared lock on the database while open.
	ReadOnly bool
	// LockTimeout is how long a writer waits for another writer's run to end, and a reader for a
	// commit to finish, before ErrLocked. Zero tries once.
	LockTimeout time.Duration
	// CommitWait is how long a writer waits for readers to let go of the database at each
	// commit. Default 10 minutes: a crawl pauses behind a long export rather than failing.
	CommitWait time.Duration
	// Logger receives debug logs of commits; nil discards them.
	Logger *slog.Logger
}

// Store is an open archive. A writer's methods may be called from several goroutines; each
// PutBatch is one bbolt transaction.
type Store struct {
	path   string
	opts   Options
	lock   *runLock
	db     *bolt.DB // held open by readers only
	codec  *codec
	log    *slog.Logger
	closed bool
}

// Open opens the archive at path, creating it for a writer.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if opts.CommitWait == 0 {
		opts.CommitWait = 10 * time.Minute
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c, err := newCodec()
	if err != nil {
		return nil, err
	}
	s := &Store{path: path, opts: opts, codec: c, log: log}
	if err := checkTruncated(path); err != nil {
		c.close()
		return nil, err
	}
	if opts.ReadOnly {
		if err := s.openReader(); err != nil {
			c.close()
			return nil, err
		}
		return s, nil
	}
	if s.lock, err = acquireRunLock(ctx, path, opts.LockTimeout); err != nil {
		c.close()
		return nil, err
	}
	if err := createEmpty(path); err != nil { // all or nothing: a kill leaves no half-made archive
		s.Close()
		return nil, err
	}
	if err := s.update(ctx, initSchema); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close releases the database and the writer's lock.
func (s *Store) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	var err error
	if s.db != nil {
		err = s.db.Close()
		s.db = nil
	}
	if s.lock != nil {
		err = errors.Join(err, s.lock.release())
		s.lock = nil
	}
	s.codec.close()
	return err
}

func (s *Store) openReader() error {
	if _, err := os.Stat(s.path); err != nil {
		return fmt.Errorf("%w at %s: %v", ErrNoArchive, s.path, err)
	}
	db, err := bolt.Open(s.path, 0o644, &bolt.Options{ReadOnly: true, Timeout: s.opts.LockTimeout + time.Millisecond})
	if err != nil {
		return openError(s.path, err)
	}
	err = db.View(guard(checkSchema))
	if err != nil {
		db.Close()
		return err
	}
	s.db = db
	return nil
}

// openError turns bbolt's open errors into the archive's.
func openError(path string, err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("%w: %s is being written", ErrLocked, path)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return fmt.Errorf("%w: %s is not a newsarchive database or is damaged: %v", ErrCorrupt, path, err)
	}
	return fmt.Errorf("archive: open %s: %w", path, err)
}

// update runs fn in a write transaction, opening the database only for its length.
func (s *Store) update(ctx context.Context, fn func(*bolt.Tx) error) error {
	if s.opts.ReadOnly {
		return ErrReadOnly
	}
	if s.closed {
		return ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	db, err := bolt.Open(s.path, 0o644, &bolt.Options{Timeout: s.opts.CommitWait})
	if err != nil {
		return openError(s.path, err)
	}
	if err := s.lock.attach(s.path); err != nil { // a database this run created: lock its inode
		db.Close()
		return err
	}
	err = db.Update(guard(fn))
	return errors.Join(err, db.Close())
}

// guard turns a bbolt panic on a damaged file ("invalid page type", out-of-range pages) into
// ErrCorrupt: a damaged archive must give a clear message, never a crash.
func guard(fn func(*bolt.Tx) error) func(*bolt.Tx) error {
	return func(tx *bolt.Tx) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%w: %v", ErrCorrupt, r)
			}
		}()
		return fn(tx)
	}
}

// view runs fn in a read transaction: on the reader's open database, or for a writer on the file
// opened for the call.
func (s *Store) view(fn func(*bolt.Tx) error) error {
	if s.closed {
		return ErrClosed
	}
	if s.db != nil {
		return s.db.View(guard(fn))
	}
	// A writer reads through a read-only open: a shared lock, and no freelist to load. The run
	// lock already keeps other writers out.
	db, err := bolt.Open(s.path, 0o644, &bolt.Options{ReadOnly: true, Timeout: s.opts.CommitWait})
	if err != nil {
		return openError(s.path, err)
	}
	err = db.View(guard(fn))
	return errors.Join(err, db.Close())
}

func initSchema(tx *bolt.Tx) error {
	for _, b := range [][]byte{bucketPages, bucketVersions, bucketCaptures, bucketBlobs, bucketMeta} {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return fmt.Errorf("archive: create bucket %s: %w", b, err)
		}
	}
	if err := checkSchema(tx); err != nil {
		return err
	}
	return tx.Bucket(bucketMeta).Put(keySchema, []byte{SchemaVersion})
}

func checkSchema(tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		if tx.Writable() {
			return nil
		}
		return fmt.Errorf("%w: no meta bucket", ErrCorrupt)
	}
	v := meta.Get(keySchema)
	if len(v) == 1 && int(v[0]) > SchemaVersion {
		return fmt.Errorf("%w: schema %d, this build reads up to %d", ErrNewerSchema, v[0], SchemaVersion)
	}
	return nil
}
