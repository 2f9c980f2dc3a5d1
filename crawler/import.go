package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/archive/warc"
	"github.com/newsarchive/newsarchive/ingest"
)

// ImportSummary counts what an import did.
type ImportSummary struct {
	Records, Responses, New, NewVersions, Unchanged, Earlier, Duplicate, Captured, Skipped, Failed int
}

// ErrEmptyImport means a WARC file held no record at all. Import's errors carry no package
// prefix: the import command shows them to the user after the file's name.
var ErrEmptyImport = errors.New("the file holds no WARC records")

// maxPendingRequests bounds the request headers held while waiting for their responses: a WARC
// writes a request next to its response, so a short memory suffices and a hostile file cannot
// fill memory with them.
const maxPendingRequests = 256

// Import reads a WARC file (newsarchive's or another crawler's: Heritrix, Zeno, wget, warcio)
// and archives its responses through the ingest stage, as a crawl would: HTML pages as articles,
// hubs or alternates, robots.txt, sitemaps and feeds as resources, redirects as hops. Captures
// take their place in each page's timeline by their WARC-Date, so importing an older crawl into
// a newer archive leaves every latest version as it was, and importing a file twice adds
// nothing. Revisit records and other content types are skipped. Records read before a damaged
// one are stored.
//
// warn, when set, is told of each damaged record skipped.
func Import(ctx context.Context, r io.Reader, store Putter, in *ingest.Ingester, warn func(error)) (ImportSummary, error) {
	var sum ImportSummary
	rd, err := warc.NewReader(r)
	if err != nil {
		return sum, fmt.Errorf("open the WARC file: %w", err)
	}
	requests := map[string]http.Header{} // record id → request headers
	var batch []archive.Fetch
	flush := func() error {
		rs, err := store.PutBatch(context.WithoutCancel(ctx), batch)
		batch = batch[:0]
		for _, r := range rs {
			sum.count(r.Outcome)
		}
		return err
	}
	for {
		if err := ctx.Err(); err != nil {
			return sum, errors.Join(err, flush())
		}
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var damaged *warc.RecordError
		if errors.As(err, &damaged) || errors.Is(err, warc.ErrRecordTooLarge) {
			// One damaged or oversized record costs itself, not the file: say so and go on.
			sum.Failed++
			if warn != nil {
				warn(err)
			}
			continue
		}
		if errors.Is(err, warc.ErrEmpty) {
			return sum, errors.Join(ErrEmptyImport, flush())
		}
		if err != nil {
			return sum, errors.Join(fmt.Errorf("record %d: %w", sum.Records+1, err), flush())
		}
		sum.Records++
		switch rec.Type {
		case "request":
			rememberRequest(requests, rec)
			continue
		case "response":
		default:
			continue
		}
		sum.Responses++
		ex, ok := importExchange(rec, requests)
		if !ok {
			sum.Skipped++
			continue
		}
		pr, err := in.Prepare(ex)
		if err != nil || len(pr.Fetches) == 0 {
			sum.Skipped++
			continue
		}
		batch = append(batch, pr.Fetches...)
		if len(batch) >= 64 {
			if err := flush(); err != nil {
				return sum, err
			}
		}
	}
	if err := flush(); err != nil {
		return sum, err
	}
	if sum.Records == 0 {
		return sum, ErrEmptyImport
	}
	return sum, nil
}

func (s *ImportSummary) count(o archive.Outcome) {
	switch o {
	case archive.OutcomeNew:
		s.New++
	case archive.OutcomeNewVersion:
		s.NewVersions++
	case archive.OutcomeUnchanged, archive.OutcomeNotModified, archive.OutcomeGone:
		s.Unchanged++
	case archive.OutcomeEarlier:
		s.Earlier++
	case archive.OutcomeDuplicate:
		s.Duplicate++
	case archive.OutcomeCaptured:
		s.Captured++
	default:
		s.Skipped++
	}
}

func rememberRequest(requests map[string]http.Header, rec *warc.Record) {
	_, _, h, _, err := rec.HTTPRequest()
	if err != nil {
		return
	}
	if len(requests) >= maxPendingRequests {
		clear(requests)
	}
	for _, id := range rec.Header.Values("WARC-Concurrent-To") {
		requests[id] = h
	}
	requests[rec.ID()] = h
}

// importExchange turns a response record into an exchange; false for what is no page, crawl
// resource or image (scripts, styles, fonts: not archived).
func importExchange(rec *warc.Record, requests map[string]http.Header) (ingest.Exchange, bool) {
	status, header, body, err := rec.HTTPResponse()
	target := rec.TargetURI()
	if err != nil || target == "" {
		return ingest.Exchange{}, false
	}
	at, err := rec.Date()
	if err != nil {
		at = time.Now()
	}
	ex := ingest.Exchange{URL: target, Status: status, Header: header, Body: body, Time: at, Request: requests[rec.ID()]}
	if ex.Request == nil {
		for _, id := range rec.Header.Values("WARC-Concurrent-To") {
			if h, ok := requests[id]; ok {
				ex.Request = h
			}
		}
	}
	delete(requests, rec.ID())
	ct := header.Get("Content-Type")
	switch {
	case status >= 300 && status < 400, status == http.StatusNotFound, status == http.StatusGone:
	case isHTML(ct):
	case isResource(target, ct):
		ex.Expect = ingest.ExpectResource
	case isImage(ct):
		ex.Expect = ingest.ExpectImage
	default:
		return ingest.Exchange{}, false
	}
	return ex, true
}

// isResource reports robots.txt, sitemaps and feeds.
func isResource(target, contentType string) bool {
	ct := strings.ToLower(contentType)
	return strings.HasSuffix(target, "/robots.txt") || strings.Contains(ct, "xml") || strings.Contains(ct, "rss") || strings.Contains(ct, "atom")
}
