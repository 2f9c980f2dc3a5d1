package crawler

import (
	"fmt"

	"sort"
	"strings"
	"sync"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// Summary counts what a run did on one site.
type Summary struct {
	Site string
	// Found is the number of distinct article URLs discovered.
	Found int
	// New, NewVersions, Unchanged, NotModified and Gone count stored article fetches by outcome.
	New, NewVersions, Unchanged, NotModified, Gone int
	// Skipped counts archived articles not due for a recheck: no request was made.
	Skipped int
	// Blocked counts URLs robots.txt disallowed.
	Blocked int
	// Images counts article photos fetched.
	Images int
	// Errors counts failures by kind (timeout, network, http-5xx, too-large, not-html, …).
	Errors map[string]int
	// Requests and Bytes are what went over the network, robots.txt and retries included.
	Requests int
	Bytes    int64
	Start    time.Time
	Duration time.Duration
	// Abandoned says why the site was given up before the end, or is empty.
	Abandoned string
	// LastError is the last failure's message, so a summary can say why a site failed.
	LastError string
	// Capped says max_pages stopped the run before the site was done.
	Capped bool

	mu sync.Mutex
}

func newSummary(site string) *Summary {
	return &Summary{Site: site, Errors: map[string]int{}}
}

func (s *Summary) add(f func(*Summary)) {
	s.mu.Lock()
	f(s)
	s.mu.Unlock()
}

// Snapshot returns a copy safe to read while the crawl goes on.
func (s *Summary) Snapshot() *Summary {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &Summary{
		Site: s.Site, Found: s.Found, New: s.New, NewVersions: s.NewVersions, Unchanged: s.Unchanged,
		NotModified: s.NotModified, Gone: s.Gone, Skipped: s.Skipped, Blocked: s.Blocked, Images: s.Images,
		Errors: make(map[string]int, len(s.Errors)), Requests: s.Requests, Bytes: s.Bytes,
		Start: s.Start, Duration: s.Duration, Abandoned: s.Abandoned, LastError: s.LastError, Capped: s.Capped,
	}
	for k, v := range s.Errors {
		c.Errors[k] = v
	}
	return c
}

// ErrorCount is the total of Errors.
func (s *Summary) ErrorCount() int {
	n := 0
	for _, v := range s.Errors {
		n += v
	}
	return n
}

// String is the one-line summary printed per site.
func (s *Summary) String() string {
	var errs []string
	for k, v := range s.Errors {
		errs = append(errs, fmt.Sprintf("%s %d", k, v))
	}
	sort.Strings(errs)
	e := "0"
	if len(errs) > 0 {
		e = fmt.Sprintf("%d (%s)", s.ErrorCount(), strings.Join(errs, ", "))
	}
	line := fmt.Sprintf("%s: found %d, new %d, new versions %d, unchanged %d, not modified %d, gone %d, skipped %d, blocked by robots.txt %d, errors %s, requests %d, %s, %s",
		s.Site, s.Found, s.New, s.NewVersions, s.Unchanged, s.NotModified, s.Gone, s.Skipped, s.Blocked, e, s.Requests, byteSize(s.Bytes), s.Duration.Round(10*time.Millisecond))
	if s.Images > 0 {
		line += fmt.Sprintf("; images %d", s.Images)
	}
	if s.Capped {
		line += "; stopped at max_pages"
	}
	switch {
	case s.Abandoned != "":
		line += "; abandoned: " + s.Abandoned
	case s.Failed() && s.LastError != "":
		line += "; failed: " + s.LastError
	}
	return line
}

// Stored is the number of article fetches that reached the archive, or were skipped as fresh.
func (s *Summary) Stored() int {
	return s.New + s.NewVersions + s.Unchanged + s.NotModified + s.Gone + s.Skipped
}

// Failed reports a site where something went wrong and nothing was done.
func (s *Summary) Failed() bool {
	return s.Abandoned != "" && s.Stored() == 0 || s.ErrorCount() > 0 && s.Stored() == 0
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// Run is the record of the summary the archive keeps for `status`.
func (s *Summary) Run(full, interrupted bool) archive.Run {
	out := archive.RunOK
	switch {
	case interrupted:
		out = archive.RunInterrupted
	case s.Failed():
		out = archive.RunFailed
	case s.ErrorCount() > 0 || s.Abandoned != "":
		out = archive.RunPartial
	}
	errs := make(map[string]int, len(s.Errors))
	for k, v := range s.Errors {
		errs[k] = v
	}
	return archive.Run{
		Site: s.Site, Start: s.Start, End: s.Start.Add(s.Duration), Outcome: out, Full: full, Found: s.Found,
		New: s.New, NewVersions: s.NewVersions, Gone: s.Gone, Requests: s.Requests, Errors: errs,
		LastError: s.LastError, Abandoned: s.Abandoned,
	}
}
