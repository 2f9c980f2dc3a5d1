package export

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/archive/warc"
)

// TestWARC_ProgressAndValid: the WARC export tells its progress against the number of captures
// it is about to write, writes them all, and gowarc's strict validator accepts its files.
func TestWARC_ProgressAndValid(t *testing.T) {
	s, _ := fillStore(t, 30, true)
	dir := t.TempDir()
	var calls [][2]int
	n, err := WARC(context.Background(), s, dir, WARCOptions{Options: Options{Progress: func(done, total int) {
		calls = append(calls, [2]int{done, total})
	}}, Software: "test"})
	if err != nil || n != 30 {
		t.Fatalf("WARC = %d, %v", n, err)
	}
	if len(calls) != 30 || calls[0] != [2]int{1, 30} || calls[29] != [2]int{30, 30} {
		t.Errorf("progress calls %v", calls)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if len(files) != 1 {
		t.Fatalf("files %v", files)
	}
	recs, err := warc.Validate(files[0])
	if err != nil || recs != 1+2*30 {
		t.Errorf("Validate = %d records, %v", recs, err)
	}

	// --since counts and writes only the later captures.
	calls = nil
	since := time.Unix(1600000000+20, 0)
	n, err = WARC(context.Background(), s, t.TempDir(), WARCOptions{Options: Options{Since: since, Progress: func(done, total int) {
		calls = append(calls, [2]int{done, total})
	}}})
	if err != nil || n != 10 || len(calls) != 10 || calls[9] != [2]int{10, 10} {
		t.Errorf("since: WARC = %d, %v; progress %v", n, err, calls)
	}
}

// TestWARC_Interrupted: an export cancelled midway returns the cancellation and leaves finished
// files and their index, no temporary file.
func TestWARC_Interrupted(t *testing.T) {
	s, _ := fillStore(t, 20, true)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, err := WARC(ctx, s, dir, WARCOptions{Options: Options{Progress: func(done, _ int) {
		if done == 5 {
			cancel()
		}
	}}})
	if !errors.Is(err, context.Canceled) || n < 5 || n >= 20 {
		t.Fatalf("WARC = %d, %v; want a few captures and context.Canceled", n, err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 2 || names[0] != warc.IndexName || filepath.Ext(names[1]) != ".gz" { // ReadDir sorts
		t.Errorf("left %v, want one finished WARC file and the index", names)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if len(files) == 1 {
		if recs, err := warc.Validate(files[0]); err != nil || recs != 1+2*n {
			t.Errorf("Validate = %d, %v; want %d records", recs, err, 1+2*n)
		}
	}
}

// TestWARC_SkipsRejectedCaptures: a capture gowarc finds no valid WARC record for (here an
// IPv4 address out of range, as an import from another tool may bring) is reported and left
// out; the rest is exported. Without Skipped it ends the export.
func TestWARC_SkipsRejectedCaptures(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	w, err := archive.Open(context.Background(), path, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var fs []archive.Fetch
	for i, u := range []string{"https://x.vn/a.html", "http://256.1.1.1/b.html", "https://x.vn/c.html"} {
		fs = append(fs, archive.Fetch{URL: u, Site: "x", Time: time.Unix(int64(1600000000+i), 0), Status: 200,
			Response: map[string][]string{"Content-Type": {"text/html"}}, Body: []byte(fmt.Sprintf("<p>%d</p>", i)),
			Content: &archive.Content{Title: u, Text: u}})
	}
	_, err = w.PutBatch(context.Background(), fs)
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err := archive.Open(context.Background(), path, archive.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var skipped []string
	n, err := WARC(context.Background(), s, t.TempDir(), WARCOptions{Skipped: func(url string, err error) {
		if errors.Is(err, warc.ErrRejected) {
			skipped = append(skipped, url)
		}
	}})
	if err != nil || n != 2 || len(skipped) != 1 || skipped[0] != "http://256.1.1.1/b.html" {
		t.Errorf("WARC = %d, %v; skipped %v", n, err, skipped)
	}
	if _, err := WARC(context.Background(), s, t.TempDir(), WARCOptions{}); !errors.Is(err, warc.ErrRejected) {
		t.Errorf("without Skipped: %v, want ErrRejected", err)
	}
}

// BenchmarkWARCExportMemory exports archives of 2,000 and 20,000 pages (a capture with a
// ~40 KB page each, every payload distinct) and reports the peak heap in use while exporting
// (sampled every 10 ms) and the export's speed: the heap must not grow with the export.
//
//	go test ./archive/export -run '^$' -bench WARCExportMemory -benchtime 1x
func BenchmarkWARCExportMemory(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s, _ := fillStore(b, n, true)
			for b.Loop() {
				dir := b.TempDir()
				runtime.GC()
				var base runtime.MemStats
				runtime.ReadMemStats(&base)
				peak := sampleHeap()
				start := time.Now()
				if _, err := WARC(context.Background(), s, dir, WARCOptions{}); err != nil {
					b.Fatal(err)
				}
				elapsed := time.Since(start)
				top := peak()
				b.ReportMetric(float64(top-base.HeapInuse)/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(n)/elapsed.Seconds(), "captures/s")
				size := int64(0)
				files, _ := filepath.Glob(filepath.Join(dir, "*"))
				for _, f := range files {
					if st, err := os.Stat(f); err == nil {
						size += st.Size()
					}
				}
				b.ReportMetric(float64(size)/float64(n), "B/capture")
			}
		})
	}
}

// sampleHeap samples HeapInuse until the returned function is called, which returns the
// highest value seen.
func sampleHeap() func() uint64 {
	var (
		mu      sync.Mutex
		highest uint64
		stop    = make(chan struct{})
		done    = make(chan struct{})
	)
	go func() {
		defer close(done)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			mu.Lock()
			highest = maxOf(highest, m.HeapInuse)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		mu.Lock()
		defer mu.Unlock()
		return highest
	}
}

func maxOf(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}
