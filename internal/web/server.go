package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/internal/search"
)

// Options configure a Server.
type Options struct {
	// DB is the archive database file.
	DB string
	// Index is the open search index of DB.
	Index *search.Index
	// LockTimeout is how long a request waits for a crawl's commit to finish. Default 30s.
	LockTimeout time.Duration
	// Token, when set, is required of every request (see tokenGuard).
	Token string
	// Logger receives request errors and catch-up progress; nil discards.
	Logger *slog.Logger
}

// Server serves the web view. Create it with New; it is an http.Handler.
type Server struct {
	opts    Options
	log     *slog.Logger
	pages   *pageTemplates
	handler http.Handler

	catchMu   sync.Mutex // one catch-up at a time
	lastStamp fileStamp  // the database as the last catch-up saw it

	sitesMu sync.RWMutex
	sites   []string // site names, for the search form

	sumMu    sync.Mutex // guards the home page's counts, kept until the database changes
	sumStamp fileStamp
	sums     []siteSummary

	readerMu   sync.Mutex
	reader     *archive.Store // the requests' archive, opened by the first (see withStore)
	readerFile os.FileInfo    // its database file when it was opened
}

// fileStamp identifies a state of the database file: bbolt rewrites it on every commit.
type fileStamp struct {
	mod  time.Time
	size int64
}

// New returns a Server for opts.
func New(opts Options) (*Server, error) {
	if opts.LockTimeout == 0 {
		opts.LockTimeout = 30 * time.Second
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	pages, err := loadTemplates()
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, log: log, pages: pages}
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// withStore runs fn with the archive open for one request (see open).
func (s *Server) withStore(ctx context.Context, fn func(*archive.Store) error) error {
	st, err := s.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}

// open opens the archive read-only for one request or one catch-up step; the caller closes it.
// The archive the requests share is opened once, read-only and for each read transaction only
// (archive.Options.OpenPerRead), so its caches (the site dictionaries' decoders, decoded
// frames) serve request after request; a request holds the database open for its reads only
// (archive.Store.Hold), so a crawl commits between requests. Opened anew for each request, the
// archive decoded a site's dictionary before the first page it read: 2.6 ms for a page's JSON
// on the replica archive (BenchmarkServer_Requests); opened for each read, a search opened it
// once a hit. An archive that cannot be opened (not made yet, locked) fails the request, and
// the next one tries again.
func (s *Server) open(ctx context.Context) (*archive.Store, error) {
	base, err := s.store(ctx)
	if err != nil {
		return nil, err
	}
	return base.Hold(ctx)
}

// store returns the requests' archive, opened on first use, and again when the database is
// another file than the one it opened (a backup restored by renaming it into place); the old
// one closes once the requests reading it are done (their holds are its calls under way). The
// request that found it stale waits for that, after the lock: the others need not.
func (s *Server) store(ctx context.Context) (*archive.Store, error) {
	st, stale, err := s.current(ctx)
	if stale != nil {
		stale.Close()
	}
	return st, err
}

// current returns the requests' archive, opening it if there is none or if the database is
// another file, and the archive it replaced, for the caller to close.
func (s *Server) current(ctx context.Context) (st, stale *archive.Store, err error) {
	s.readerMu.Lock()
	defer s.readerMu.Unlock()
	fi, statErr := os.Stat(s.opts.DB)
	if s.reader != nil {
		if statErr == nil && os.SameFile(fi, s.readerFile) {
			return s.reader, nil, nil
		}
		stale, s.reader = s.reader, nil
	}
	st, err = archive.Open(ctx, s.opts.DB, archive.Options{ReadOnly: true, OpenPerRead: true,
		LockTimeout: s.opts.LockTimeout, CommitWait: s.opts.LockTimeout})
	if err != nil {
		return nil, stale, err
	}
	s.reader, s.readerFile = st, fi
	return st, stale, nil
}

// Close closes the archive the requests share once the requests under way are done with it
// (see archive.Store.Hold); a request after it opens the archive again.
func (s *Server) Close() error {
	s.readerMu.Lock()
	st := s.reader
	s.reader = nil
	s.readerMu.Unlock()
	if st == nil {
		return nil
	}
	return st.Close()
}

// CatchUp brings the search index level with the archive when the database changed since the
// last catch-up. It reports how many versions it indexed.
func (s *Server) CatchUp(ctx context.Context) (search.Progress, error) {
	s.catchMu.Lock()
	defer s.catchMu.Unlock()
	stamp, err := s.stamp()
	if err != nil {
		return search.Progress{}, err
	}
	if stamp == s.lastStamp {
		return search.Progress{}, nil
	}
	start := time.Now()
	pr, err := s.opts.Index.CatchUp(ctx, s.open, func(p search.Progress) {
		s.log.Info("indexing", "pages", p.Pages, "changed", p.Changed, "versions", p.Indexed)
	})
	if err != nil {
		return pr, err
	}
	if err := s.loadSites(ctx); err != nil {
		return pr, err
	}
	s.lastStamp = stamp
	if pr.Indexed > 0 {
		s.log.Info("index caught up", "pages", pr.Pages, "changed", pr.Changed, "versions", pr.Indexed, "took", time.Since(start).Round(time.Millisecond))
	}
	return pr, nil
}

// Refresh catches the index up every interval until ctx ends, logging failures: a crawl holding
// the database past the lock timeout only delays the next catch-up.
func (s *Server) Refresh(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.CatchUp(ctx); err != nil && !errors.Is(err, context.Canceled) {
				s.log.Warn("index catch-up failed; retrying later", "err", err)
			}
		}
	}
}

// stamp returns the database file's current state.
func (s *Server) stamp() (fileStamp, error) {
	fi, err := os.Stat(s.opts.DB)
	if err != nil {
		return fileStamp{}, fmt.Errorf("web: %w", err)
	}
	return fileStamp{fi.ModTime(), fi.Size()}, nil
}

// cachedSummaries returns the per-site counts, counted again only when the database changed:
// counting reads every page record.
func (s *Server) cachedSummaries(ctx context.Context) ([]siteSummary, error) {
	st, err := s.stamp()
	if err != nil {
		return nil, err
	}
	s.sumMu.Lock()
	defer s.sumMu.Unlock()
	if st == s.sumStamp && s.sums != nil {
		return s.sums, nil
	}
	sums, err := s.siteSummaries(ctx)
	if err != nil {
		return nil, err
	}
	s.sumStamp, s.sums = st, sums
	return sums, nil
}

// loadSites remembers the archive's site names for the search form.
func (s *Server) loadSites(ctx context.Context) error {
	sums, err := s.cachedSummaries(ctx)
	if err != nil {
		return err
	}
	names := make([]string, len(sums))
	for i, x := range sums {
		names[i] = x.Name
	}
	s.sitesMu.Lock()
	s.sites = names
	s.sitesMu.Unlock()
	return nil
}

func (s *Server) siteNames() []string {
	s.sitesMu.RLock()
	defer s.sitesMu.RUnlock()
	return s.sites
}
