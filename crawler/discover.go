package crawler

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/newsarchive/newsarchive/parse"
)

// maxLinks bounds what one document may add to the frontier: a sitemap or feed of millions of
// URLs, or a page of endless links, is read only this far.
const maxLinks = 50000

// link is a URL found while discovering, with what the source said of it.
type link struct {
	URL string
	// Title is the anchor or item text, to notice a listing showing a changed title.
	Title string
	// Updated is a sitemap <lastmod> or a feed item's update time; zero when not given.
	Updated time.Time
}

// pageLinks returns the http(s) links of an HTML page, resolved against its <base href> when it
// has one (the migrated Đồng Khởi host renders one pointing at the new host).
func pageLinks(body []byte, pageURL, contentType string) []link {
	ls := parse.Links(body, pageURL, contentType)
	out := make([]link, len(ls))
	for i, l := range ls {
		out[i] = link{URL: l.URL, Title: l.Text}
	}
	return out
}

// feedLinks reads an RSS or Atom feed.
func feedLinks(body []byte) ([]link, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	var out []link
	for _, it := range f.Items {
		if len(out) >= maxLinks {
			break
		}
		l := link{URL: strings.TrimSpace(it.Link), Title: parse.Clean(it.Title)}
		switch {
		case it.UpdatedParsed != nil:
			l.Updated = *it.UpdatedParsed
		case it.PublishedParsed != nil:
			l.Updated = *it.PublishedParsed
		}
		if l.URL != "" {
			out = append(out, l)
		}
	}
	return out, nil
}

// sitemapLinks reads a sitemap or sitemap index with a streaming decoder, so a sitemap of
// millions of URLs costs memory for maxLinks at most. index reports a sitemap index, whose links
// are further sitemaps.
func sitemapLinks(body []byte) (links []link, index bool, err error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	// Entities beyond the XML five are not expanded: no billion laughs.
	d.Entity = map[string]string{}
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var cur *link
	var field string
	for len(links) < maxLinks {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return links, index, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "sitemapindex":
				index = true
			case "url", "sitemap":
				cur = &link{}
			case "loc", "lastmod":
				field = t.Name.Local
			}
		case xml.CharData:
			if cur == nil {
				continue
			}
			s := strings.TrimSpace(string(t))
			switch field {
			case "loc":
				cur.URL += s
			case "lastmod":
				if d, ok := parse.ParseDate(s); ok {
					cur.Updated = d.Time
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "url", "sitemap":
				if cur != nil && cur.URL != "" {
					links = append(links, *cur)
				}
				cur = nil
			case "loc", "lastmod":
				field = ""
			}
		}
	}
	return links, index, nil
}

// acceptFeed reads feeds and sitemaps served as any XML or text type, or as a gzip file or
// octet stream (sitemap.xml.gz): the fetcher has unpacked those already.
func acceptFeed(ct string) bool {
	ct = strings.ToLower(ct)
	return ct == "" || strings.Contains(ct, "xml") || strings.Contains(ct, "rss") || strings.Contains(ct, "atom") || strings.HasPrefix(ct, "text/") ||
		strings.Contains(ct, "gzip") || strings.HasPrefix(ct, "application/octet-stream")
}

// maxSitemapDepth bounds sitemap indexes within sitemap indexes: the protocol has one level (an
// index lists sitemaps); three allows for odd sites, and stops an index that lists itself under
// ever new names.
const maxSitemapDepth = 3

// sitemapChild is the task for a sitemap an index lists, one level deeper than the index (the
// level is kept in task.page, unused for sitemaps), or false when that is past maxSitemapDepth.
func sitemapChild(index task, l link) (task, bool) {
	if index.page+1 > maxSitemapDepth {
		return task{}, false
	}
	return task{url: l.URL, kind: kindSitemap, depth: index.depth, page: index.page + 1}, true
}
