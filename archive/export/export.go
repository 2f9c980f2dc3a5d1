package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
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
	// TempDir is where a large selection spills its sorted runs between the export's two passes
	// (a few MB for every 65,536 versions); empty: the system's temporary directory.
	TempDir string
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

// fileID names a page in exports: the first 16 hex digits of the sha256 of its canonical URL,
// stable across runs and never derived from page content.
func fileID(url string) string {
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

// readChunk is how many versions the second pass of an export reads, with their texts, per read
// transaction.
const readChunk = 128

// selectVersions is an export's first pass: it walks the archive's pages in bounded chunks
// (archive.Store.Entries) and keeps the selected versions, in export order (cmpRef), so
// numbered files follow the order the articles appeared in. The caller closes the selection.
func selectVersions(ctx context.Context, s *archive.Store, opts Options) (*selection, error) {
	return selectInto(ctx, s, opts, newSelection(opts.TempDir))
}

// selectInto is selectVersions into sel, whose run size tests choose.
func selectInto(ctx context.Context, s *archive.Store, opts Options, sel *selection) (*selection, error) {
	for e, err := range s.Entries(ctx, opts.Site) {
		if err == nil {
			err = sel.addEntry(e, opts)
		}
		if err != nil {
			sel.close()
			return nil, err
		}
	}
	return sel, nil
}

// addEntry adds the versions of a page that opts select.
func (sel *selection) addEntry(e archive.PageVersions, opts Options) error {
	if !e.Page.Kind.IsArticle() {
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
		if err := sel.add(ref{url: e.Page.URL, n: v.N, sortDate: sortDate(Item{Page: e.Page, Version: v})}); err != nil {
			return err
		}
	}
	return nil
}

// each is an export's second pass: it reads the selected versions with their pages and texts,
// readChunk at a time, and calls fn with each and its place in the selection. A version a
// reparse removed since the first pass is skipped. Errors of fn are returned as they are.
func (sel *selection) each(ctx context.Context, s *archive.Store, fn func(i int, it Item) error) error {
	return sel.eachChunked(ctx, s, readChunk, fn)
}

// eachChunked is each with read transactions of size versions.
func (sel *selection) eachChunked(ctx context.Context, s *archive.Store, size int, fn func(i int, it Item) error) error {
	chunk, start := make([]ref, 0, size), 0
	for r, err := range sel.refs() {
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if chunk = append(chunk, r); len(chunk) == size {
			if err := readVersions(ctx, s, start, chunk, fn); err != nil {
				return err
			}
			start, chunk = start+len(chunk), chunk[:0]
		}
	}
	if len(chunk) == 0 {
		return nil
	}
	return readVersions(ctx, s, start, chunk, fn)
}

// readVersions reads the versions of chunk, the selection's from start on, in one transaction,
// and calls fn with each.
func readVersions(ctx context.Context, s *archive.Store, start int, chunk []ref, fn func(i int, it Item) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	want := make([]archive.VersionRef, len(chunk))
	for k, r := range chunk {
		want[k] = archive.VersionRef{URL: r.url, N: r.n}
	}
	got, err := s.ReadVersions(ctx, want)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	k := 0
	for _, vt := range got {
		for chunk[k].url != vt.Page.URL || chunk[k].n != vt.Version.N {
			k++
		}
		if err := fn(start+k, Item{Page: vt.Page, Version: vt.Version, Text: vt.Text}); err != nil {
			return err
		}
		k++
	}
	return nil
}

// sortDate orders by publication time, undated articles by when they were first seen.
func sortDate(it Item) string {
	if d, ok := parse.ParseDate(it.Version.Published); ok {
		return d.Time.UTC().Format(time.RFC3339)
	}
	return it.Page.FirstSeen.UTC().Format(time.RFC3339)
}
