package crawler

import (
	"context"
	"net/url"
	"sort"
	"strings"

	"github.com/newsarchive/newsarchive/archive"
)

// trapBudget is the most hub pages of one URL shape a run fetches beyond the site's entry
// points. A calendar's next-day chain, faceted search, session ids and ever-growing queries all
// make endless URLs of one shape; real sections and tags have shapes of their own.
const trapBudget = 10

// urlShape is a URL with its numbers folded and its query reduced to its parameter names:
// /lich/?ngay=2026-11-20 and /lich/?ngay=2026-11-21 share the shape host/lich/?ngay.
func urlShape(u *url.URL) string {
	var names []string
	seen := map[string]bool{}
	for _, part := range strings.Split(u.RawQuery, "&") {
		name, _, _ := strings.Cut(part, "=")
		if name != "" && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return u.Host + foldDigits(u.Path) + "?" + strings.Join(names, "&")
}

// foldDigits replaces every run of ASCII digits in s with one "#". It is the regular expression
// [0-9]+ replaced by "#" without the regular expression: urlShape runs for every link of every
// page.
func foldDigits(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			b.WriteByte(s[i])
			continue
		}
		b.WriteByte('#')
		for i+1 < len(s) && isDigit(s[i+1]) {
			i++
		}
	}
	return b.String()
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// spendShape counts a fetch of a hub-like page (a listing or unknown page reached by a link)
// against its URL shape, and reports false when the shape is a known trap or has had its
// trapBudget of fetches this run: whatever a shape is, it costs a run at most that many requests
// unless its pages turn out to be articles.
func (r *siteRun) spendShape(u string) bool {
	shape, ok := shapeOf(u)
	if !ok {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.traps[shape] {
		return false
	}
	if r.shapes[shape] >= trapBudget {
		// The shape wants more than its budget: learn it now if its pages were mostly barren,
		// even when some of them failed to arrive and were never judged.
		r.learnLocked(shape)
		return false
	}
	r.shapes[shape]++
	return true
}

// learnLocked notes shape as a trap when it spent its budget and at least half its judged pages
// were barren. Called with r.mu held.
func (r *siteRun) learnLocked(shape string) {
	judged := r.barren[shape] + r.productive[shape]
	if r.traps[shape] || r.shapes[shape] < trapBudget || judged == 0 || r.barren[shape]*2 < judged {
		return
	}
	r.traps[shape] = true
	r.c.log.Info("crawler trap: a URL shape made only pages that led to no new article; later runs skip it",
		"site", r.site.Name, "shape", shape, "pages", r.barren[shape])
	r.st.putNote(archive.Note{Site: r.site.Name, Kind: archive.NoteTrap, Key: shape, Time: r.c.opts.Now()})
}

// judgeShape settles a fetched hub-like page. An article gives its fetch back. A page that links
// to no article at all, new or known (a calendar's empty next day, a facet of a search), is
// barren. A shape that spent
// its whole budget with at least half its pages barren is a trap, noted in the archive so later
// runs spend nothing on it; a date archive that keeps listing new articles is not.
func (r *siteRun) judgeShape(u string, article bool, newArticles int) {
	shape, ok := shapeOf(u)
	if !ok {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if article {
		r.shapes[shape]--
		return
	}
	if newArticles == 0 {
		r.barren[shape]++
	} else {
		r.productive[shape]++
	}
	r.learnLocked(shape)
}

// shapeURL is the URL whose shape a task is charged to: a listing's later pages count against
// its first page.
func (t task) shapeURL() string {
	if t.kind == kindListing && t.page > 1 && t.listing != "" {
		return t.listing
	}
	return t.url
}

func shapeOf(u string) (string, bool) {
	p, err := url.Parse(u)
	if err != nil {
		return "", false
	}
	return urlShape(p), true
}

// sameShape reports whether the URL u has the shape own (shapeOf's, "" when u does not parse).
func sameShape(u, own string) bool {
	shape, _ := shapeOf(u)
	return shape == own
}

// learnAlternate notes an alternate rendering's URL, so this run and later ones go to the page
// it renders.
func (r *siteRun) learnAlternate(alt, primary string) {
	r.mu.Lock()
	_, known := r.alts[alt]
	r.alts[alt] = primary
	r.mu.Unlock()
	if !known {
		r.st.putNote(archive.Note{Site: r.site.Name, Kind: archive.NoteAlias, Key: alt, Value: primary, Time: r.c.opts.Now()})
	}
}

// loadNotes reads the traps and alternates earlier runs learned.
func (r *siteRun) loadNotes(ctx context.Context) error {
	for n, err := range r.c.store.Notes(ctx, r.site.Name, archive.NoteTrap) {
		if err != nil {
			return err
		}
		r.traps[n.Key] = true
	}
	for n, err := range r.c.store.Notes(ctx, r.site.Name, archive.NoteAlias) {
		if err != nil {
			return err
		}
		r.alts[n.Key] = n.Value
	}
	return nil
}
