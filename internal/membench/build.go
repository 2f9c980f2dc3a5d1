package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/ingest"
	"github.com/newsarchive/newsarchive/internal/sitegen"
	"github.com/newsarchive/newsarchive/parse"
)

// buildBatch is how many captures one PutBatch writes while building.
const buildBatch = 500

// archiveLayout names what the cached archive holds; change it when the build below changes.
const archiveLayout = "v1"

// ensureArchive returns the path of the cached synthetic archive of n pages, building it first
// when the cache has none for this page count and schema.
func ensureArchive(ctx context.Context, log *slog.Logger, cache string, n int) (string, error) {
	db := archivePath(cache, n)
	dir := filepath.Dir(db)
	done := filepath.Join(dir, "complete")
	if _, err := os.Stat(done); err == nil {
		return db, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	start := time.Now()
	if err := buildArchive(ctx, log, db, n); err != nil {
		return "", fmt.Errorf("build archive: %w", err)
	}
	log.Info("archive built", "pages", n, "path", db, "took", time.Since(start).Round(time.Second))
	return db, os.WriteFile(done, nil, 0o644)
}

// archivePath is where the cached archive of n pages lives.
func archivePath(cache string, n int) string {
	return filepath.Join(cache, fmt.Sprintf("n%d-schema%d-%s", n, archive.SchemaVersion, archiveLayout), "archive.db")
}

// buildArchive writes n synthetic article pages through the ingest stage and the store's batch
// API: pages extracted in parallel, written buildBatch captures at a time.
func buildArchive(ctx context.Context, log *slog.Logger, db string, n int) error {
	s, err := archive.Open(ctx, db, archive.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	in := ingest.New(config.Default(), parse.NewExtractor(nil))
	site := sitegen.New(15, "https://baodongkhoi.vn")
	for start := 0; start < n; start += buildBatch {
		fetches, err := prepareRange(in, site, start, min(n, start+buildBatch))
		if err != nil {
			return err
		}
		if _, err := s.PutBatch(ctx, fetches); err != nil {
			return err
		}
		if (start/buildBatch)%20 == 0 {
			log.Info("building archive", "pages", start+buildBatch, "of", n)
		}
	}
	return s.Close()
}

// prepareRange extracts pages [from, to) on every core and returns their captures in page order.
func prepareRange(in *ingest.Ingester, site *sitegen.Site, from, to int) ([]archive.Fetch, error) {
	per := make([][]archive.Fetch, to-from)
	errs := make([]error, to-from)
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				per[i-from], errs[i-from] = pageFetches(in, site, i)
			}
		})
	}
	for i := from; i < to; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	var out []archive.Fetch
	for k, fs := range per {
		if errs[k] != nil {
			return nil, errs[k]
		}
		out = append(out, fs...)
	}
	return out, nil
}

// pageFetches returns the captures of page i: the first, shortly after publication, and for
// every tenth page a second one three days later whose text was edited.
func pageFetches(in *ingest.Ingester, site *sitegen.Site, i int) ([]archive.Fetch, error) {
	first := time.Date(2020, 11, 30, 7, 30, 0, 0, time.UTC).Add(time.Duration(i) * (2*time.Hour + 47*time.Minute))
	caps := []struct {
		p sitegen.Page
		t time.Time
	}{{site.Page(i), first}}
	if i%10 == 0 {
		caps = append(caps, struct {
			p sitegen.Page
			t time.Time
		}{site.Capture(i, 5, 1), first.Add(72 * time.Hour)})
	}
	var out []archive.Fetch
	for _, c := range caps {
		pr, err := in.Prepare(ingest.Exchange{
			URL: c.p.URL, Status: http.StatusOK, Time: c.t, Body: c.p.HTML, Expect: ingest.ExpectArticle,
			Request: http.Header{"User-Agent": {"newsarchive-membench"}},
			Header:  http.Header{"Content-Type": {"text/html; charset=utf-8"}},
		})
		if err != nil {
			return nil, err
		}
		if len(pr.Fetches) == 0 || pr.Fetches[0].Content == nil {
			return nil, fmt.Errorf("page %d: no article extracted", i)
		}
		if i%2 == 1 {
			olderExtractor(&pr.Fetches[0])
		}
		out = append(out, pr.Fetches...)
	}
	return out, nil
}

// olderExtractor makes a capture's content what a worse extractor gave: the last paragraph
// (the byline) missing. reparse puts it back.
func olderExtractor(f *archive.Fetch) {
	c := *f.Content
	if i := strings.LastIndex(c.Text, "\n\n"); i > 0 {
		c.Text = c.Text[:i]
	}
	f.Content = &c
}

// copyArchive copies a database and its segment directory to dst.
func copyArchive(src, dst string) error {
	if err := copyFile(src, dst); err != nil {
		return err
	}
	segs, err := os.ReadDir(archive.SegmentDir(src))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(archive.SegmentDir(dst), 0o755); err != nil {
		return err
	}
	for _, e := range segs {
		if err := copyFile(filepath.Join(archive.SegmentDir(src), e.Name()), filepath.Join(archive.SegmentDir(dst), e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
