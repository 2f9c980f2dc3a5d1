package search

import (
	"context"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/internal/replica"
	"github.com/newsarchive/newsarchive/internal/testmain"
)

// benchArticles is the archive size of the benchmarks: the 100,000 articles.
// NEWSARCHIVE_BENCH_ARTICLES overrides it for a quicker run.
func benchArticles() int {
	if n, err := strconv.Atoi(os.Getenv("NEWSARCHIVE_BENCH_ARTICLES")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// benchFixture is an archive of synthetic articles (the replica newspaper's generator: real
// Vietnamese paragraphs, distinct titles) and an index of it, built once per benchmark run.
//
// NEWSARCHIVE_BENCH_DIR keeps the archive (not the index) between runs in that directory, so
// runs that change only the index or the queries skip storing 100,000 articles again.
type benchFixture struct {
	dir, db string
	keep    bool
	arts    []replica.Article
	index   *Index
	// build and buildCPU are the wall and CPU time (the process's, user and system: the machine
	// may be shared) of CatchUp on the empty index; settle and settleCPU those of the merges
	// that scorch still runs after it.
	build, buildCPU   time.Duration
	settle, settleCPU time.Duration
	// reused reports an index left by an earlier run: nothing was built.
	reused bool
	err    error
}

var (
	benchOnce sync.Once
	bench     benchFixture
)

func benchSetup(b *testing.B) *benchFixture {
	b.Helper()
	benchOnce.Do(func() {
		f := &bench
		f.err = f.setup()
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return &bench
}

func (f *benchFixture) setup() error {
	sites := replica.Start(replica.Options{Articles: benchArticles()})
	f.arts = sites.Articles(1)
	sites.Close()
	var err error
	if dir := os.Getenv("NEWSARCHIVE_BENCH_DIR"); dir != "" {
		f.dir, f.keep = filepath.Join(dir, strconv.Itoa(len(f.arts))), true
		err = os.MkdirAll(f.dir, 0o755)
	} else {
		f.dir, err = os.MkdirTemp("", "search-bench")
	}
	if err != nil {
		return err
	}
	f.db = filepath.Join(f.dir, "a.db")
	done := filepath.Join(f.dir, "stored")
	if _, err := os.Stat(done); err != nil {
		os.Remove(f.db)
		os.RemoveAll(f.db + ".blobs")
		if err := putArticles(f.db, f.arts); err != nil {
			return err
		}
		if err := os.WriteFile(done, nil, 0o644); err != nil {
			return err
		}
	}
	// The index is built in this run, timed, unless NEWSARCHIVE_BENCH_REUSE_INDEX=1 asks for the
	// one a previous run left, for search benchmarks alone.
	if f.keep && os.Getenv("NEWSARCHIVE_BENCH_REUSE_INDEX") == "1" {
		if f.index, err = Open(Dir(f.db)); err != nil {
			return err
		}
		if n, err := f.index.DocCount(); err == nil && n == uint64(len(f.arts)) {
			f.reused = true
			return nil
		}
		f.index.Close()
	}
	if f.index, err = Rebuild(Dir(f.db)); err != nil {
		return err
	}
	start, cpu0 := time.Now(), cpuTime()
	if _, err := f.index.CatchUp(context.Background(), f.open, nil); err != nil {
		return err
	}
	f.build, f.buildCPU = time.Since(start), cpuTime()-cpu0
	start, cpu0 = time.Now(), cpuTime()
	err = f.index.settle()
	f.settle, f.settleCPU = time.Since(start), cpuTime()-cpu0
	return err
}

func (f *benchFixture) open(ctx context.Context) (*archive.Store, error) {
	return archive.Open(ctx, f.db, archive.Options{ReadOnly: true})
}

// settle waits until the index's background merges and persisting are done, so searches are
// measured on the index as a serve started later would find it, not competing with its merger.
func (ix *Index) settle() error {
	for range 600 {
		st, _ := ix.idx.StatsMap()["index"].(map[string]any)
		if active, ok := st["index_bgthreads_active"].(bool); ok && !active {
			return nil
		}
		time.Sleep(500 * time.Millisecond)
	}
	return errors.New("index still merging after 5 minutes")
}

// putArticles stores the articles as one crawl would, 1,000 a batch.
func putArticles(db string, arts []replica.Article) error {
	s, err := archive.Open(context.Background(), db, archive.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	at := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	for i := 0; i < len(arts); i += 1000 {
		var fs []archive.Fetch
		for _, a := range arts[i:min(len(arts), i+1000)] {
			fs = append(fs, archive.Fetch{URL: a.URL, Site: a.Site, Time: at, Status: 200,
				Body:    []byte("<html><title>" + a.Title + "</title></html>"),
				Content: &archive.Content{Title: a.Title, Published: a.Published, Text: a.Text}})
		}
		if _, err := s.PutBatch(context.Background(), fs); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkIndexBuild reports how fast CatchUp indexes a fresh archive (reading every text from
// the archive): articles/s. Run with -benchtime=1x; the build happens once.
func BenchmarkIndexBuild(b *testing.B) {
	f := benchSetup(b)
	if f.reused {
		b.Skip("NEWSARCHIVE_BENCH_REUSE_INDEX=1: the index was not built in this run")
	}
	for b.Loop() {
	}
	b.ReportMetric(float64(len(f.arts))/f.build.Seconds(), "articles/s")
	b.ReportMetric(f.build.Seconds(), "build-s")
	b.ReportMetric(float64(len(f.arts)), "articles")
	b.ReportMetric(float64(len(f.arts))/f.buildCPU.Seconds(), "articles/cpu-s")
	b.ReportMetric(f.settle.Seconds(), "settle-s")
	b.ReportMetric(f.settleCPU.Seconds(), "settle-cpu-s")
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchKinds are what people type: whole titles without diacritics, two consecutive words of a
// title (which match most of a synthetic archive drawn from a few hundred seed paragraphs), those
// two words as a phrase, two words in one site newest first, and two words within six months
// over all versions.
var benchKinds = []string{"title", "two-words", "phrase", "site-by-date", "date-range-all-versions"}

func benchQueries(arts []replica.Article, kind string) []Query {
	r := rand.New(rand.NewSource(1))
	var qs []Query
	for range 100 {
		a := arts[r.Intn(len(arts))]
		w := Words(a.Title)
		k := r.Intn(max(1, len(w)-1))
		two := strings.Join(w[k:min(len(w), k+2)], " ")
		q := Query{Text: two, Limit: 20}
		switch kind {
		case "title":
			q.Text = Fold(a.Title)
		case "phrase":
			q.Text = `"` + two + `"`
		case "site-by-date":
			q.Site, q.Order = a.Site, OrderDate
		case "date-range-all-versions":
			q.From = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			q.To, q.AllVersions = q.From.AddDate(0, 6, 0), true
		}
		qs = append(qs, q)
	}
	return qs
}

// BenchmarkSearch reports the latency of searches with snippets on the archive, p50 and p95 in
// milliseconds per kind of query, each search opening the archive read-only for its texts as a
// request of `serve` does.
func BenchmarkSearch(b *testing.B) {
	f := benchSetup(b)
	for _, kind := range benchKinds {
		b.Run(kind, func(b *testing.B) {
			qs := benchQueries(f.arts, kind)
			var took, cpu []time.Duration
			i := 0
			for b.Loop() {
				start, cpu0 := time.Now(), cpuTime()
				st, err := archive.Open(context.Background(), f.db, archive.Options{ReadOnly: true})
				if err != nil {
					b.Fatal(err)
				}
				_, err = f.index.Search(context.Background(), qs[i%len(qs)], func(id string) (string, error) {
					b, err := st.Blob(b.Context(), id)
					return string(b), err
				})
				st.Close()
				if err != nil {
					b.Fatal(err)
				}
				took, cpu = append(took, time.Since(start)), append(cpu, cpuTime()-cpu0)
				i++
			}
			b.ReportMetric(percentile(took, 50), "p50-ms")
			b.ReportMetric(percentile(took, 95), "p95-ms")
			b.ReportMetric(percentile(cpu, 50), "cpu-p50-ms")
			b.ReportMetric(percentile(cpu, 95), "cpu-p95-ms")
		})
	}
}

// percentile returns the p-th percentile of ds in milliseconds, sorting ds.
func percentile(ds []time.Duration, p int) float64 {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return float64(ds[len(ds)*p/100]) / float64(time.Millisecond)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.index != nil {
		bench.index.Close()
	}
	if bench.dir != "" && !bench.keep {
		os.RemoveAll(bench.dir)
	}
	testmain.Exit(code)
}
