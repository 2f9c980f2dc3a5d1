package crawler

import (
	"net/http"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/parse"
)

// due applies the incremental policy to an article URL: new ones are fetched; archived ones when
// the site signals a change, when the recrawl policy says so, or on a full run.
func (r *siteRun) due(t task) bool {
	p, ok := r.index[t.url]
	if !ok {
		return true
	}
	switch {
	case r.c.opts.Full:
		return true
	case hintNewer(t.hint.Updated, p.LastSeen):
		return true
	case p.Status == archive.StatusGone:
		return false
	case t.hint.Title != "" && p.Title != "" && titleChanged(t.hint.Title, p.Title):
		return true
	}
	return policyDue(r.site, p, r.c.opts.Now())
}

// hintNewer reports whether a site's date of change (a sitemap <lastmod>, a feed's updated
// date) may be later than the archive's last capture. A date given to the second, as most are,
// stands for any instant of that second: a page changed half a second after a capture in the
// same second carries a date that reads as earlier than the capture, and would be missed.
func hintNewer(updated, lastSeen time.Time) bool {
	switch {
	case updated.IsZero():
		return false
	case updated.Nanosecond() == 0:
		return updated.Add(time.Second).After(lastSeen)
	}
	return updated.After(lastSeen)
}

// policyDue applies the site's recrawl policy to an archived article: due by its age (from its
// publication date, else when it was first seen) and when it was last fetched.
func policyDue(site *config.Site, p archive.Page, now time.Time) bool {
	born := p.FirstSeen
	if d, ok := parse.ParseDate(p.Published); ok {
		born = d.Time
	}
	return site.Recrawl.Due(born, p.LastSeen, now)
}

// checkDue takes an article's merged hint and applies the policy in one hold of the lock, so a
// sitemap hint arriving meanwhile either is seen here or requeues the article.
func (r *siteRun) checkDue(t *task) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.seen[t.url]
	if ok {
		t.hint = s.hint
	}
	if r.due(*t) {
		return true
	}
	if ok {
		s.skipped = true
	}
	return false
}

// conditional returns If-None-Match / If-Modified-Since for an archived page, so an unchanged
// page answers 304 with no body.
func (r *siteRun) conditional(u string) http.Header {
	p, ok := r.index[u]
	if !ok || p.Status == archive.StatusGone {
		return nil
	}
	h := http.Header{}
	if p.ETag != "" {
		h.Set("If-None-Match", p.ETag)
	}
	if p.LastModified != "" {
		h.Set("If-Modified-Since", p.LastModified)
	}
	return h
}

// titleChanged compares a listing's anchor text with the archived title. Listings may shorten
// titles (one containing the other is no change), and an anchor that shares less than half its
// words with the title is not the title at all ("Xem thêm", a photo caption).
func titleChanged(listed, archived string) bool {
	a, b := parse.Fold(listed), parse.Fold(archived)
	if strings.Contains(a, b) || strings.Contains(b, a) {
		return false
	}
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) < 4 {
		return false
	}
	in := map[string]bool{}
	for _, w := range wb {
		in[w] = true
	}
	common := 0
	for _, w := range wa {
		if in[w] {
			common++
		}
	}
	return common*2 >= len(wa)
}

// resting reports a URL that failed permanently in an earlier run and is not yet due to be tried
// again: after a day, then two, four… up to thirty. A full run tries them all.
func (r *siteRun) resting(u string) bool {
	f, ok := r.failed[u]
	if !ok || r.c.opts.Full || !permanent(f.Kind) {
		return false
	}
	wait := 24 * time.Hour << min(f.Count-1, 5)
	return r.c.opts.Now().Before(f.Last.Add(min(wait, 30*24*time.Hour)))
}

// remember records a failure in the archive, so later runs can rest the URL.
func (r *siteRun) remember(u string, kind archive.FailureKind, err error) {
	f := archive.Failure{URL: u, Site: r.site.Name, Kind: kind, Count: 1, Last: r.c.opts.Now()}
	if err != nil {
		f.Error = err.Error()
	}
	if r.repeated(u, kind) {
		r.sum.add(func(s *Summary) { s.Repeated++ })
	} else {
		f.Reported = f.Last
	}
	r.st.putFailure(f)
}

// repeated reports a failure identical to one the operator was told of less than a day ago.
func (r *siteRun) repeated(u string, kind archive.FailureKind) bool {
	f, ok := r.failed[u]
	return ok && f.Kind == kind && r.c.opts.Now().Sub(f.Reported) < 24*time.Hour
}
