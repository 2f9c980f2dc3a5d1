package archive

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/newsarchive/newsarchive/archive/internal/blobstore"
)

// SchemaVersion is the layout this code writes. Opening a file with a newer one fails with
// ErrNewerSchema; older ones are upgraded on the first write.
//
// 1: pages, versions, captures, blobs. 2: captures carry their content hash and role, contents
// hold each article's fields, versions are derived from the capture timeline. 3: new blobs go to
// segment files beside the database (archive/internal/blobstore); older ones stay readable where they are
// until `newsarchive upgrade` moves them. 4: records leave out what their key or another record
// holds (archive/slim.go), which an older build would read as empty fields; schema 3 records read
// as they are. 5: a page's versions and captures are keyed by its page number, not its URL
// (archive/keys.go); pages of older archives keep their URL keys until a write or `upgrade`
// moves them. 6: a version names the capture that made it instead of repeating its content
// hash, HTML blob, size and time (docs/STORAGE.md, "Versions by capture"), which an older build
// would read as empty. 7: a numbered page's versions, captures and contents are one record of
// the pagerecs bucket, chunked by month (archive/pagerec.go), which an older build would not
// see; pages of older archives keep their records in the buckets until a write or `upgrade`
// moves them.
const SchemaVersion = 7

var (
	bucketPages    = []byte("pages")
	bucketVersions = []byte("versions")
	bucketCaptures = []byte("captures")
	bucketBlobs    = []byte("blobs")
	bucketMeta     = []byte("meta")
	bucketContents = []byte("contents")
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
	// OpenPerRead makes a reader open the database for each read transaction only, as a writer
	// does, not for the Store's life: a long walk (an export) then holds neither the shared lock
	// nor the mapping of the database between its transactions, and a crawl commits meanwhile.
	// Compact needs a reader without it.
	OpenPerRead bool
	// groupPages, when set, is how many new pages of a site a frame may hold instead of
	// GroupPages: for the size benchmark's measure of larger groups (docs/STORAGE.md).
	groupPages int
	// legacyRecords writes new pages' versions, captures and contents in their buckets, as
	// schema 6 did, instead of in page records: for tests of the upgrade from schema 6.
	legacyRecords bool
}

// Store is an open archive. Its methods may be called from several goroutines at once, a
// writer's and a reader's alike; each PutBatch is one bbolt transaction, and each read sees one
// committed state. Close waits for the transactions under way to end before it releases the
// database, the run lock and the segments; calls that begin after it, and the next chunk of a
// walk under way, return ErrClosed. A second Close does nothing.
type Store struct {
	path  string
	opts  Options
	lock  *runLock
	db    *bolt.DB // held open by readers only
	blobs *blobstore.Store
	log   *slog.Logger
	// callMu guards closed and orders enter against Close; calls counts the calls under way
	// (see enter).
	callMu sync.Mutex
	closed bool
	calls  sync.WaitGroup
	// blocks keeps the URL index's blocks decoded between transactions.
	blocks *blockCache
	// parent, for a held reader, is the Store whose blob store and caches it shares and on which
	// it counts as a call under way until its Close (see Hold).
	parent *Store
}

// txnOptions are the options of the Store's transactions.
func (s *Store) txnOptions() txnOptions {
	return txnOptions{legacy: s.opts.legacyRecords, cache: s.blocks}
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
	s := &Store{path: path, opts: opts, log: log, blocks: newBlockCache()}
	if err := checkTruncated(path); err != nil {
		return nil, err
	}
	var err error
	if opts.ReadOnly {
		if err := s.openReader(); err != nil {
			return nil, err
		}
		if s.blobs, err = blobstore.Open(ctx, s.blobDir(), blobstore.Options{ReadOnly: true, Logger: log}); err != nil {
			s.Close()
			return nil, err
		}
		if opts.OpenPerRead { // checked above; from now on opened by view
			if err, s.db = s.db.Close(), nil; err != nil {
				s.Close()
				return nil, fmt.Errorf("archive: close %s: %w", path, err)
			}
		}
		return s, nil
	}
	if s.lock, err = acquireRunLock(ctx, path, opts.LockTimeout); err != nil {
		return nil, err
	}
	if err := createEmpty(path); err != nil { // all or nothing: a kill leaves no half-made archive
		s.Close()
		return nil, err
	}
	if s.blobs, err = blobstore.Open(ctx, s.blobDir(), blobstore.Options{Logger: log, GroupPages: opts.groupPages, GroupBytes: opts.groupPages * 80 << 10}); err != nil {
		s.Close()
		return nil, err
	}
	// The schema is checked and the segments cut back to what the index committed (a crash's
	// uncommitted tail), with the run lock held, before anything is written.
	err = s.update(ctx, func(tx *txn) error {
		if err := initSchema(tx); err != nil {
			return err
		}
		if tx.Bucket(bucketMeta).Get(keyBlobDir) == nil {
			if err := tx.Bucket(bucketMeta).Put(keyBlobDir, []byte(filepath.Base(s.blobs.Dir()))); err != nil {
				return err
			}
		}
		return s.blobs.Recover(tx.Tx)
	})
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close waits for the calls under way, then releases the database and the writer's lock.
func (s *Store) Close() error {
	s.callMu.Lock()
	if s.closed {
		s.callMu.Unlock()
		return nil
	}
	s.closed = true
	s.callMu.Unlock()
	s.calls.Wait()
	var err error
	if s.db != nil {
		err = s.db.Close()
		s.db = nil
	}
	if s.lock != nil {
		err = errors.Join(err, s.lock.release())
		s.lock = nil
	}
	if s.parent != nil {
		s.parent.calls.Done()
	} else if s.blobs != nil {
		err = errors.Join(err, s.blobs.Close())
	}
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
	err = db.View(guard(txnOptions{}, checkSchema))
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
func (s *Store) update(ctx context.Context, fn func(*txn) error) error {
	if s.opts.ReadOnly {
		return ErrReadOnly
	}
	if err := s.enter(); err != nil {
		return err
	}
	defer s.calls.Done()
	if err := ctx.Err(); err != nil {
		return err
	}
	db, err := openWritable(ctx, s.path, s.opts.CommitWait)
	if err != nil {
		return openError(s.path, err)
	}
	if err := s.lock.attach(s.path); err != nil { // a database this run created: lock its inode
		db.Close()
		return err
	}
	err = db.Update(guard(s.txnOptions(), func(tx *txn) error {
		tuneFill(tx)
		return fn(tx)
	}))
	return errors.Join(err, db.Close())
}

// growStep is how far the database file grows past what it needs. bbolt's default, 16 MiB (and
// the mmap size, a power of two, below that), is most of the file of a small archive: 9 MB of
// data took a 16 MiB file. A step of 1 MiB costs a truncate and an fsync per MiB written, next
// to the fsync of every commit.
const growStep = 1 << 20

// lockPoll is how long openWritable waits for the database's file lock at a time before it
// looks at its context again.
const lockPoll = 200 * time.Millisecond

// openWritable opens the database for writing, growing its file in steps of growStep. Readers
// in other processes hold the file's lock shared during their transactions; it waits for them
// up to wait, and no longer than ctx allows: a cancelled request must not sit out a long read.
func openWritable(ctx context.Context, path string, wait time.Duration) (*bolt.DB, error) {
	deadline := time.Now().Add(wait)
	for {
		step := max(min(lockPoll, time.Until(deadline)), time.Millisecond) // 0 would wait for ever
		db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: step})
		if err == nil {
			db.AllocSize = growStep
			return db, nil
		}
		if !errors.Is(err, berrors.ErrTimeout) || !time.Now().Before(deadline) {
			return nil, err
		}
		if cerr := ctx.Err(); cerr != nil {
			return nil, fmt.Errorf("waiting for readers to let go: %w", cerr)
		}
	}
}

// guard runs fn in the archive's view of a bbolt transaction (txn), writing the page records it
// changed before a write transaction commits, and turns a panic on a damaged file ("invalid page
// type", out-of-range pages, a page record that does not decode) into ErrCorrupt: a damaged
// archive must give a clear message, never a crash.
func guard(opts txnOptions, fn func(*txn) error) func(*bolt.Tx) error {
	return func(btx *bolt.Tx) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%w: %v", ErrCorrupt, r)
			}
		}()
		tx := newTxn(btx, opts)
		if err := fn(tx); err != nil {
			return err
		}
		if tx.err != nil {
			return tx.err
		}
		if !btx.Writable() {
			return nil
		}
		return tx.flush()
	}
}

// enter counts a call that uses the database, the lock or the segments as under way, so that
// Close waits for it; ErrClosed once Close has begun. Calls may nest: a call under way that
// enters again after Close began gets ErrClosed, and the outer call returns it.
func (s *Store) enter() error {
	s.callMu.Lock()
	defer s.callMu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.calls.Add(1)
	return nil
}

// viewContext is view for a caller that may have been cancelled before the read begins.
func (s *Store) viewContext(ctx context.Context, fn func(*txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.view(fn)
}

// view runs fn in a read transaction: on the reader's open database, or for a writer on the file
// opened for the call.
func (s *Store) view(fn func(*txn) error) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.calls.Done()
	if s.db != nil {
		return s.db.View(guard(s.txnOptions(), fn))
	}
	// A writer reads through a read-only open: a shared lock, and no freelist to load. The run
	// lock already keeps other writers out.
	db, err := bolt.Open(s.path, 0o644, &bolt.Options{ReadOnly: true, Timeout: s.opts.CommitWait})
	if err != nil {
		return openError(s.path, err)
	}
	err = db.View(guard(s.txnOptions(), fn))
	return errors.Join(err, db.Close())
}

func initSchema(tx *txn) error {
	fresh := tx.Bucket(bucketMeta) == nil
	for _, b := range [][]byte{bucketPages, bucketVersions, bucketCaptures, bucketBlobs, bucketMeta, bucketContents, bucketPageRecs, bucketURLs} {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return fmt.Errorf("archive: create bucket %s: %w", b, err)
		}
	}
	if err := checkSchema(tx); err != nil {
		return err
	}
	if v := tx.Bucket(bucketMeta).Get(keySchema); !fresh && len(v) == 1 && v[0] < 2 {
		if err := migrateTimeline(tx); err != nil {
			return fmt.Errorf("archive: upgrade to schema 2: %w", err)
		}
	}
	return tx.Bucket(bucketMeta).Put(keySchema, []byte{SchemaVersion})
}

func checkSchema(tx *txn) error {
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

// keyBlobDir records the name of the segment directory the archive was created with.
var keyBlobDir = []byte("blobdir")

// SegmentDir returns the directory of the segment files beside the database at dbPath, which
// holds the archive's blobs: a copy of the archive is the database and this directory.
func SegmentDir(dbPath string) string { return blobstore.DirFor(dbPath) }

// blobDir is the segment directory of the archive: beside the database's real path (symlinks
// resolved), or, for a database opened through a hard link of another name in the same
// directory, the directory it was created with.
func (s *Store) blobDir() string {
	real := realPath(s.path)
	dir := blobstore.DirFor(real)
	if _, err := os.Stat(dir); err == nil {
		return dir
	}
	var name string
	read := func(tx *bolt.Tx) error {
		if m := tx.Bucket(bucketMeta); m != nil {
			name = string(m.Get(keyBlobDir))
		}
		return nil
	}
	if s.db != nil {
		_ = s.db.View(read)
	} else if db, err := bolt.Open(s.path, 0o644, &bolt.Options{ReadOnly: true, Timeout: s.opts.CommitWait}); err == nil {
		_ = db.View(read)
		db.Close()
	}
	if name != "" && name == filepath.Base(name) {
		if alt := filepath.Join(filepath.Dir(real), name); alt != dir {
			if _, err := os.Stat(alt); err == nil {
				return alt
			}
		}
	}
	return dir
}
