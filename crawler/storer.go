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
}

func newStorer(s Store, log *slog.Logger) *storer {
	st := &storer{store: s, in: make(chan storeReq, 64), stopped: make(chan struct{}), log: log, maxBatch: 64, maxWait: 500 * time.Millisecond}
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
	var batch []storeReq
	timer := time.NewTimer(st.maxWait)
	defer timer.Stop()
	flush := func() {
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
		if err != nil {
			// One bad record must not cost the batch: store the pages one by one.
			st.log.Error("store batch; storing its pages one by one", "pages", len(fs), "err", err)
			for i, r := range pages {
				one, err := st.store.PutBatch(context.Background(), fs[i:i+1])
				if err != nil {
					st.log.Error("store page", "url", r.fetch.URL, "err", err)
				}
				if r.done != nil {
					var res archive.Result
					if err == nil {
						res = one[0]
					}
					r.done(res, err)
				}
			}
		} else {
			for i, r := range pages {
				if r.done != nil {
					r.done(rs[i], nil)
				}
			}
		}
		// Failures, clears and notes in the order they came: a failure and a later success of
		// one URL in a batch leave no failure behind.
		if err := st.store.PutRecords(context.Background(), records); err != nil {
			st.log.Error("store failure records and notes", "records", len(records), "err", err)
		}
		batch = batch[:0]
	}
	for {
		select {
		case r, ok := <-st.in:
			if !ok {
				flush()
				return
			}
			batch = append(batch, r)
			if len(batch) >= st.maxBatch {
				flush()
			}
		case <-timer.C:
			flush()
			timer.Reset(st.maxWait)
		}
	}
}
