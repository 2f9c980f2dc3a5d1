package warc

import (
	"bufio"
	"bytes"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// runBytes bounds the index lines held in memory: past it they are sorted and written to a
// temporary run file, and Close merges the runs. An export of any size sorts its index in
// this much memory plus one line per run.
const runBytes = 8 << 20

// indexSpool collects CDXJ lines as records are written and writes them sorted bytewise (so by
// urlkey, then timestamp, as pywb requires) on finish: an external merge sort, so the index of
// a large export never sits in memory whole.
type indexSpool struct {
	tmp   string   // directory of the run files, inside the output directory
	limit int      // runBytes; tests make it small
	lines [][]byte // the current run
	size  int
	runs  []string
}

func newIndexSpool(dir string) (*indexSpool, error) {
	tmp, err := os.MkdirTemp(dir, ".index-*")
	if err != nil {
		return nil, fmt.Errorf("warc: index: %w", err)
	}
	return &indexSpool{tmp: tmp, limit: runBytes}, nil
}

// add appends the line of e.
func (s *indexSpool) add(e indexEntry) error {
	l, err := e.line()
	if err != nil {
		return err
	}
	s.lines = append(s.lines, l)
	s.size += len(l) + 24
	if s.size >= s.limit {
		return s.spill()
	}
	return nil
}

// spill sorts the current run and writes it to a run file.
func (s *indexSpool) spill() error {
	slices.SortStableFunc(s.lines, bytes.Compare)
	path := filepath.Join(s.tmp, fmt.Sprintf("run-%05d", len(s.runs)))
	if err := writeLines(path, s.lines); err != nil {
		return err
	}
	s.runs = append(s.runs, path)
	s.lines, s.size = nil, 0
	return nil
}

func writeLines(path string, lines [][]byte) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("warc: index: %w", err)
	}
	bw := bufio.NewWriter(f)
	for _, l := range lines {
		bw.Write(l)
		bw.WriteByte('\n')
	}
	err = bw.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("warc: index: %w", err)
	}
	return nil
}

// discard removes the run files.
func (s *indexSpool) discard() { os.RemoveAll(s.tmp) }

// finish merges the runs into path, replacing it atomically, and removes the runs.
func (s *indexSpool) finish(path string) error {
	defer s.discard()
	if len(s.lines) > 0 || len(s.runs) == 0 {
		if err := s.spill(); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".index-*.cdxj")
	if err != nil {
		return fmt.Errorf("warc: write index: %w", err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriter(tmp)
	err = s.merge(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("warc: write index %s: %w", path, err)
	}
	return nil
}

// merge writes the lines of all runs in order. Equal lines keep the order of their runs, so
// the sort is stable as a whole.
func (s *indexSpool) merge(w io.Writer) error {
	h := &runHeap{}
	for i, path := range s.runs {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("warc: index: %w", err)
		}
		defer f.Close()
		r := &run{n: i, br: bufio.NewReaderSize(f, 64<<10)}
		if ok, err := r.next(); err != nil {
			return err
		} else if ok {
			h.items = append(h.items, r)
		}
	}
	heap.Init(h)
	for h.Len() > 0 {
		r := h.items[0]
		if _, err := w.Write(r.line); err != nil {
			return err
		}
		ok, err := r.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return nil
}

// run is one sorted run being merged; line holds its next line, with the newline.
type run struct {
	n    int
	br   *bufio.Reader
	line []byte
}

func (r *run) next() (bool, error) {
	l, err := r.br.ReadBytes('\n')
	if errors.Is(err, io.EOF) && len(l) == 0 {
		return false, nil
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return false, fmt.Errorf("warc: index: %w", err)
	}
	r.line = l
	return true, nil
}

type runHeap struct{ items []*run }

func (h *runHeap) Len() int { return len(h.items) }
func (h *runHeap) Less(i, j int) bool {
	if c := bytes.Compare(h.items[i].line, h.items[j].line); c != 0 {
		return c < 0
	}
	return h.items[i].n < h.items[j].n
}
func (h *runHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *runHeap) Push(x any)    { h.items = append(h.items, x.(*run)) }
func (h *runHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}
