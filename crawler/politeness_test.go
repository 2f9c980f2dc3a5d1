package crawler

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestHostLimits checks that parallelism and delay hold per host: two hosts proceed side by side,
// while requests to one host never overlap beyond its slots and are spaced by its delay.
func TestHostLimits(t *testing.T) {
	h := newHostLimits(30*time.Millisecond, 1)
	var inFlight, maxInFlight atomic.Int32
	starts := map[string][]time.Time{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, host := range []string{"a.vn", "b.vn"} {
		for range 4 {
			wg.Go(func() {
				release, err := h.acquire(context.Background(), host)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				starts[host] = append(starts[host], time.Now())
				mu.Unlock()
				if n := inFlight.Add(1); n > maxInFlight.Load() {
					maxInFlight.Store(n)
				}
				time.Sleep(5 * time.Millisecond)
				inFlight.Add(-1)
				release()
			})
		}
	}
	wg.Wait()
	if maxInFlight.Load() < 2 {
		t.Errorf("two hosts never ran at once (max in flight %d): limits are not per host", maxInFlight.Load())
	}
	for host, ts := range starts {
		for i := 1; i < len(ts); i++ {
			if gap := ts[i].Sub(ts[i-1]); gap < 25*time.Millisecond {
				t.Errorf("%s: requests %d and %d only %v apart, delay is 30ms", host, i-1, i, gap)
			}
		}
	}
}

func TestHostLimits_PauseAndCancel(t *testing.T) {
	h := newHostLimits(0, 1)
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
	h := newHostLimits(50*time.Millisecond, 2)
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
