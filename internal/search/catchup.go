package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
)

// Opener opens the archive for reading. CatchUp calls it once per chunk of pages and closes the
// store after, so a crawl writing the database gets it back between chunks.
type Opener func(ctx context.Context) (*archive.Store, error)

// chunkPages is how many changed pages CatchUp indexes per archive open and index batch.
const chunkPages = 2000

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
//
// Reading a chunk from the archive overlaps with indexing the one before: the reader goroutine
// stays at most one chunk ahead.
func (ix *Index) CatchUp(ctx context.Context, open Opener, progress func(Progress)) (Progress, error) {
	var pr Progress
	todo, err := ix.staleRecords(ctx, open, &pr)
	if err != nil {
		return pr, err
	}
	pr.Changed = len(todo)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan chunk, 1)
	readErr := make(chan error, 1)
	go func() {
		defer close(chunks)
		readErr <- func() error {
			for len(todo) > 0 {
				n := min(chunkPages, len(todo))
				c, err := readChunk(ctx, open, todo[:n])
				if err != nil {
					return err
				}
				select {
				case chunks <- c:
				case <-ctx.Done():
					return ctx.Err()
				}
				todo = todo[n:]
			}
			return nil
		}()
	}()
	for c := range chunks {
		if err := ix.writeChunk(c); err != nil {
			cancel()
			for range chunks { // let the reader finish
			}
			return pr, err
		}
		pr.Indexed += len(c.docs)
		if progress != nil {
			progress(pr)
		}
	}
	return pr, <-readErr
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
		for p, err := range store.Pages(ctx, "") {
			if err != nil {
				return err
			}
			pr.Pages++
			if have := indexed(p.URL); have != p.Versions {
				todo = append(todo, stale{url: p.URL, site: p.Site, indexed: have, want: p.Versions, hub: IsHub(p)})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search: catch up: %w", err)
	}
	return todo, nil
}

// docID names the document of version n of url.
func docID(url string, n int) string { return url + "#" + strconv.Itoa(n) }

// chunk is what CatchUp writes to the index for some stale pages.
type chunk struct {
	docs    []indexDoc
	deletes []string // IDs of documents of versions the archive no longer has
	counts  map[string]int
	hub     bool // whether any hub page with versions is among them
}

type indexDoc struct {
	id  string
	doc map[string]any
}

// readChunk reads the versions of some stale pages and their texts in one archive open, the
// texts in the order of their IDs, which is the order of the archive's blob index.
func readChunk(ctx context.Context, open Opener, pages []stale) (chunk, error) {
	c := chunk{counts: make(map[string]int, len(pages))}
	store, err := open(ctx)
	if err != nil {
		return c, err
	}
	defer store.Close()
	type pending struct {
		st     stale
		v      archive.Version
		latest bool
	}
	var todo []pending
	for _, st := range pages {
		if err := ctx.Err(); err != nil {
			return c, err
		}
		vs, err := store.Versions(ctx, st.url)
		if errors.Is(err, archive.ErrNotFound) {
			vs = nil // a page without versions: nothing to search
		} else if err != nil {
			return c, fmt.Errorf("search: %s: %w", st.url, err)
		}
		// Versions the archive no longer has (a restored older backup) leave the index.
		for n := len(vs) + 1; n <= st.indexed; n++ {
			c.deletes = append(c.deletes, docID(st.url, n))
		}
		// From the previously latest version on: it is no longer the latest.
		first := max(1, min(st.indexed, len(vs)))
		for _, v := range vs[min(first-1, len(vs)):] {
			todo = append(todo, pending{st, v, v.N == len(vs)})
		}
		c.counts[st.url] = len(vs)
		c.hub = c.hub || st.hub && len(vs) > 0
	}
	ids := make([]string, 0, len(todo))
	for _, p := range todo {
		ids = append(ids, p.v.TextBlob)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	texts := make(map[string]string, len(ids))
	for b, err := range store.Blobs(ctx, ids) {
		if err != nil {
			return c, fmt.Errorf("search: read texts: %w", err)
		}
		texts[b.ID] = string(b.Data)
	}
	for _, p := range todo {
		c.docs = append(c.docs, indexDoc{docID(p.st.url, p.v.N), document(p.st, p.v, texts[p.v.TextBlob], p.latest)})
	}
	return c, nil
}

// writeChunk indexes a chunk in one batch, then records its version counts.
func (ix *Index) writeChunk(c chunk) error {
	b := ix.idx.NewBatch()
	for _, id := range c.deletes {
		b.Delete(id)
	}
	for _, d := range c.docs {
		if err := b.Index(d.id, d.doc); err != nil {
			return fmt.Errorf("search: %s: %w", d.id, err)
		}
	}
	if err := ix.idx.Batch(b); err != nil {
		return fmt.Errorf("search: index batch: %w", err)
	}
	if c.hub {
		ix.hubs.Store(true)
	}
	return ix.counts.set(c.counts)
}

// pubKeyLayout formats fPubKey: fixed width, so strings sort as the times do.
const pubKeyLayout = "20060102150405"

// document is what the index stores of one version.
func document(st stale, v archive.Version, text string, latest bool) map[string]any {
	d := map[string]any{
		fURL: st.url, fSite: st.site, fTitle: v.Title, fPairs: v.Title, fText: v.Title + "\n" + text, fTextBlob: v.TextBlob, fPubRaw: v.Published,
		fFetched: v.Fetched.UTC().Format(time.RFC3339), fVersion: float64(v.N), fLatest: latest, fHub: st.hub,
	}
	if pd, ok := parse.ParseDate(v.Published); ok {
		d[fPublished], d[fPubKey] = pd.Time, pd.Time.UTC().Format(pubKeyLayout)
	}
	return d
}
