package crawler

import (
	"context"
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
}

type hostLimit struct {
	slots  chan struct{}
	mu     sync.Mutex
	next   time.Time // earliest start of the next request
	paused time.Time // a Retry-After: no request starts before it
	delay  time.Duration
}

func newHostLimits(delay time.Duration, parallelism int) *hostLimits {
	return &hostLimits{hosts: map[string]*hostLimit{}, delay: delay, parallelism: max(1, parallelism)}
}

func (h *hostLimits) get(host string) *hostLimit {
	h.mu.Lock()
	defer h.mu.Unlock()
	l, ok := h.hosts[host]
	if !ok {
		l = &hostLimit{slots: make(chan struct{}, h.parallelism), delay: h.delay}
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

// pause holds every request to a host until t (a Retry-After).
func (h *hostLimits) pause(host string, until time.Time) {
	l := h.get(host)
	l.mu.Lock()
	if until.After(l.next) {
		l.next = until
	}
	if until.After(l.paused) {
		l.paused = until
	}
	l.mu.Unlock()
}

// acquire waits for a free slot and the host's delay; release must be called when the request
// is done.
func (h *hostLimits) acquire(ctx context.Context, host string) (release func(), err error) {
	l := h.get(host)
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
		case <-ctx.Done():
			t.Stop()
			<-l.slots
			return nil, ctx.Err()
		}
		l.mu.Lock()
		wait = time.Until(l.paused)
		l.mu.Unlock()
	}
	return func() { <-l.slots }, nil
}
