package crawler

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/ingest"
)

func (r *siteRun) readFeed(resp *Response, t task) {
	r.keep(resp, t, ingest.ExpectResource)
	links, err := feedLinks(resp.Body)
	if err != nil {
		r.sum.add(func(s *Summary) { s.Errors[FailBadFeed]++ })
		r.c.log.Warn("unreadable feed", "url", t.url, "err", err)
		return
	}
	r.follow(links, t.depth, t.url, t.seed && (t.kind == kindListing || t.kind == kindOther))
}

func (r *siteRun) readSitemap(resp *Response, t task) {
	r.keep(resp, t, ingest.ExpectResource)
	links, index, err := sitemapLinks(resp.Body)
	if err != nil && len(links) == 0 {
		r.sum.add(func(s *Summary) { s.Errors[FailBadSitemap]++ })
		r.c.log.Warn("unreadable sitemap", "url", t.url, "err", err)
		return
	}
	if index {
		for _, l := range links {
			child, ok := sitemapChild(t, l)
			if !ok {
				r.sum.add(func(s *Summary) { s.Errors[FailSitemapDepth]++ })
				r.c.log.Warn("sitemap index nested too deep", "url", t.url, "max", maxSitemapDepth)
				break
			}
			r.add(child, false)
		}
		return
	}
	r.follow(links, t.depth, t.url, t.seed && (t.kind == kindListing || t.kind == kindOther))
}

// readListing follows a listing's links and queues its next page while pages bring something
// new (on a full run, while they list anything, to the backfill depth).
func (r *siteRun) readListing(resp *Response, t task) {
	r.keep(resp, t, ingest.ExpectHub)
	links := pageLinks(resp.Body, resp.FinalURL, resp.Header.Get("Content-Type"))
	fresh, articles := 0, 0
	var sig strings.Builder
	for _, l := range links {
		key, err := archive.Canonicalize(l.URL)
		if err != nil || !r.site.IsArticle(key) || !r.inScope(key) {
			continue
		}
		articles++
		sig.WriteString(key + " ")
		// Fresh means new to the archive: links another listing showed earlier in this run still
		// count, or a section sharing its first page with the home page would stop paging.
		if _, archived := r.index[r.archivedAs(r.unalias(key))]; !archived {
			fresh++
		}
	}
	r.mu.Lock()
	repeated := articles > 0 && r.lastPage[t.listing] == sig.String()
	r.lastPage[t.listing] = sig.String()
	r.mu.Unlock()
	if repeated {
		return // a site that ignores the page parameter shows the same page again
	}
	newArticles := r.follow(links, t.depth, t.url, t.seed && (t.kind == kindListing || t.kind == kindOther))
	if !t.seed {
		r.judgeShape(t.shapeURL(), false, newArticles)
	}
	pg := r.site.Pagination
	if pg.Param == "" || resp.Status != http.StatusOK {
		return
	}
	limit, more := pg.MaxPages, fresh > 0
	if r.c.opts.Full {
		limit, more = max(pg.MaxPages, pg.BackfillPages), articles > 0
	}
	if !more || (limit > 0 && t.page >= limit) {
		return
	}
	next, err := pageURL(t.listing, pg.Param, t.page+1)
	if err != nil {
		return
	}
	// A listing reached by a link pages under its first page's trap budget; a configured one
	// pages freely.
	r.add(task{url: next, kind: kindListing, depth: t.depth, page: t.page + 1, listing: t.listing}, t.seed)
}

// pageURL sets a listing's page parameter.
func pageURL(listing, param string, n int) (string, error) {
	u, err := url.Parse(listing)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set(param, strconv.Itoa(n))
	u.RawQuery = q.Encode()
	return archive.Canonicalize(u.String())
}

// readPage hands an article or unknown page to the ingest stage, stores what it makes of it,
// goes to the page itself when this was an alternate rendering, and follows the page's links.
func (r *siteRun) readPage(resp *Response, t task) {
	if resp.Status == http.StatusNotFound || resp.Status == http.StatusGone {
		if _, archived := r.index[t.url]; !archived {
			// A broken link, not a failing server: recorded, not charged to the error budget.
			kind := brokenLink(resp.Status)
			r.sum.add(func(s *Summary) { s.Errors[kind]++ })
			r.c.log.Info("broken link", "site", r.site.Name, "url", t.url, "status", resp.Status)
			r.remember(t.url, kind, nil)
			return
		}
	}
	expect := ingest.ExpectUnknown
	if t.kind == kindArticle {
		expect = ingest.ExpectArticle
	}
	pr, err := r.c.in.Prepare(r.exchange(resp, t, expect))
	if err != nil {
		r.sum.add(func(s *Summary) { s.Errors[FailExtract]++ })
		r.c.log.Warn("extraction failed", "url", t.url, "err", err)
		return
	}
	article := pr.Kind.IsArticle() && pr.Role == archive.RolePrimary && pr.Gone == ""
	if article && t.kind == kindOther {
		r.sum.add(func(s *Summary) { s.Found++ })
	}
	r.storePrepared(pr)
	if article && pr.Article != nil && r.site.Images {
		r.addImages(pr.Article.Images, t.depth)
	}
	if pr.Primary != "" {
		r.learnAlternate(t.url, pr.Primary)
		if _, archived := r.index[pr.Primary]; !archived {
			r.add(task{url: pr.Primary, kind: kindArticle, depth: t.depth, asPrimary: true}, true)
		}
	}
	newArticles := 0
	if pr.Article != nil {
		links := make([]link, len(pr.Article.Links))
		for i, l := range pr.Article.Links {
			links[i] = link{URL: l.URL, Title: l.Text}
		}
		newArticles = r.follow(links, t.depth, t.url, t.seed && (t.kind == kindListing || t.kind == kindOther))
	}
	if !t.seed && t.kind == kindOther {
		r.judgeShape(t.url, article || pr.Role != archive.RolePrimary, newArticles)
	}
}

// keep stores a hub or resource fetched for its links, so a replay can walk the site.
func (r *siteRun) keep(resp *Response, t task, expect ingest.Expect) {
	pr, err := r.c.in.Prepare(r.exchange(resp, t, expect))
	if err != nil {
		r.c.log.Debug("not kept", "url", t.url, "err", err)
		return
	}
	r.storePrepared(pr)
}

// exchange is a response as the ingest stage takes it.
func (r *siteRun) exchange(resp *Response, t task, expect ingest.Expect) ingest.Exchange {
	ex := ingest.Exchange{
		URL: resp.URL, FinalURL: resp.FinalURL, Status: resp.Status, Request: resp.Request, Header: resp.Header,
		Body: resp.Body, Time: resp.Fetched, Expect: expect, Links: expect != ingest.ExpectResource && expect != ingest.ExpectHub,
		AsPrimary: t.asPrimary,
	}
	for _, h := range resp.Hops {
		if h.Status >= 300 && h.Status < 400 {
			ex.Hops = append(ex.Hops, ingest.Hop{URL: h.URL, Status: h.Status, Request: h.Request, Header: h.Response})
		}
	}
	return ex
}

// storePrepared hands an exchange's captures to the storer and counts the first one's outcome
// when it is committed.
func (r *siteRun) storePrepared(pr ingest.Prepared) {
	for i, f := range pr.Fetches {
		if i > 0 {
			r.st.put(f, r.countStoreError)
			continue
		}
		r.storeFetch(f)
	}
}

func (r *siteRun) countStoreError(_ archive.Result, err error) {
	if err != nil {
		r.sum.add(func(s *Summary) { s.Errors[FailStore]++ })
	}
}

// storeFetch hands a fetch to the storer and counts its outcome when it is committed.
func (r *siteRun) storeFetch(f archive.Fetch) {
	r.st.put(f, func(res archive.Result, err error) {
		if err != nil {
			r.trace("not stored", f.URL, "err", err)
		} else {
			r.trace("stored", f.URL, "outcome", res.Outcome.String(), "version", res.Version, "kind", string(f.Kind), "role", string(f.Role), "gone", f.Gone)
		}
		r.sum.add(func(s *Summary) {
			if err != nil {
				s.Errors[FailStore]++
				return
			}
			switch res.Outcome {
			case archive.OutcomeNew:
				s.New++
			case archive.OutcomeNewVersion:
				s.NewVersions++
			case archive.OutcomeUnchanged:
				s.Unchanged++
			case archive.OutcomeNotModified:
				s.NotModified++
			case archive.OutcomeGone:
				s.Gone++
			case archive.OutcomeCaptured, archive.OutcomeDuplicate, archive.OutcomeEarlier:
				s.Kept++
			}
		})
	})
}
