package crawler

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// robotsCache holds each host's robots.txt for the run. A robots.txt that cannot be fetched (a
// network error or 5xx) disallows the host for the run, as RFC 9309 asks; a 4xx allows all.
type robotsCache struct {
	mu    sync.Mutex
	hosts map[string]*robotsEntry
	agent string
}

type robotsEntry struct {
	once     sync.Once
	group    *robotstxt.Group
	sitemaps []string
	delay    time.Duration
	blocked  bool
	// err is why a blocked host's robots.txt could not be read, for the summary.
	err error
}

func newRobotsCache(agent string) *robotsCache {
	// Groups are matched on the product token, the user agent's first word without its version.
	token := agent
	if i := strings.IndexAny(token, "/ "); i > 0 {
		token = token[:i]
	}
	return &robotsCache{hosts: map[string]*robotsEntry{}, agent: token}
}

// get fetches (once) and returns the robots rules of u's host.
func (r *robotsCache) get(ctx context.Context, u *url.URL, fetch func(ctx context.Context, robotsURL string) (*Response, error)) *robotsEntry {
	host := u.Scheme + "://" + u.Host
	r.mu.Lock()
	e, ok := r.hosts[host]
	if !ok {
		e = &robotsEntry{}
		r.hosts[host] = e
	}
	r.mu.Unlock()
	e.once.Do(func() {
		resp, err := fetch(ctx, host+"/robots.txt")
		switch {
		case err != nil || resp == nil || resp.Status >= 500:
			e.blocked, e.err = true, err
			if err == nil && resp != nil {
				e.err = fmt.Errorf("HTTP %d", resp.Status)
			}
		case resp.Status >= 400:
			// No robots.txt: everything is allowed.
		default:
			data, err := robotstxt.FromStatusAndBytes(resp.Status, resp.Body)
			if err != nil {
				return
			}
			e.group = data.FindGroup(r.agent)
			e.sitemaps = data.Sitemaps
			if e.group != nil {
				e.delay = e.group.CrawlDelay
			}
		}
	})
	return e
}

// allowed reports whether the path may be fetched.
func (e *robotsEntry) allowed(u *url.URL) bool {
	if e.blocked {
		return false
	}
	if e.group == nil {
		return true
	}
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return e.group.Test(p)
}

// acceptText reads robots.txt whatever type the server gives it.
func acceptText(string) bool { return true }
