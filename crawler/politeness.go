package crawler

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// hostLimits spaces requests per host, not per site or per colly rule: a site that spans two
// hosts (the old and new Đồng Khởi) gets its delay and parallelism on each, and robots.txt's
// Crawl-delay of one host applies to that host alone.
type hostLimits struct {
	mu          sync.Mutex
	hosts       map[string]*hostLimit
	delay       time.Duration
	parallelism int
	// ceiling bounds the Retry-After time one host may hold the run, in all (max_retry_after).
	ceiling time.Duration
}

type hostLimit struct {
	slots  chan struct{}
	mu     sync.Mutex
	next   time.Time // earliest start of the next request
	paused time.Time // a Retry-After: no request starts before it
	delay  time.Duration
	held   time.Duration // Retry-After time granted so far
	rest   error         // set once the host asked for more than the ceiling: no more requests
	rested chan struct{} // closed when rest is set, to wake the requests waiting for their turn
}

// defaultMaxRetryAfter is the ceiling when the configuration gives none.
const defaultMaxRetryAfter = 10 * time.Minute

func newHostLimits(delay time.Duration, parallelism int, maxRetryAfter time.Duration) *hostLimits {
	if maxRetryAfter <= 0 {
		maxRetryAfter = defaultMaxRetryAfter
	}
	return &hostLimits{hosts: map[string]*hostLimit{}, delay: delay, parallelism: max(1, parallelism), ceiling: maxRetryAfter}
}

func (h *hostLimits) get(host string) *hostLimit {
	h.mu.Lock()
	defer h.mu.Unlock()
	l, ok := h.hosts[host]
	if !ok {
		l = &hostLimit{slots: make(chan struct{}, h.parallelism), delay: h.delay, rested: make(chan struct{})}
		h.hosts[host] = l
	}
	return l
}

// setDelay raises a host's delay (robots.txt Crawl-delay); it never lowers the configured one.
func (h *hostLimits) setDelay(host string, d time.Duration) {
	l := h.get(host)
	l.mu.Lock()
	l.delay = max(l.delay, d)
	l.mu.Unlock()
}

// pause holds every request to a host until t (a Retry-After or a backoff). While the pauses
// granted a host stay within the ceiling it is waited for; past it the host rests for the rest
// of the run: every request to it, waiting or new, fails with ErrHostResting. So a
// "Retry-After: 999999" does not re-hit the host at once, and no host holds a run for hours.
func (h *hostLimits) pause(host string, until time.Time) {
	l := h.get(host)
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	start := now
	if l.paused.After(now) {
		start = l.paused
	}
	if extra := until.Sub(start); extra > 0 {
		if l.held+extra > h.ceiling {
			if l.rest == nil {
				l.rest = fmt.Errorf("%w: %s asked to wait %v more, past max_retry_after %v (waited %v)", ErrHostResting,
					host, until.Sub(now).Round(time.Second), h.ceiling, l.held.Round(time.Second))
				close(l.rested)
			}
			return
		}
		l.held += extra
	}
	if until.After(l.next) {
		l.next = until
	}
	if until.After(l.paused) {
		l.paused = until
	}
}

// resting returns the host's ErrHostResting, or nil.
func (l *hostLimit) resting() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rest
}

// acquire waits for a free slot and the host's delay; release must be called when the request
// is done.
func (h *hostLimits) acquire(ctx context.Context, host string) (release func(), err error) {
	l := h.get(host)
	if err := l.resting(); err != nil {
		return nil, err
	}
	select {
	case l.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	l.mu.Lock()
	now := time.Now()
	start := now
	if l.next.After(now) {
		start = l.next
	}
	l.next = start.Add(l.delay)
	l.mu.Unlock()
	// Wait for the slot's start; a Retry-After that arrives meanwhile holds this request too.
	for wait := start.Sub(now); wait > 0; {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-l.rested:
			t.Stop()
		case <-ctx.Done():
			t.Stop()
			<-l.slots
			return nil, ctx.Err()
		}
		l.mu.Lock()
		var rest error
		wait, rest = time.Until(l.paused), l.rest
		l.mu.Unlock()
		if rest != nil {
			<-l.slots
			return nil, rest
		}
	}
	return func() { <-l.slots }, nil
}
