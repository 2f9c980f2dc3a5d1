package archive

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/sitegen"
	bolt "go.etcd.io/bbolt"
)

var (
	sizePages = flag.Int("pages", 1000, "synthetic pages for BenchmarkArchiveSize")
	sizeGroup = flag.Int("group", 0, "BenchmarkArchiveSize: new pages of a site a frame may hold (0: GroupPages)")
	sizeToday = flag.Bool("today", false, "BenchmarkArchiveSize: also measure the layout before schema 7 (records in buckets, two pages a frame), metrics named today-…")
)

// BenchmarkArchiveSize crawls a synthetic site (unique text per page, shared chrome) into an
// archive twice — first captures, then recaptures with the "Tin mới" list moved and a sentence
// added — and reports the archive's bytes on disk (database plus segments) against the pages'
// own gzip -6 size. The records are what the crawler stores: request and response headers,
// article fields, page, capture, version and content records.
func BenchmarkArchiveSize(b *testing.B) {
	for range b.N {
		if *sizeToday {
			// The layout of schema 6 with two pages a frame, as the archive stored pages before
			// page records and larger groups: the same pages, in the same run.
			measureSize(b, "today-", Options{legacyRecords: true, groupPages: 2})
		}
		measureSize(b, "", Options{groupPages: *sizeGroup})
	}
}

// measureSize runs BenchmarkArchiveSize's crawls into an archive opened with opts, reporting
// its metrics with names headed by prefix.
func measureSize(b *testing.B, prefix string, opts Options) {
	site := sitegen.New(1, "https://baodongkhoi.vn")
	path := filepath.Join(b.TempDir(), "size.db")
	s, err := Open(context.Background(), path, opts)
	if err != nil {
		b.Fatal(err)
	}
	var gz int64
	at := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	put := func(later, edits int) {
		var batch []Fetch
		for i := range *sizePages {
			p := site.Capture(i, later, edits)
			gz += gzipSize(p.HTML)
			batch = append(batch, sizeFetch(p, at.Add(time.Duration(later*24)*time.Hour+time.Duration(i)*time.Second)))
			if len(batch) == 64 || i == *sizePages-1 {
				if _, err := s.PutBatch(context.Background(), batch); err != nil {
					b.Fatal(err)
				}
				batch = batch[:0]
			}
		}
	}
	report := func(name string) {
		st, err := s.Stats(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		used := st.UsedBytes + st.SegmentBytes
		b.ReportMetric(float64(used)/float64(gz), prefix+name+"-used/gzip")
		b.ReportMetric(float64(st.DiskBytes)/float64(gz), prefix+name+"-disk/gzip")
		b.ReportMetric(float64(st.UsedBytes)/float64(*sizePages), prefix+name+"-db-B/page")
		b.ReportMetric(float64(st.SegmentBytes)/float64(*sizePages), prefix+name+"-seg-B/page")
	}
	// urls are 500 pages spread over the site, read as `show` or the web view reads one page
	// (at 3,000 pages, one in six: each in a frame of its own); all are every page in the order
	// stored, read as an export or reparse walks the archive.
	var urls, all []string
	for i := range *sizePages {
		all = append(all, site.Capture(i, 0, 0).URL)
		if i%max(*sizePages/500, 1) == 0 {
			urls = append(urls, all[i])
		}
	}
	start := time.Now()
	put(0, 0)
	b.ReportMetric(float64(time.Since(start).Microseconds())/float64(*sizePages), prefix+"first-store-µs/page")
	report("first")
	wall, cpu := readLatest(b, path, urls)
	b.ReportMetric(wall, prefix+"first-read-µs/page")
	b.ReportMetric(cpu, prefix+"first-read-cpu-µs/page")
	_, cpu = readLatest(b, path, all)
	b.ReportMetric(cpu, prefix+"first-walk-cpu-µs/page")
	logBuckets(b, path)
	put(1, 1)
	report("both")
	wall, cpu = readLatest(b, path, urls)
	b.ReportMetric(wall, prefix+"both-read-µs/page")
	b.ReportMetric(cpu, prefix+"both-read-cpu-µs/page")
	_, cpu = readLatest(b, path, all)
	b.ReportMetric(cpu, prefix+"both-walk-cpu-µs/page")
	logBuckets(b, path)
	b.ReportMetric(float64(gz)/float64(2**sizePages), "gzip-B/page")
	s.Close()
	if os.Getenv("SIZE_KEEP") != "" {
		fmt.Println(path)
	}
}

func gzipSize(b []byte) int64 {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, 6)
	w.Write(b)
	w.Close()
	return int64(buf.Len())
}

// sizeFetch is a page as the crawler stores it, with the headers a real fetch records.
func sizeFetch(p sitegen.Page, at time.Time) Fetch {
	return Fetch{
		URL: p.URL, Site: "baodongkhoi", Kind: KindArticle, Time: at, Status: 200, Body: p.HTML,
		Request: map[string][]string{
			"User-Agent":      {"newsarchive/v0.3.0 (+https://github.com/newsarchive/newsarchive)"},
			"Accept":          {"text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"},
			"Accept-Language": {"vi,en;q=0.5"}, "Accept-Encoding": {"gzip"},
		},
		Response: map[string][]string{
			"Content-Type": {"text/html; charset=utf-8"}, "Date": {at.Format(time.RFC1123)}, "Server": {"nginx"},
			"Cache-Control": {"public, max-age=60"}, "Etag": {fmt.Sprintf("%q", BlobID(p.HTML)[:16])},
			"Last-Modified": {at.Add(-time.Hour).Format(time.RFC1123)}, "Vary": {"Accept-Encoding"},
			"X-Cache": {"MISS"}, "Content-Length": {fmt.Sprint(len(p.HTML))},
		},
		Content: &Content{Title: "Tiêu đề bài " + p.URL[len(p.URL)-12:], Published: at.Format(time.RFC3339), Author: "Thu Huyền", Text: p.Text},
	}
}

// readLatest reads the latest version of each page, with its text and HTML, through a reader's
// open archive as `show` and the web view do, and returns the mean wall and CPU time a page in
// µs: the fastest of five rounds over the pages, each by a newly opened reader, so that the
// figure is the code's and not the shared machine's (the first read of a round decodes the
// site's dictionary; over some hundred pages the mean is the warm time).
func readLatest(b *testing.B, path string, urls []string) (wall, cpu float64) {
	ctx := context.Background()
	best, bestCPU := time.Duration(1<<62), time.Duration(1<<62)
	for range 5 {
		r, err := Open(ctx, path, Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		start, startCPU := time.Now(), cpuTime()
		for _, u := range urls {
			v, err := r.Version(ctx, u, 0)
			if err != nil {
				b.Fatal(err)
			}
			for _, id := range []string{v.TextBlob, v.HTMLBlob} {
				if _, err := r.Blob(ctx, id); err != nil {
					b.Fatal(err)
				}
			}
		}
		best, bestCPU = min(best, time.Since(start)), min(bestCPU, cpuTime()-startCPU)
		r.Close()
	}
	n := float64(len(urls))
	return float64(best.Microseconds()) / n, float64(bestCPU.Microseconds()) / n
}

// logBuckets logs where the database's bytes go, bucket by bucket: keys and values as stored,
// and the leaf and branch pages bbolt allocated for them (go test -v shows it).
func logBuckets(b *testing.B, path string) {
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		b.Logf("file %d B, high water %d B, free pages %d", func() int64 { fi, _ := os.Stat(path); return fi.Size() }(), tx.Size(), db.Stats().FreePageN)
		return tx.ForEach(func(name []byte, bk *bolt.Bucket) error {
			var keys, vals int
			bk.ForEach(func(k, v []byte) error { keys += len(k); vals += len(v); return nil })
			st := bk.Stats()
			b.Logf("%-10s n=%6d keys %6d B/page vals %6d B/page leaf alloc %6d inuse %6d branch %6d (B/page)", name, st.KeyN,
				keys / *sizePages, vals / *sizePages, st.LeafAlloc / *sizePages, st.LeafInuse / *sizePages, st.BranchAlloc / *sizePages)
			return nil
		})
	})
	if err != nil {
		b.Fatal(err)
	}
}
