package crawler

import (
	"net/http"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
)

// ContentOf is the part of an extracted article the archive compares and keeps.
func ContentOf(a *parse.Article) *archive.Content {
	return &archive.Content{
		Title: a.Title, Published: a.Published.String(), Author: a.Author, Lead: a.Lead, Text: a.Text(),
	}
}

// ToFetch turns a response and its extracted article (nil when there is none) into what the
// archive stores under key.
func ToFetch(resp *Response, a *parse.Article, key, site string) archive.Fetch {
	f := archive.Fetch{
		URL: key, Site: site, Time: resp.Fetched, Status: resp.Status,
		Request: resp.Request, Response: resp.Header,
	}
	if resp.URL != key {
		f.FetchURL = resp.URL
	}
	if resp.FinalURL != key {
		f.FinalURL = resp.FinalURL
	}
	if resp.Status == http.StatusOK {
		f.Body = resp.Body
		if a != nil {
			f.Content = ContentOf(a)
		}
	}
	return f
}
