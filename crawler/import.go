package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/archive/warc"
	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/parse"
)

// ImportSummary counts what an import did.
type ImportSummary struct {
	Records, Responses, New, NewVersions, Unchanged, Skipped, Failed int
}

// Import reads a WARC file (newsarchive's or another crawler's: Heritrix, Zeno, wget, warcio)
// and archives its HTML responses as captures, extracted like crawled pages. A page's site is the
// configured site that allows its URL, else its host. Request records paired with responses
// (WARC-Concurrent-To) give the request headers. Revisits and non-HTML responses are skipped.
func Import(ctx context.Context, r io.Reader, store *archive.Store, cfg *config.Config, x *parse.Extractor) (ImportSummary, error) {
	var sum ImportSummary
	rd, err := warc.NewReader(r)
	if err != nil {
		return sum, fmt.Errorf("crawler: import: %w", err)
	}
	requests := map[string]http.Header{} // record id → request headers
	var batch []archive.Fetch
	flush := func() error {
		rs, err := store.PutBatch(context.WithoutCancel(ctx), batch)
		batch = batch[:0]
		for _, r := range rs {
			switch r.Outcome {
			case archive.New:
				sum.New++
			case archive.NewVersion:
				sum.NewVersions++
			case archive.Unchanged:
				sum.Unchanged++
			default:
				sum.Skipped++
			}
		}
		return err
	}
	for {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return sum, fmt.Errorf("crawler: import: record %d: %w", sum.Records+1, err)
		}
		sum.Records++
		switch rec.Type {
		case "request":
			if _, _, h, _, err := rec.HTTPRequest(); err == nil {
				for _, id := range rec.Header.Values("WARC-Concurrent-To") {
					requests[id] = h
				}
				requests[rec.ID()] = h
			}
			continue
		case "response":
		default:
			continue
		}
		sum.Responses++
		f, ok := importFetch(rec, requests, cfg, x)
		if !ok {
			sum.Skipped++
			continue
		}
		batch = append(batch, f)
		if len(batch) == 64 {
			if err := flush(); err != nil {
				return sum, err
			}
		}
	}
	return sum, flush()
}

// importFetch turns a response record into a fetch for the archive; false for what is no page.
func importFetch(rec *warc.Record, requests map[string]http.Header, cfg *config.Config, x *parse.Extractor) (archive.Fetch, bool) {
	status, header, body, err := rec.HTTPResponse()
	target := rec.TargetURI()
	if err != nil || target == "" || !isHTML(header.Get("Content-Type")) {
		return archive.Fetch{}, false
	}
	at, err := rec.Date()
	if err != nil {
		at = time.Now()
	}
	var site *config.Site
	for _, s := range cfg.Sites {
		if s.AllowsURL(target) {
			site = s
			break
		}
	}
	resp := &Response{URL: target, FinalURL: target, Status: status, Header: header, Body: body, Fetched: at, Request: requests[rec.ID()]}
	if resp.Request == nil {
		for _, id := range rec.Header.Values("WARC-Concurrent-To") {
			if h, ok := requests[id]; ok {
				resp.Request = h
			}
		}
	}
	key, err := archive.Canonicalize(target)
	if err != nil {
		return archive.Fetch{}, false
	}
	siteName := hostOf(key)
	var a *parse.Article
	if status == http.StatusOK {
		page := parse.Page{HTML: body, URL: target, ContentType: header.Get("Content-Type")}
		if site != nil {
			siteName, page.Profile = site.Name, site.Profile
		}
		art, err := x.Extract(page)
		if err != nil {
			return archive.Fetch{}, false
		}
		a = &art
		if k, err := PageKey(target, art.Canonical, nil); err == nil {
			key = k
		}
	}
	return ToFetch(resp, a, key, siteName), true
}

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Host
}
