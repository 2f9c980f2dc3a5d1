package ingest

import (
	"context"
	"iter"
	"net/http"
	"runtime"
	"sync"

	"github.com/newsarchive/newsarchive/archive"
)

// ReparseStore is what Reparse needs of the archive: the stored captures to extract again,
// their HTML, and the write path for what came out. *archive.Store is one.
type ReparseStore interface {
	ArticleCaptures(ctx context.Context, site string) iter.Seq2[archive.CaptureRef, error]
	Blobs(ctx context.Context, ids []string) iter.Seq2[archive.Blob, error]
	PutExtractions(ctx context.Context, es []archive.Extraction) (int, error)
}

// ReparseSummary counts what Reparse did.
type ReparseSummary struct {
	// Captures were extracted again; Pages had their history changed by it; Failed could not be
	// extracted.
	Captures, Pages, Failed int
}

// reparseChunk is how many captures are read, extracted and written at a time: memory stays
// bounded whatever the archive's size.
const reparseChunk = 64

// Reparse extracts every stored primary capture of a site's articles ("" for all sites) again,
// through the same Prepare as a crawl, and derives the pages' histories again from the new
// content: an improved extractor or profile corrects the archive without a fetch and without
// inventing versions the publisher never made. progress, when set, is called after each chunk.
//
// Captures stream from the archive (archive.Store.ArticleCaptures) and are written back
// reparseChunk at a time, each chunk one transaction: memory does not grow with the archive.
// When progress is set, the captures are counted first, in a walk of their own.
func Reparse(ctx context.Context, store ReparseStore, in *Ingester, site string, progress func(done, total int)) (ReparseSummary, error) {
	var sum ReparseSummary
	total := 0
	if progress != nil {
		for _, err := range store.ArticleCaptures(ctx, site) {
			if err != nil {
				return sum, err
			}
			total++
		}
	}
	chunk := make([]archive.CaptureRef, 0, reparseChunk)
	flush := func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		es, failed, err := extractChunk(ctx, store, in, chunk)
		if err != nil {
			return err
		}
		n, err := store.PutExtractions(context.WithoutCancel(ctx), es)
		if err != nil {
			return err
		}
		sum.Captures += len(chunk)
		sum.Failed += failed
		sum.Pages += n
		if progress != nil {
			progress(sum.Captures, max(total, sum.Captures))
		}
		chunk = chunk[:0]
		return nil
	}
	for r, err := range store.ArticleCaptures(ctx, site) {
		if err != nil {
			return sum, err
		}
		if chunk = append(chunk, r); len(chunk) == reparseChunk {
			if err := flush(); err != nil {
				return sum, err
			}
		}
	}
	if len(chunk) > 0 {
		if err := flush(); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// extractChunk reads a chunk's HTML and extracts the captures on every core; the extractions
// come back in the chunk's order of first use of each HTML blob.
func extractChunk(ctx context.Context, store ReparseStore, in *Ingester, chunk []archive.CaptureRef) ([]archive.Extraction, int, error) {
	byBlob := map[string][]archive.CaptureRef{}
	var ids []string
	for _, r := range chunk {
		if _, ok := byBlob[r.HTMLBlob]; !ok {
			ids = append(ids, r.HTMLBlob)
		}
		byBlob[r.HTMLBlob] = append(byBlob[r.HTMLBlob], r)
	}
	results := make([][]*archive.Extraction, len(ids))
	jobs := make(chan int)
	htmls := make([][]byte, len(ids))
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(ids)) {
		wg.Go(func() {
			for k := range jobs {
				results[k] = extractBlob(in, ids[k], htmls[k], byBlob[ids[k]])
				htmls[k] = nil
			}
		})
	}
	err := feedBlobs(ctx, store, ids, htmls, jobs)
	close(jobs)
	wg.Wait()
	if err != nil {
		return nil, 0, err
	}
	var es []archive.Extraction
	failed := 0
	for _, rs := range results {
		for _, e := range rs {
			if e == nil {
				failed++
				continue
			}
			es = append(es, *e)
		}
	}
	return es, failed, nil
}

// feedBlobs reads the blobs ids name into htmls and hands each one's index to jobs as it
// arrives.
func feedBlobs(ctx context.Context, store ReparseStore, ids []string, htmls [][]byte, jobs chan<- int) error {
	k := 0
	for b, err := range store.Blobs(ctx, ids) {
		if err != nil {
			return err
		}
		htmls[k] = b.Data
		jobs <- k
		k++
	}
	return nil
}

// extractBlob extracts the captures that stored one HTML blob; nil marks one that failed.
func extractBlob(in *Ingester, id string, html []byte, refs []archive.CaptureRef) []*archive.Extraction {
	out := make([]*archive.Extraction, len(refs))
	for i, r := range refs {
		pr, err := in.Prepare(Exchange{
			URL: r.FinalURL, Status: http.StatusOK, Header: http.Header{"Content-Type": {r.ContentType}},
			Body: html, Time: r.Time, Expect: ExpectArticle, AsPrimary: true,
		})
		if err != nil || len(pr.Fetches) == 0 {
			continue
		}
		out[i] = &archive.Extraction{URL: r.Page.URL, Time: r.Time, HTMLBlob: id, Content: pr.Fetches[0].Content, Gone: pr.Gone}
	}
	return out
}
