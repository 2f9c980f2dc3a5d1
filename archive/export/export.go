package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
)

// Options select what is exported.
type Options struct {
	// Site keeps only pages of this site; empty keeps all.
	Site string
	// Since keeps only versions fetched at or after it (with AllVersions), or pages whose latest
	// version was (without); zero keeps all.
	Since time.Time
	// AllVersions exports every version, not only the latest.
	AllVersions bool
	// Progress, when set, is called as items are written, with the count so far and the total.
	Progress func(done, total int)
}

func (o Options) progress(done, total int) {
	if o.Progress != nil {
		o.Progress(done, total)
	}
}

// Item is one exported article version.
type Item struct {
	Page    archive.Page
	Version archive.Version
	Text    string
}

// FileID names a page in exports: the first 16 hex digits of the sha256 of its canonical URL,
// stable across runs and never derived from page content.
func FileID(url string) string {
	sum := sha256.Sum256([]byte(url))
	return hex.EncodeToString(sum[:8])
}

// Document renders an item as the text export prints it: title, date line, then the body, with
// blank lines between, ending in a newline — the form parse.Article.Document gives at extraction.
func Document(it Item) string {
	date := ""
	if d, ok := parse.ParseDate(it.Version.Published); ok {
		date = d.DateLine()
	}
	var parts []string
	for _, s := range []string{it.Version.Title, date, it.Text} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n\n") + "\n"
}

// collect reads the selected items, ordered by publication date (then URL and version), so
// numbered files follow the order the articles appeared in.
func collect(ctx context.Context, s *archive.Store, opts Options) ([]Item, error) {
	var items []Item
	err := s.ForEach(ctx, func(e archive.Entry) error {
		if (opts.Site != "" && e.Page.Site != opts.Site) || !e.Page.Kind.IsArticle() {
			return nil // text and JSON Lines hold articles; hubs and resources go to WARC only
		}
		vs := e.Versions
		if !opts.AllVersions && len(vs) > 0 {
			vs = vs[len(vs)-1:]
		}
		for _, v := range vs {
			if !opts.Since.IsZero() && v.Fetched.Before(opts.Since) {
				continue
			}
			text, err := e.Text(v)
			if err != nil {
				return err
			}
			items = append(items, Item{Page: e.Page, Version: v, Text: text})
		}
		return nil
	})
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Version.Published != b.Version.Published {
			return sortDate(a) < sortDate(b)
		}
		if a.Page.URL != b.Page.URL {
			return a.Page.URL < b.Page.URL
		}
		return a.Version.N < b.Version.N
	})
	return items, err
}

// sortDate orders by publication time, undated articles by when they were first seen.
func sortDate(it Item) string {
	if d, ok := parse.ParseDate(it.Version.Published); ok {
		return d.Time.UTC().Format(time.RFC3339)
	}
	return it.Page.FirstSeen.UTC().Format(time.RFC3339)
}
