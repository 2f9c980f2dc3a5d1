package search

import (
	"context"
	"time"

	"github.com/blevesearch/bleve/v2/search"
)

// Newest first, bleve reads the publication date of every match to sort them, which on 100,000
// articles cost a broad search most of its time. byDate asks first for the matches published in
// the last month (a date range, whose matches are few), then four times as far back, and so on,
// until a window holds the page asked for: every match outside it is older, or undated and
// sorted last. Past dateWindowsMax windows, or below the query's own From, it sorts them all.
// The total is counted once, unscored.

// dateWindowFirst is the first window, back from now; dateWindowsMax bounds the windows tried.
const (
	dateWindowFirst = 31 * 24 * time.Hour
	dateWindowsMax  = 5
	// dateWindowsFrom is how many matches make windows worth it: below, one sort is cheap.
	// Index.windowsFrom holds it, for tests to lower.
	dateWindowsFrom = 1000
)

// byDate returns the total and the page of hits of q, newest first.
func (ix *Index) byDate(ctx context.Context, q Query, terms Terms, off, lim int, now time.Time) (uint64, search.DocumentMatchCollection, error) {
	hubs := ix.hubs.Load()
	all := buildBoolean(q, terms, hubs)
	total, err := ix.count(ctx, all)
	if err != nil {
		return 0, nil, err
	}
	if !q.To.IsZero() && q.To.Before(now) {
		now = q.To
	}
	w := dateWindowFirst
	for range dateWindowsMax {
		if total <= uint64(ix.windowsFrom) {
			break
		}
		from := now.Add(-w)
		if !q.From.IsZero() && !from.After(q.From) {
			break
		}
		// The window is open towards the future: a page dated ahead of the clock is newest.
		wq := q
		wq.From = from
		res, err := ix.run(ctx, buildBoolean(wq, terms, hubs), wq, terms, off, lim)
		if err != nil {
			return 0, nil, err
		}
		if res.Total >= uint64(off+lim) {
			return total, res.Hits, nil
		}
		w *= 4
	}
	res, err := ix.run(ctx, all, q, terms, off, lim)
	if err != nil {
		return 0, nil, err
	}
	return total, res.Hits, nil
}
