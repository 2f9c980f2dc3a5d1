package crawler

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/internal/replica"
)

// throughputArticles sizes the replica newspaper of BenchmarkCrawlThroughput:
//
//	go test ./crawler -run '^$' -bench CrawlThroughput -benchtime 1x -articles 5000
var throughputArticles = flag.Int("articles", 2000, "newspaper articles in the replica crawled by BenchmarkCrawlThroughput")

// throughputParallelism is the number of requests in flight to the newspaper's host, for both
// contenders.
const throughputParallelism = 4

// BenchmarkCrawlThroughput crawls a replica newspaper of -articles articles (no delay) four
// times in one run and reports, with docs/BENCHMARKS.md ("Crawl throughput"):
//
//   - colly: a bare asynchronous colly collector following the site's article and listing links
//     (a[href]) from its start URLs, robots.txt obeyed: fetching only, no extraction, no storage;
//   - colly-dedup: the same, handing colly each link once (see bareColly);
//   - newsarchive: crawler.Run into a fresh bbolt archive: fetch, extract, store;
//   - recrawl: crawler.Run again on the unchanged site and the same archive.
//
// Both contenders see one host (the old, redirecting host is left out of the site) with the
// same parallelism, the same user agent, timeout, body cap, excludes and robots.txt, and must
// fetch the same set of article pages; the replica's own request log checks it. Peak memory is
// the largest HeapInuse sampled every 5 ms during a phase (process-wide: the replica servers
// run in the same process). Each phase runs under a pprof label phase=colly|colly-dedup|
// newsarchive|recrawl, so a -cpuprofile can be split with -tagfocus.
func BenchmarkCrawlThroughput(b *testing.B) {
	var res throughputResult
	for b.Loop() {
		res = crawlThroughput(b, *throughputArticles)
	}
	plain, dedup, na, re := res.colly, res.collyDedup, res.newsarchive, res.recrawl
	pct := func(x, y float64) float64 { return 100 * x / y }
	b.ReportMetric(0, "ns/op") // one op is four crawls: the metrics below are the results
	b.ReportMetric(plain.requestRate(), "colly-req/s")
	b.ReportMetric(dedup.requestRate(), "colly-dedup-req/s")
	b.ReportMetric(na.requestRate(), "newsarchive-req/s")
	b.ReportMetric(plain.articleRate(), "colly-articles/s")
	b.ReportMetric(dedup.articleRate(), "colly-dedup-articles/s")
	b.ReportMetric(na.articleRate(), "newsarchive-articles/s")
	b.ReportMetric(pct(na.requestRate(), plain.requestRate()), "req/s-%-of-colly")
	b.ReportMetric(pct(na.articleRate(), plain.articleRate()), "articles/s-%-of-colly")
	b.ReportMetric(pct(na.requestRate(), dedup.requestRate()), "req/s-%-of-colly-dedup")
	b.ReportMetric(pct(na.articleRate(), dedup.articleRate()), "articles/s-%-of-colly-dedup")
	b.ReportMetric(mib(plain.peakHeap), "colly-peak-heap-MB")
	b.ReportMetric(mib(dedup.peakHeap), "colly-dedup-peak-heap-MB")
	b.ReportMetric(mib(na.peakHeap), "newsarchive-peak-heap-MB")
	b.ReportMetric(mib(uint64(res.dbSize)), "db-MB")
	b.ReportMetric(pct(float64(re.requests), float64(na.requests)), "recrawl-requests-%")

	// One b.Log: a benchmark's log is cut to 10 lines without -v.
	var t strings.Builder
	fmt.Fprintf(&t, "replica newspaper: %d articles (+1 special), parallelism %d on one host, GOMAXPROCS %d\n",
		*throughputArticles, throughputParallelism, runtime.GOMAXPROCS(0))
	fmt.Fprintf(&t, "%-12s %8s %8s %8s %7s %7s %10s %9s %9s\n",
		"phase", "articles", "requests", "served", "time", "req/s", "articles/s", "heap base", "heap peak")
	for _, p := range []phaseResult{plain, dedup, na, re} {
		fmt.Fprintf(&t, "%-12s %8d %8d %8d %6.2fs %7.1f %10.1f %7.1fMB %7.1fMB\n",
			p.name, p.articles, p.requests, p.served, p.dur.Seconds(), p.requestRate(), p.articleRate(), mib(p.baseHeap), mib(p.peakHeap))
	}
	fmt.Fprintf(&t, "newsarchive: %.0f %% of colly's request rate, %.0f %% of its article rate; %.0f %% and %.0f %% of colly-dedup's\n",
		pct(na.requestRate(), plain.requestRate()), pct(na.articleRate(), plain.articleRate()),
		pct(na.requestRate(), dedup.requestRate()), pct(na.articleRate(), dedup.articleRate()))
	fmt.Fprintf(&t, "archive after the first crawl: %.1f MB, %d bytes a stored article; %s\n",
		mib(uint64(res.dbSize)), res.dbSize/int64(max(1, na.articles)), res.firstSummary)
	fmt.Fprintf(&t, "recrawl of the unchanged site: %d requests = %.2f %% of the first crawl's %d (replica log: %d of %d); %s",
		re.requests, pct(float64(re.requests), float64(na.requests)), na.requests, re.served, na.served, res.recrawlSummary)
	b.Log(t.String())
}

type throughputResult struct {
	colly, collyDedup, newsarchive, recrawl phaseResult
	dbSize                                  int64
	firstSummary, recrawlSummary            string
}

// phaseResult is one crawl of the replica.
type phaseResult struct {
	name string
	// articles is the number of article pages fetched with 200 (the replica's log).
	articles int
	// requests is the contender's own count: colly's responses and errors plus robots.txt,
	// or Summary.Requests.
	requests int
	// served is the number of requests the replica logged.
	served             int
	dur                time.Duration
	baseHeap, peakHeap uint64
	// paths are the article paths served with 200.
	paths []string
}

func (p phaseResult) requestRate() float64 { return float64(p.served) / p.dur.Seconds() }
func (p phaseResult) articleRate() float64 { return float64(p.articles) / p.dur.Seconds() }

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

func crawlThroughput(b *testing.B, n int) throughputResult {
	sites := replica.Start(replica.Options{Articles: n})
	defer sites.Close()
	cfg, err := config.Parse("replica.yaml", sites.ConfigYAML())
	if err != nil {
		b.Fatal(err)
	}
	site, ok := cfg.Site(replica.SiteNewspaper)
	if !ok {
		b.Fatalf("no site %s in the replica configuration", replica.SiteNewspaper)
	}
	// One host: the crawler runs parallelism × allowed hosts workers, so with the old host it
	// would have twice colly's workers. Its only page in scope is the redirecting home page.
	host := strings.TrimPrefix(sites.Newspaper, "http://")
	site.AllowedDomains = []string{host}
	site.StartURLs = slices.DeleteFunc(site.StartURLs, func(u string) bool { return !strings.HasPrefix(u, sites.Newspaper+"/") })
	site.Parallelism = throughputParallelism
	// The slow page (3 s, over the 2 s timeout, retried) and the 3 MB page measure timeouts and
	// caps, not throughput.
	site.Exclude = append(site.Exclude, regexp.MustCompile(`/(cham-a999|lon-a998)\.html$`))
	cfg.Sites = []*config.Site{site}
	// The special article answers 503 (Retry-After: 1) to the first request the replica ever
	// receives for it: spend that here, so that neither contender meets it.
	warm(b, sites.Newspaper+"/tam-ngung-a997.html")

	var res throughputResult
	res.colly = measure(b, sites, site, "colly", func() int { return bareColly(b, cfg, site, false) })
	res.collyDedup = measure(b, sites, site, "colly-dedup", func() int { return bareColly(b, cfg, site, true) })

	db := filepath.Join(b.TempDir(), "throughput.db")
	var first *Summary
	res.newsarchive = measure(b, sites, site, "newsarchive", func() int {
		first = crawlInto(b, cfg, db)
		return first.Requests
	})
	if fi, err := os.Stat(db); err == nil {
		res.dbSize = fi.Size()
	}
	var second *Summary
	res.recrawl = measure(b, sites, site, "recrawl", func() int {
		second = crawlInto(b, cfg, db)
		return second.Requests
	})
	res.firstSummary, res.recrawlSummary = first.String(), second.String()

	// Equivalent work: the same article pages, all of them.
	want := n + 1 // the special article
	for _, p := range []phaseResult{res.colly, res.collyDedup} {
		if !slices.Equal(p.paths, res.newsarchive.paths) {
			b.Errorf("%s fetched %d article pages, newsarchive %d: not the same set", p.name, len(p.paths), len(res.newsarchive.paths))
		}
	}
	for _, p := range []phaseResult{res.colly, res.collyDedup, res.newsarchive} {
		if p.articles != want {
			b.Errorf("%s fetched %d article pages, want %d", p.name, p.articles, want)
		}
	}
	if first.New != want || first.ErrorCount() != 1 { // the ticker's 404
		b.Errorf("first crawl: %s", first)
	}
	return res
}

// measure runs one phase under a pprof label, sampling the heap, and reads the replica's log of
// it.
func measure(b *testing.B, sites *replica.Sites, site *config.Site, name string, run func() int) phaseResult {
	sites.ResetLog()
	p := phaseResult{name: name}
	runtime.GC()
	p.baseHeap = heapInuse()
	var peak atomic.Uint64
	peak.Store(p.baseHeap)
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if h := heapInuse(); h > peak.Load() {
					peak.Store(h)
				}
			}
		}
	}()
	start := time.Now()
	pprof.Do(context.Background(), pprof.Labels("phase", name), func(context.Context) {
		p.requests = run()
	})
	p.dur = time.Since(start)
	close(stop)
	<-stopped
	p.peakHeap = max(peak.Load(), heapInuse())

	log := sites.Requests()
	p.served = len(log)
	for _, r := range log {
		if r.Server == replica.ServerNewspaper && r.Status == http.StatusOK && site.IsArticle(sites.Newspaper+r.Path) {
			p.paths = append(p.paths, r.Path)
		}
	}
	slices.Sort(p.paths)
	p.paths = slices.Compact(p.paths)
	p.articles = len(p.paths)
	return p
}

// heapInuse is runtime.MemStats.HeapInuse read through runtime/metrics, which, unlike
// runtime.ReadMemStats, does not stop the world: sampling every 5 ms must not slow the crawl.
func heapInuse() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64() + s[1].Value.Uint64()
}

// bareColly fetches what the newspaper's start URLs lead to through article and listing links,
// as a plain colly collector does: no extraction, no storage. It returns the requests it made.
//
// With dedup, a link already queued is not handed to colly again: Request.Visit parses, normalises
// and hashes every URL it is given, most of them already visited: on these pages, with dozens
// of in-scope links each, that is a third of a bare collector's CPU.
func bareColly(b *testing.B, cfg *config.Config, site *config.Site, dedup bool) int {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	defer tr.CloseIdleConnections()
	c := colly.NewCollector(colly.Async(true), colly.UserAgent(cfg.UserAgent), colly.MaxBodySize(int(site.MaxBodySize)))
	c.IgnoreRobotsTxt = !site.Robots
	c.WithTransport(tr)
	c.SetRequestTimeout(site.Timeout)
	if err := c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: site.Parallelism}); err != nil {
		b.Fatal(err)
	}
	var requests atomic.Int64
	var mu sync.Mutex
	queued := map[string]bool{}
	c.OnResponse(func(*colly.Response) { requests.Add(1) })
	c.OnError(func(*colly.Response, error) { requests.Add(1) })
	c.OnHTML("a[href]", func(e *colly.HTMLElement) {
		u, _, _ := strings.Cut(e.Request.AbsoluteURL(e.Attr("href")), "#")
		if u == "" || !site.AllowsURL(u) || site.Excludes(u) || !(site.IsArticle(u) || site.IsListing(u)) {
			return
		}
		if dedup {
			mu.Lock()
			again := queued[u]
			queued[u] = true
			mu.Unlock()
			if again {
				return
			}
		}
		e.Request.Visit(u) // already visited or disallowed: an error, ignored
	})
	for _, u := range site.StartURLs {
		if err := c.Visit(u); err != nil {
			b.Errorf("colly: %s: %v", u, err)
		}
	}
	c.Wait()
	return int(requests.Load()) + 1 // and robots.txt, fetched outside the callbacks
}

// crawlInto runs newsarchive on cfg's sites into the archive at db.
func crawlInto(b *testing.B, cfg *config.Config, db string) *Summary {
	ctx := context.Background()
	store, err := archive.Open(ctx, db, archive.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	sums, err := New(cfg, store, Options{}).Run(ctx, cfg.Sites)
	if err != nil {
		b.Fatal(err)
	}
	return sums[0]
}

// warm requests a page once and drops the connection.
func warm(b *testing.B, u string) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get(u)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}
