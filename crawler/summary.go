package crawler

import (
	"fmt"
	"regexp"

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
	// Kept counts other captures stored: hubs, resources, alternate renderings, photos.
	Kept int
	// Blocked counts URLs robots.txt disallowed.
	Blocked int
	// Images counts article photos fetched.
	Images int
	// Errors counts failures by kind (timeout, network, http-5xx, too-large, not-html, …).
	Errors map[archive.FailureKind]int
	// Repeated counts the failures among Errors that repeat one reported less than a day ago.
	Repeated int
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
	// Pending counts the URLs queued or being fetched: with Requests, what a progress bar can
	// take as its total while the site is crawled. Zero once the run ends.
	Pending int

	mu sync.Mutex
}

func newSummary(site string) *Summary {
	return &Summary{Site: site, Errors: map[archive.FailureKind]int{}}
}

func (s *Summary) add(f func(*Summary)) {
	s.mu.Lock()
	f(s)
	s.mu.Unlock()
}

// snapshot returns a copy safe to read while the crawl goes on.
func (s *Summary) snapshot() *Summary {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &Summary{
		Site: s.Site, Found: s.Found, New: s.New, NewVersions: s.NewVersions, Unchanged: s.Unchanged,
		NotModified: s.NotModified, Gone: s.Gone, Skipped: s.Skipped, Kept: s.Kept, Blocked: s.Blocked, Images: s.Images, Repeated: s.Repeated,
		Errors: make(map[archive.FailureKind]int, len(s.Errors)), Requests: s.Requests, Bytes: s.Bytes,
		Start: s.Start, Duration: s.Duration, Abandoned: s.Abandoned, LastError: s.LastError, Capped: s.Capped,
		Pending: s.Pending,
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

// String is the one-line summary printed per site. A site that failed outright gets a short
// line saying why, in the words of the root cause.
func (s *Summary) String() string {
	if s.Failed() && s.Requests > 0 && s.stored() == 0 && s.Found == 0 {
		return s.failedLine()
	}
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
	if s.Repeated > 0 {
		line += fmt.Sprintf("; %d of the errors repeat ones reported in the last day", s.Repeated)
	}
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

// stored is the number of article fetches that reached the archive, or were skipped as fresh.
func (s *Summary) stored() int {
	return s.New + s.NewVersions + s.Unchanged + s.NotModified + s.Gone + s.Skipped + s.Kept
}

// Failed reports a site where something went wrong and nothing was done.
func (s *Summary) Failed() bool {
	return s.Abandoned != "" && s.stored() == 0 || s.ErrorCount() > 0 && s.stored() == 0
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

// record is the record of the summary the archive keeps for `status`.
func (s *Summary) record(full, interrupted bool) archive.Run {
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
		errs[string(k)] = v
	}
	return archive.Run{
		Site: s.Site, Start: s.Start, End: s.Start.Add(s.Duration), Outcome: out, Full: full, Found: s.Found,
		New: s.New, NewVersions: s.NewVersions, Gone: s.Gone, Requests: s.Requests, Errors: errs,
		LastError: s.LastError, Abandoned: s.Abandoned,
	}
}

// News reports whether the run has something an operator has not been told in the last day: a
// failed or abandoned site, or a failure that is not a repeat. Under --quiet only such sites are
// printed, so cron mails about a permanently dead link once a day, not every hour.
func (s *Summary) News() bool {
	return s.Failed() || s.Abandoned != "" || s.ErrorCount() > s.Repeated
}

// failedLine is the summary of a site that stored nothing: its name, the root cause of its last
// failure, and how many requests failed.
func (s *Summary) failedLine() string {
	cause := s.LastError
	if s.Abandoned != "" && cause == "" {
		cause = s.Abandoned
	}
	return fmt.Sprintf("%s: failed: %s (%d requests, %d errors)", s.Site, RootCause(cause), s.Requests, s.ErrorCount())
}

var (
	dnsMiss = regexp.MustCompile(`lookup (\S+?)(?: on \S+)?: no such host`)
	refused = regexp.MustCompile(`dial tcp (\S+): connect: connection refused`)
	prefix  = regexp.MustCompile(`^(?:crawler: (?:fetch \S+: |host unreachable: \S+: )?)+`)
)

// RootCause shortens a failure message to what an operator acts on: "sct.bentre.gov.vn: the
// name does not resolve" rather than the chain of wrappers around a DNS error.
func RootCause(msg string) string {
	if m := dnsMiss.FindStringSubmatch(msg); m != nil {
		return m[1] + ": the name does not resolve (DNS)"
	}
	if m := refused.FindStringSubmatch(msg); m != nil {
		return m[1] + ": connection refused"
	}
	return prefix.ReplaceAllString(msg, "")
}
