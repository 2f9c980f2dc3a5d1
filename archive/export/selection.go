package export

import (
	"bufio"
	"cmp"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"slices"
)

// runRefs bounds the refs a selection holds in memory: past it they are sorted and written to a
// run file in a temporary directory, and the second pass merges the runs. At about 150 bytes a
// ref, a selection of any size holds about 10 MB, plus a buffered reader a run.
const runRefs = 1 << 16

// ref is what the first pass of an export keeps of a selected version: enough to sort it and to
// read it again. It holds no text.
type ref struct {
	url, sortDate string
	n             int
}

// cmpRef is the export order: by publication date (undated articles by when they were first
// seen, see sortDate), then URL, then version. A total order, so runs sorted apart merge into
// the order one sort of everything gives.
func cmpRef(a, b ref) int {
	return cmp.Or(cmp.Compare(a.sortDate, b.sortDate), cmp.Compare(a.url, b.url), cmp.Compare(a.n, b.n))
}

// selection is an export's versions, in export order once the first pass is over: an external
// merge sort, so the selection of a large archive never sits in memory whole.
type selection struct {
	n     int    // refs added
	limit int    // runRefs; tests make it small
	tmp   string // where the run directory is made; empty: the system's temporary directory
	dir   string // the run directory, made at the first spill
	mem   []ref  // the current run
	runs  []string
}

func newSelection(tmp string) *selection {
	return &selection{limit: runRefs, tmp: tmp}
}

// add appends r, spilling the current run to a file once it holds limit refs.
func (s *selection) add(r ref) error {
	s.mem = append(s.mem, r)
	s.n++
	if len(s.mem) >= s.limit {
		return s.spill()
	}
	return nil
}

// spill sorts the current run and writes it to a run file.
func (s *selection) spill() error {
	if s.dir == "" {
		dir, err := os.MkdirTemp(s.tmp, ".newsarchive-export-*")
		if err != nil {
			return fmt.Errorf("selection: %w", err)
		}
		s.dir = dir
	}
	slices.SortFunc(s.mem, cmpRef)
	path := filepath.Join(s.dir, fmt.Sprintf("run-%05d", len(s.runs)))
	if err := writeRun(path, s.mem); err != nil {
		return err
	}
	s.runs = append(s.runs, path)
	s.mem = s.mem[:0]
	return nil
}

// close removes the run files.
func (s *selection) close() error {
	if s.dir == "" {
		return nil
	}
	return os.RemoveAll(s.dir)
}

// refs yields the selection in export order. The first pass must be over.
func (s *selection) refs() iter.Seq2[ref, error] {
	return func(yield func(ref, error) bool) {
		if len(s.runs) == 0 {
			slices.SortFunc(s.mem, cmpRef)
			for _, r := range s.mem {
				if !yield(r, nil) {
					return
				}
			}
			return
		}
		if len(s.mem) > 0 {
			if err := s.spill(); err != nil {
				yield(ref{}, err)
				return
			}
		}
		s.merge(yield)
	}
}

// merge yields the runs' refs in order, one buffered reader a run.
func (s *selection) merge(yield func(ref, error) bool) {
	h := &runHeap{}
	for _, path := range s.runs {
		f, err := os.Open(path)
		if err != nil {
			yield(ref{}, fmt.Errorf("selection: %w", err))
			return
		}
		defer f.Close()
		rr := &runReader{r: bufio.NewReaderSize(f, 16<<10), path: path}
		if err := rr.next(); err != nil {
			yield(ref{}, err)
			return
		}
		if rr.ok {
			heap.Push(h, rr)
		}
	}
	for h.Len() > 0 {
		rr := (*h)[0]
		if !yield(rr.cur, nil) {
			return
		}
		if err := rr.next(); err != nil {
			yield(ref{}, err)
			return
		}
		if rr.ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
}

// writeRun writes refs to path: each as its sort date and URL (lengths first) and its version
// number, as uvarints.
func writeRun(path string, refs []ref) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("selection: %w", err)
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	var buf []byte
	for _, r := range refs {
		buf = binary.AppendUvarint(buf[:0], uint64(len(r.sortDate)))
		buf = append(buf, r.sortDate...)
		buf = binary.AppendUvarint(buf, uint64(len(r.url)))
		buf = append(buf, r.url...)
		buf = binary.AppendUvarint(buf, uint64(r.n))
		bw.Write(buf)
	}
	err = bw.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("selection: %w", err)
	}
	return nil
}

// runReader reads one run file; cur is its current ref while ok.
type runReader struct {
	r    *bufio.Reader
	path string
	cur  ref
	ok   bool
}

// maxRefField bounds a sort date or URL read back from a run file, so a damaged file cannot ask
// for an allocation of any size.
const maxRefField = 1 << 20

func (rr *runReader) next() error {
	date, err := rr.field()
	if errors.Is(err, io.EOF) {
		rr.ok = false
		return nil
	}
	if err != nil {
		return err
	}
	url, err := rr.field()
	if err != nil {
		return rr.damaged(err)
	}
	n, err := binary.ReadUvarint(rr.r)
	if err != nil {
		return rr.damaged(err)
	}
	rr.cur, rr.ok = ref{sortDate: date, url: url, n: int(n)}, true
	return nil
}

// field reads a length and that many bytes; io.EOF only where no byte of it was there.
func (rr *runReader) field() (string, error) {
	size, err := binary.ReadUvarint(rr.r)
	if err != nil {
		return "", err
	}
	if size > maxRefField {
		return "", rr.damaged(fmt.Errorf("field of %d bytes", size))
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(rr.r, b); err != nil {
		return "", rr.damaged(err)
	}
	return string(b), nil
}

func (rr *runReader) damaged(err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("selection: run file %s: %w", rr.path, err)
}

// runHeap orders run readers by their current ref.
type runHeap []*runReader

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return cmpRef(h[i].cur, h[j].cur) < 0 }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(*runReader)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
