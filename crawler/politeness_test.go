package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
)

// TestHostLimits checks that limits hold per host: a host whose slot is taken and whose next
// turn is an hour away does not hold up another host. Nothing here depends on how fast the
// machine is.
func TestHostLimits(t *testing.T) {
	h := newHostLimits(time.Hour, 1, 0)
	releaseA, err := h.acquire(context.Background(), "a.vn")
	if err != nil {
		t.Fatal(err)
	}
	defer releaseA()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	releaseB, err := h.acquire(ctx, "b.vn")
	if err != nil {
		t.Fatalf("b.vn waited for a.vn: %v", err)
	}
	releaseB()
	short, cancel2 := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel2()
	if _, err := h.acquire(short, "a.vn"); err == nil {
		t.Error("a second request to a.vn started within its delay of an hour")
	}
}

// TestHostLimits_Spacing: requests to one host start one delay apart at least. A late wake-up
// only makes a start later, so the check is a lower bound that holds on any machine; without
// the delay every request would start at once and fail it.
func TestHostLimits_Spacing(t *testing.T) {
	const delay = 30 * time.Millisecond
	h := newHostLimits(delay, 1, 0)
	var mu sync.Mutex
	var starts []time.Duration
	var inFlight atomic.Int32
	t0 := time.Now()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			release, err := h.acquire(context.Background(), "a.vn")
			if err != nil {
				t.Error(err)
				return
			}
			if n := inFlight.Add(1); n > 1 {
				t.Errorf("%d requests in flight on a host with parallelism 1", n)
			}
			mu.Lock()
			starts = append(starts, time.Since(t0))
			mu.Unlock()
			inFlight.Add(-1)
			release()
		})
	}
	wg.Wait()
	slices.Sort(starts)
	for i, s := range starts {
		if s < time.Duration(i)*delay {
			t.Errorf("request %d started %v after the first could, want at least %v", i, s, time.Duration(i)*delay)
		}
	}
}

func TestHostLimits_PauseAndCancel(t *testing.T) {
	h := newHostLimits(0, 1, 2*time.Hour)
	h.pause("a.vn", time.Now().Add(time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := h.acquire(ctx, "a.vn"); err == nil {
		t.Fatal("a paused host let a request through")
	}
	if n := len(h.get("a.vn").slots); n != 0 {
		t.Errorf("the cancelled waiter kept its slot (%d taken)", n)
	}
}

// TestHostLimits_PauseReachesWaiters: a Retry-After that arrives while a request is already
// waiting for its turn holds that request too.
func TestHostLimits_PauseReachesWaiters(t *testing.T) {
	h := newHostLimits(50*time.Millisecond, 2, 0)
	release, _ := h.acquire(context.Background(), "a.vn") // the next may start in 50ms
	defer release()
	started := make(chan time.Time)
	go func() {
		r, err := h.acquire(context.Background(), "a.vn")
		if err == nil {
			r()
		}
		started <- time.Now()
	}()
	time.Sleep(10 * time.Millisecond)
	until := time.Now().Add(300 * time.Millisecond)
	h.pause("a.vn", until)
	if got := <-started; got.Before(until) {
		t.Errorf("a waiting request started %v before the Retry-After ended", until.Sub(got))
	}
}

// TestHostLimits_RetryAfterCeiling: pauses are granted up to max_retry_after in all; past it
// the host rests: new requests and those already waiting fail with ErrHostResting at once, and
// other hosts go on.
func TestHostLimits_RetryAfterCeiling(t *testing.T) {
	h := newHostLimits(0, 1, time.Minute)
	h.pause("a.vn", time.Now().Add(40*time.Second))
	waiting := make(chan error)
	go func() {
		_, err := h.acquire(context.Background(), "a.vn")
		waiting <- err
	}()
	h.pause("a.vn", time.Now().Add(80*time.Second)) // 40 s more: 80 s in all, past the minute
	select {
	case err := <-waiting:
		if !errors.Is(err, ErrHostResting) {
			t.Errorf("the waiting request: %v, want ErrHostResting", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("a request waiting for a resting host was not released")
	}
	if _, err := h.acquire(context.Background(), "a.vn"); !errors.Is(err, ErrHostResting) {
		t.Errorf("a new request to the resting host: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if r, err := h.acquire(ctx, "b.vn"); err != nil {
		t.Errorf("another host: %v", err)
	} else {
		r()
	}
	if n := len(h.get("a.vn").slots); n != 0 {
		t.Errorf("slots kept: %d", n)
	}
}

// TestCrawl_RetryAfterBounded crawls hosts answering 503 with Retry-After: 999999 and 590: the
// crawl neither waits nor hits them again at once; each is asked once and then rests.
func TestCrawl_RetryAfterBounded(t *testing.T) {
	t.Parallel()
	for _, ra := range []string{"999999", "590", "Fri, 31 Dec 2100 23:59:59 GMT"} {
		t.Run(ra, func(t *testing.T) {
			var articleHits atomic.Int64
			mux := http.NewServeMux()
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				if strings.HasPrefix(r.URL.Path, "/n-") {
					articleHits.Add(1)
					w.Header().Set("Retry-After", ra)
					http.Error(w, "busy", http.StatusServiceUnavailable)
					return
				}
				var links strings.Builder
				for i := range 5 {
					fmt.Fprintf(&links, `<a href="/n-a%d.html">tin %d</a>`, i, i)
				}
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprintf(w, "<html><body>%s</body></html>", links.String())
			})
			srv := httptest.NewServer(mux)
			defer srv.Close()
			cfg, err := config.Parse("ra.yaml", fmt.Appendf(nil, `user_agent: "newsarchive-test/1.0 (+https://example.invalid)"
sites:
  - name: busy
    start_urls: ["%[1]s/"]
    article_pattern: '-a\d+\.html$'
    robots: false
    delay: 0s
    retries: 3
    max_retry_after: 60s
`, srv.URL))
			if err != nil {
				t.Fatal(err)
			}
			store, err := archive.Open(context.Background(), filepath.Join(t.TempDir(), "r.db"), archive.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			sums, err := New(cfg, store, Options{}).Run(ctx, cfg.Sites)
			if err != nil || ctx.Err() != nil {
				t.Fatalf("run: %v (the crawl waited for the Retry-After: %v)", err, ctx.Err())
			}
			if n := articleHits.Load(); n != 1 {
				t.Errorf("the busy host was asked %d times for articles, want 1", n)
			}
			if s := sums[0]; s.Errors["host-resting"] != 5 {
				t.Errorf("summary %s, want 5 host-resting", s)
			}
		})
	}
}
