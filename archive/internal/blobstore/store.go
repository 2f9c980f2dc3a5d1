package blobstore

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/zstd"
	bolt "go.etcd.io/bbolt"
)

// DefaultGroupPages is Options.GroupPages when not set. Two pages a frame took a tenth less than
// one and read about as fast; six take a fifth less than one, and with the page records of
// schema 7 bring the archive under a quarter of its pages' gzip size, but a page's read decodes
// the group's six pages, about twice the CPU of two (docs/STORAGE.md, "Six pages a frame").
const DefaultGroupPages = 6

// Options configure a Store. The zero value is the documented default of each field.
type Options struct {
	// ReadOnly opens for reading: no segment is created, truncated or written.
	ReadOnly bool
	// SegmentSize is the size past which a new segment file is started. Default 256 MiB.
	SegmentSize int64
	// DictBytes is the most a site dictionary holds: the site's newest pages that fit. Default
	// 768 KiB, about fourteen article pages.
	DictBytes int
	// MaxDepth bounds delta chains: a recapture is stored as a delta against the URL's previous
	// HTML only while that one has fewer than MaxDepth bases to decode before it; otherwise it is
	// stored against the site dictionary again. Reading a blob decodes at most MaxDepth frames
	// besides the site dictionary, whose decoder is cached. Default 4; at most 32.
	MaxDepth int
	// GroupPages is the most pages of one site a frame holds when a batch brings several coded
	// with the site's dictionary (see group.go); 1 stores each page alone. Default DefaultGroupPages.
	GroupPages int
	// GroupBytes bounds the content of such a frame, which a reader decodes whole to read one
	// of its blobs. Default 80 KiB a page of GroupPages (480 KiB for six: a news page and its
	// text are about 60 KiB).
	GroupBytes int
	// Level is the zstd level of frames coded with a site dictionary or none. Default
	// zstd.SpeedBetterCompression.
	Level zstd.EncoderLevel
	// CacheBytes bounds the decoded dictionaries and delta bases kept in memory. Default 32 MiB.
	CacheBytes int64
	// UpgradeBatch is how many legacy blobs one Upgrade transaction moves. Default 128.
	UpgradeBatch int
	// Logger receives debug logs; nil discards them.
	Logger *slog.Logger
}

func (o *Options) defaults() {
	if o.SegmentSize <= 0 {
		o.SegmentSize = 256 << 20
	}
	if o.DictBytes <= 0 {
		o.DictBytes = 768 << 10
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = 4
	}
	if o.MaxDepth > 32 {
		o.MaxDepth = 32
	}
	if o.GroupPages <= 0 {
		o.GroupPages = DefaultGroupPages
	}
	if o.GroupBytes <= 0 {
		o.GroupBytes = o.GroupPages * 80 << 10
	}
	if o.Level == 0 {
		o.Level = zstd.SpeedBetterCompression
	}
	if o.CacheBytes <= 0 {
		o.CacheBytes = 32 << 20
	}
	if o.UpgradeBatch <= 0 {
		o.UpgradeBatch = 128
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Store is the blob store of one archive: segment files in a directory beside the database, an
// index in the database's "blobstore" bucket. Its methods are safe for concurrent use; Append
// calls are serialised while they write.
type Store struct {
	dir    string
	opts   Options
	codecs *codecs
	files  *files
	cache  *lru[ID, []byte]       // decoded dictionaries and bases
	frames *lru[frameKey, []byte] // decoded frames of several blobs, see decodeEntry

	mu        sync.Mutex // guards w, recovered and closed; held while a batch is written
	w         *writer
	recovered bool
	closed    bool
	shut      atomic.Bool // closed, for readers that do not take mu
}

// DirFor returns the segment directory of the database at dbPath: dbPath + ".blobs".
func DirFor(dbPath string) string { return dbPath + ".blobs" }

// Open opens the blob store whose segments are in dir (see DirFor). A writer must call
// Recover in a transaction before its first Append; a reader needs nothing more. ctx is for
// creating the directory only.
func Open(ctx context.Context, dir string, opts Options) (*Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	opts.defaults()
	if !opts.ReadOnly {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("blobstore: %w", err)
		}
	}
	c, err := newCodecs(sharedEncoders.forLevel(opts.Level))
	if err != nil {
		return nil, err
	}
	s := &Store{dir: dir, opts: opts, codecs: c, files: newFiles(dir, 64)}
	s.cache = newLRU[ID, []byte](opts.CacheBytes, nil)
	s.frames = newLRU[frameKey, []byte](frameCacheBytes, nil)
	return s, nil
}

// Dir returns the segment directory.
func (s *Store) Dir() string { return s.dir }

// Close closes the segment files. It does not touch the database.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	s.shut.Store(true)
	var err error
	if s.w != nil {
		err = s.w.close()
	}
	s.codecs.close()
	s.cache.clear()
	return errors.Join(err, s.files.close())
}

// Recover prepares a writer: it creates the store's buckets when tx is writable, then cuts every
// segment back to the length committed in tx, dropping what a crash or a failed commit left
// after it (frames no index entry refers to), and positions appends at the end of the newest
// segment. Call it once after Open, with the run lock held so no other writer appends, in
// a read or write transaction of the archive's database.
func (s *Store) Recover(tx *bolt.Tx) error {
	if s.opts.ReadOnly {
		return ErrReadOnly
	}
	b, err := openBuckets(tx)
	if err != nil {
		return err
	}
	committed := b.committed()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	segs, err := listSegments(s.dir)
	if err != nil {
		return err
	}
	last := uint32(1)
	for _, seg := range segs {
		if err := cutSegment(s.dir, seg, committed[seg], s.opts.Logger); err != nil {
			return err
		}
		last = max(last, seg)
	}
	for seg, n := range committed {
		last = max(last, seg)
		if n > 0 && !contains(segs, seg) {
			return fmt.Errorf("%w: segment %s missing (%d bytes committed)", ErrCorrupt, segName(seg), n)
		}
	}
	if s.w != nil {
		s.w.close()
	}
	s.w = &writer{dir: s.dir, maxSize: s.opts.SegmentSize}
	if err := s.w.open(last); err != nil {
		return err
	}
	s.recovered = true
	return nil
}

func contains(segs []uint32, seg uint32) bool {
	for _, x := range segs {
		if x == seg {
			return true
		}
	}
	return false
}

// cutSegment truncates a segment to its committed length n and syncs it.
func cutSegment(dir string, seg uint32, n int64, log *slog.Logger) error {
	path := filepath.Join(dir, segName(seg))
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("blobstore: %w", err)
	}
	switch {
	case fi.Size() < n:
		return fmt.Errorf("%w: %s holds %d bytes, %d committed", ErrCorrupt, segName(seg), fi.Size(), n)
	case fi.Size() == n:
		return nil
	}
	log.Info("dropping uncommitted tail", "segment", segName(seg), "committed", n, "size", fi.Size())
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("blobstore: %w", err)
	}
	err = f.Truncate(n)
	err = errors.Join(err, f.Sync(), f.Close())
	if err != nil {
		return fmt.Errorf("blobstore: truncate %s: %w", segName(seg), err)
	}
	return nil
}

func putSegLen(b *bolt.Bucket, seg uint32, n int64) error {
	k := segKey(seg)
	if v := b.Get(k); len(v) == 8 && int64(binary.BigEndian.Uint64(v)) >= n {
		return nil
	}
	return b.Put(k, binary.BigEndian.AppendUint64(nil, uint64(n)))
}
