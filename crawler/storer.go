package crawler

import (
	"context"
	"log/slog"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// storeReq is a fetch (or a record: a failure, a clear, a note) waiting to be stored and what
// to do with its result.
type storeReq struct {
	fetch  archive.Fetch
	record *archive.Record
	done   func(archive.Result, error)
	at     time.Time // when a fetch with a body came, for holdArticles
}

// storer commits fetches in batches from one goroutine: the archive has one writer, and a batch
// costs one fsync however many pages it holds.
type storer struct {
	store   Store
	in      chan storeReq
	stopped chan struct{}
	log     *slog.Logger
	// MaxBatch and MaxWait bound a batch.
	maxBatch int
	maxWait  time.Duration
	// group and maxHold shape the holding of articles, see holdArticles.
	group   int
	maxHold time.Duration
	now     func() time.Time
	// full is called, from the storer's goroutine, with the error of each batch the archive
	// could not store for want of space (see diskFull).
	full func(error)
}

func newStorer(s Store, log *slog.Logger, full func(error)) *storer {
	st := &storer{store: s, in: make(chan storeReq, 64), stopped: make(chan struct{}), log: log,
		maxBatch: 64, maxWait: 500 * time.Millisecond, group: archive.GroupPages, maxHold: time.Minute, now: time.Now, full: full}
	go st.run()
	return st
}

// put queues a fetch. It never blocks on a cancelled run: what was fetched is stored whatever
// happens to the crawl's context.
func (st *storer) put(f archive.Fetch, done func(archive.Result, error)) {
	st.in <- storeReq{fetch: f, done: done}
}

// putFailure queues a failure record.
func (st *storer) putFailure(f archive.Failure) {
	st.in <- storeReq{record: &archive.Record{Failure: &f}}
}

// clearFailure queues the removal of a URL's failure record, now that it was fetched.
func (st *storer) clearFailure(u string) {
	st.in <- storeReq{record: &archive.Record{Cleared: u}}
}

// putNote queues a note for later crawls.
func (st *storer) putNote(n archive.Note) {
	st.in <- storeReq{record: &archive.Record{Note: &n}}
}

// close stores what is queued and stops.
func (st *storer) close() {
	close(st.in)
	<-st.stopped
}

func (st *storer) run() {
	defer close(st.stopped)
	var batch, held []storeReq
	timer := time.NewTimer(st.maxWait)
	defer timer.Stop()
	commit := func(final bool) {
		batch, held = st.holdArticles(append(held, batch...), final)
		st.flush(batch)
		batch = batch[:0]
	}
	for {
		select {
		case r, ok := <-st.in:
			if !ok {
				commit(true)
				return
			}
			if r.fetch.Body != nil {
				r.at = st.now()
			}
			batch = append(batch, r)
			if len(batch) >= st.maxBatch {
				commit(false)
			}
		case <-timer.C:
			commit(false)
			timer.Reset(st.maxWait)
		}
	}
}

// flush commits a batch: its fetches in one PutBatch, then its records.
func (st *storer) flush(batch []storeReq) {
	if len(batch) == 0 {
		return
	}
	var fs []archive.Fetch
	var records []archive.Record
	var pages []storeReq
	for _, r := range batch {
		if r.record != nil {
			records = append(records, *r.record)
			continue
		}
		fs = append(fs, r.fetch)
		pages = append(pages, r)
	}
	// A stop signal must not lose fetched pages: commit with a context of our own.
	rs, err := st.store.PutBatch(context.Background(), fs)
	errs := make([]error, len(pages))
	switch {
	case err == nil:
	case diskFull(err):
		// Page by page would fail alike, each after compressing its page again.
		st.log.Error("store batch: the disk is full", "pages", len(fs), "err", err)
		if st.full != nil {
			st.full(err)
		}
		for i := range errs {
			errs[i] = err
		}
	default:
		// One bad record must not cost the batch: store the pages one by one.
		st.log.Error("store batch; storing its pages one by one", "pages", len(fs), "err", err)
		rs = make([]archive.Result, len(pages))
		for i, r := range pages {
			one, err := st.store.PutBatch(context.Background(), fs[i:i+1])
			if err != nil {
				st.log.Error("store page", "url", r.fetch.URL, "err", err)
				errs[i] = err
				continue
			}
			rs[i] = one[0]
		}
	}
	for i, r := range pages {
		if r.done == nil {
			continue
		}
		var res archive.Result
		if errs[i] == nil {
			res = rs[i]
		}
		r.done(res, errs[i])
	}
	// Failures, clears and notes in the order they came: a failure and a later success of
	// one URL in a batch leave no failure behind.
	if err := st.store.PutRecords(context.Background(), records); err != nil {
		st.log.Error("store failure records and notes", "records", len(records), "err", err)
	}
}

// holdArticles parts what is queued into what to commit now and what to hold back. The archive
// compresses the new articles of one site that come in one batch together, a tenth smaller
// than one by one (archive.GroupPages), but a polite crawl brings a site's articles seconds
// apart, so a batch seldom holds more than one. So the articles of a site (primary captures with
// an extracted article) are held until the site has a group's worth, or the oldest has waited
// maxHold, or the crawl ends (final); everything else, and every capture of a URL that is not
// held, is committed at once. A kill loses what is held, at most a minute of a site's articles,
// which the next crawl fetches again since the archive does not have them.
func (st *storer) holdArticles(queued []storeReq, final bool) (now, held []storeReq) {
	if final || st.group <= 1 {
		return queued, nil
	}
	count := map[string]int{}
	oldest := map[string]time.Time{}
	for _, r := range queued {
		if holdable(r) {
			count[r.fetch.Site]++
			if t, ok := oldest[r.fetch.Site]; !ok || r.at.Before(t) {
				oldest[r.fetch.Site] = r.at
			}
		}
	}
	hold, now0 := map[string]bool{}, st.now() // URLs held
	for _, r := range queued {
		site := r.fetch.Site
		if holdable(r) && count[site] < st.group && now0.Sub(oldest[site]) < st.maxHold {
			hold[r.fetch.URL] = true
		}
	}
	for _, r := range queued {
		if r.record == nil && hold[r.fetch.URL] {
			held = append(held, r)
		} else {
			now = append(now, r)
		}
	}
	return now, held
}

// holdable reports whether a request is an article worth holding for its site's group.
func holdable(r storeReq) bool {
	f := r.fetch
	return r.record == nil && f.Role == archive.RolePrimary && f.Kind.IsArticle() && f.Content != nil && len(f.Body) > 0
}
