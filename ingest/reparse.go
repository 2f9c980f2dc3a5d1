package ingest

import (
	"context"
	"net/http"

	"github.com/newsarchive/newsarchive/archive"
)

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
func Reparse(ctx context.Context, store *archive.Store, in *Ingester, site string, progress func(done, total int)) (ReparseSummary, error) {
	var sum ReparseSummary
	refs, err := store.ArticleCaptures(ctx, site)
	if err != nil {
		return sum, err
	}
	for start := 0; start < len(refs); start += reparseChunk {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		chunk := refs[start:min(start+reparseChunk, len(refs))]
		es, failed, err := extractChunk(ctx, store, in, chunk)
		if err != nil {
			return sum, err
		}
		n, err := store.PutExtractions(context.WithoutCancel(ctx), es)
		if err != nil {
			return sum, err
		}
		sum.Captures += len(chunk)
		sum.Failed += failed
		sum.Pages += n
		if progress != nil {
			progress(start+len(chunk), len(refs))
		}
	}
	return sum, nil
}

// extractChunk reads a chunk's HTML in one read transaction and extracts each capture.
func extractChunk(ctx context.Context, store *archive.Store, in *Ingester, chunk []archive.CaptureRef) ([]archive.Extraction, int, error) {
	byBlob := map[string][]archive.CaptureRef{}
	var ids []string
	for _, r := range chunk {
		if _, ok := byBlob[r.HTMLBlob]; !ok {
			ids = append(ids, r.HTMLBlob)
		}
		byBlob[r.HTMLBlob] = append(byBlob[r.HTMLBlob], r)
	}
	var es []archive.Extraction
	failed := 0
	err := store.Blobs(ctx, ids, func(id string, html []byte) error {
		for _, r := range byBlob[id] {
			pr, err := in.Prepare(Exchange{
				URL: r.FinalURL, Status: http.StatusOK, Header: http.Header{"Content-Type": {r.ContentType}},
				Body: html, Time: r.Time, Expect: ExpectArticle, AsPrimary: true,
			})
			if err != nil || len(pr.Fetches) == 0 {
				failed++
				continue
			}
			es = append(es, archive.Extraction{URL: r.Page.URL, Time: r.Time, HTMLBlob: id, Content: pr.Fetches[0].Content, Gone: pr.Gone})
		}
		return nil
	})
	return es, failed, err
}
