package search

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
)

// Opener opens the archive for reading. CatchUp calls it once per chunk of pages and closes the
// store after, so a crawl writing the database gets it back between chunks.
type Opener func(ctx context.Context) (*archive.Store, error)

// chunkPages is how many changed pages CatchUp indexes per archive open and index batch.
const chunkPages = 500

// Progress reports what CatchUp did.
type Progress struct {
	// Pages is how many pages the archive holds; Changed how many had versions the index lacked.
	Pages, Changed int
	// Indexed counts the version documents written.
	Indexed int
}

// stale is a page whose versions in the index differ from the archive's.
type stale struct {
	url     string
	site    string
	indexed int // versions the index holds
	want    int // versions the archive holds
	hub     bool
}

// CatchUp brings the index level with the archive: every page whose version count differs from
// what the index recorded gets its missing versions indexed, and its previous latest version
// re-marked. progress, when set, is called after each chunk.
func (ix *Index) CatchUp(ctx context.Context, open Opener, progress func(Progress)) (Progress, error) {
	var pr Progress
	todo, err := ix.staleRecords(ctx, open, &pr)
	if err != nil {
		return pr, err
	}
	pr.Changed = len(todo)
	for len(todo) > 0 {
		n := min(chunkPages, len(todo))
		added, err := ix.indexChunk(ctx, open, todo[:n])
		pr.Indexed += added
		if err != nil {
			return pr, err
		}
		todo = todo[n:]
		if progress != nil {
			progress(pr)
		}
	}
	return pr, nil
}

// staleRecords lists the pages whose version count differs from the index's, in one archive
// read.
func (ix *Index) staleRecords(ctx context.Context, open Opener, pr *Progress) ([]stale, error) {
	store, err := open(ctx)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	var todo []stale
	err = ix.counts.view(func(indexed func(string) int) error {
		return store.Pages(ctx, "", func(p archive.Page) error {
			pr.Pages++
			if have := indexed(p.URL); have != p.Versions {
				todo = append(todo, stale{url: p.URL, site: p.Site, indexed: have, want: p.Versions, hub: IsHub(p)})
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("search: catch up: %w", err)
	}
	return todo, nil
}

// docID names the document of version n of url.
func docID(url string, n int) string { return url + "#" + strconv.Itoa(n) }

// indexChunk indexes the versions of some stale pages in one batch, reading them in one archive
// open.
func (ix *Index) indexChunk(ctx context.Context, open Opener, pages []stale) (int, error) {
	store, err := open(ctx)
	if err != nil {
		return 0, err
	}
	defer store.Close()
	b := ix.idx.NewBatch()
	added := 0
	done := make(map[string]int, len(pages))
	for _, st := range pages {
		if err := ctx.Err(); err != nil {
			return added, err
		}
		vs, err := store.Versions(ctx, st.url)
		if errors.Is(err, archive.ErrNotFound) {
			vs = nil // a page without versions: nothing to search
		} else if err != nil {
			return added, fmt.Errorf("search: %s: %w", st.url, err)
		}
		// Versions the archive no longer has (a restored older backup) leave the index.
		for n := len(vs) + 1; n <= st.indexed; n++ {
			b.Delete(docID(st.url, n))
		}
		// From the previously latest version on: it is no longer the latest.
		first := max(1, min(st.indexed, len(vs)))
		for _, v := range vs[first-1:] {
			text, err := store.Blob(ctx, v.TextBlob)
			if err != nil {
				return added, fmt.Errorf("search: %s version %d: %w", st.url, v.N, err)
			}
			d := document(st, v, string(text), v.N == len(vs))
			if err := b.Index(docID(st.url, v.N), d); err != nil {
				return added, fmt.Errorf("search: %s version %d: %w", st.url, v.N, err)
			}
			added++
		}
		done[st.url] = len(vs)
		if st.hub && len(vs) > 0 {
			ix.hubs.Store(true)
		}
	}
	if err := ix.idx.Batch(b); err != nil {
		return added, fmt.Errorf("search: index batch: %w", err)
	}
	return added, ix.counts.set(done)
}

// document is what the index stores of one version.
func document(st stale, v archive.Version, text string, latest bool) map[string]any {
	d := map[string]any{
		fURL: st.url, fSite: st.site, fTitle: v.Title, fText: text, fTextBlob: v.TextBlob, fPubRaw: v.Published,
		fFetched: v.Fetched.UTC().Format(time.RFC3339), fVersion: float64(v.N), fLatest: latest, fHub: st.hub,
	}
	if pd, ok := parse.ParseDate(v.Published); ok {
		d[fPublished] = pd.Time
	}
	return d
}
