package blobstore

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Segment files hold frames back to back, nothing else: no header, no padding. Everything about a
// frame (where it starts, how long it is, how to decode it, what hashes it must have) lives in
// the index, which bbolt commits only after the frame is synced. Bytes past a segment's committed
// length belong to no committed blob.

const segPrefix = "seg-"

func segName(n uint32) string { return fmt.Sprintf("%s%06d", segPrefix, n) }

// listSegments returns the segment numbers present in dir, ascending.
func listSegments(dir string) ([]uint32, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("blobstore: %w", err)
	}
	var out []uint32
	for _, e := range ents {
		num, ok := strings.CutPrefix(e.Name(), segPrefix)
		if !ok {
			continue
		}
		n, err := strconv.ParseUint(num, 10, 31)
		if err != nil || segName(uint32(n)) != e.Name() {
			continue
		}
		out = append(out, uint32(n))
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// files keeps segment files open for reading, at most max of them.
type files struct {
	dir   string
	mu    sync.Mutex
	open  map[uint32]*os.File
	max   int
	order []uint32
	// retired are files dropped from open that a ReadAt on another goroutine may still use;
	// they are closed with the store.
	retired []*os.File
}

func newFiles(dir string, max int) *files {
	return &files{dir: dir, open: map[uint32]*os.File{}, max: max}
}

// readAt reads a frame. A reader opens segments read-only; it only ever asks for committed
// ranges, which no writer changes.
func (f *files) readAt(seg uint32, off, n uint64) ([]byte, error) {
	if n > maxFrame {
		return nil, fmt.Errorf("%w: frame of %d bytes", ErrCorrupt, n)
	}
	file, err := f.get(seg)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, n)
	if _, err := file.ReadAt(buf, int64(off)); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: %s is shorter than the index says (%d+%d)", ErrCorrupt, segName(seg), off, n)
		}
		return nil, fmt.Errorf("blobstore: read %s: %w", segName(seg), err)
	}
	return buf, nil
}

func (f *files) get(seg uint32) (*os.File, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if file, ok := f.open[seg]; ok {
		return file, nil
	}
	file, err := os.Open(filepath.Join(f.dir, segName(seg)))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: segment %s missing", ErrCorrupt, segName(seg))
		}
		return nil, fmt.Errorf("blobstore: %w", err)
	}
	if len(f.order) >= f.max {
		// Files closed here may be in a ReadAt on another goroutine: close them later, when
		// the store closes, and only forget them now.
		old := f.order[0]
		f.order = f.order[1:]
		f.retired = append(f.retired, f.open[old])
		delete(f.open, old)
	}
	f.open[seg] = file
	f.order = append(f.order, seg)
	return file, nil
}

func (f *files) close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	var err error
	for _, file := range f.open {
		err = errors.Join(err, file.Close())
	}
	for _, file := range f.retired {
		err = errors.Join(err, file.Close())
	}
	f.retired = nil
	f.open = map[uint32]*os.File{}
	f.order = nil
	return err
}

// writer appends frames to the newest segment. One writer per store; its methods run under the
// store's append lock.
type writer struct {
	dir     string
	maxSize int64
	seg     uint32
	file    *os.File
	size    int64
	dirty   map[uint32]*os.File // written since the last sync
	newDirs bool                // a segment was created since the last sync
}

// open positions the writer at the end of segment seg.
func (w *writer) open(seg uint32) error {
	if w.file != nil && w.seg == seg {
		return nil
	}
	path := filepath.Join(w.dir, segName(seg))
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("blobstore: open %s: %w", path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("blobstore: %w", err)
	}
	if w.file != nil && w.dirty[w.seg] == nil {
		w.file.Close()
	}
	w.seg, w.file, w.size = seg, f, fi.Size()
	if statErr != nil {
		w.newDirs = true
	}
	return nil
}

// write appends frame and returns where it went, moving to a new segment when this one is full.
func (w *writer) write(frame []byte) (seg uint32, off int64, err error) {
	if w.size > 0 && w.size+int64(len(frame)) > w.maxSize {
		if err := w.open(w.seg + 1); err != nil {
			return 0, 0, err
		}
	}
	if _, err := w.file.WriteAt(frame, w.size); err != nil {
		return 0, 0, fmt.Errorf("blobstore: write %s: %w", segName(w.seg), err)
	}
	if w.dirty == nil {
		w.dirty = map[uint32]*os.File{}
	}
	w.dirty[w.seg] = w.file
	off = w.size
	w.size += int64(len(frame))
	return w.seg, off, nil
}

// sync makes every frame written so far durable: the segment files, and the directory when a
// segment was created, so that a crash after the index commit cannot lose them.
func (w *writer) sync() error {
	for seg, f := range w.dirty {
		if err := f.Sync(); err != nil {
			return fmt.Errorf("blobstore: sync %s: %w", segName(seg), err)
		}
		if f != w.file {
			f.Close()
		}
	}
	clear(w.dirty)
	if w.newDirs {
		if err := syncDir(w.dir); err != nil {
			return err
		}
		w.newDirs = false
	}
	return nil
}

// truncate drops bytes from off on in the current segment, when they end it: a batch that was
// never committed and that nothing was written after.
func (w *writer) truncate(seg uint32, off, end int64) error {
	if w.file == nil || seg != w.seg || end != w.size {
		return nil
	}
	if err := w.file.Truncate(off); err != nil {
		return fmt.Errorf("blobstore: truncate %s: %w", segName(seg), err)
	}
	w.size = off
	return nil
}

func (w *writer) close() error {
	var err error
	for _, f := range w.dirty {
		if f != w.file {
			err = errors.Join(err, f.Close())
		}
	}
	if w.file != nil {
		err = errors.Join(err, w.file.Close())
		w.file = nil
	}
	return err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("blobstore: %w", err)
	}
	err = d.Sync()
	return errors.Join(err, d.Close())
}
