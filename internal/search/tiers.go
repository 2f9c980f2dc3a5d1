package search

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// A search by relevance ranks in two tiers: first the articles whose title holds every word
// (people search for an article by its headline), by the relevance of their titles; then the
// others, by the relevance of title and text. The first tier is a query on the short title
// postings; the second, which scores every article holding the words anywhere (most of the
// archive for common words), runs only when the first does not fill the page asked for. The
// total is then counted without scores (docs/BENCHMARKS.md has what this saves).

// words runs a query of words (no phrases): by date through date windows, by relevance in
// tiers. It returns the total and the page of hits.
func (ix *Index) words(ctx context.Context, bq query.Query, q Query, terms Terms, off, lim int) (uint64, search.DocumentMatchCollection, error) {
	if q.Order == OrderDate || len(terms.Words) == 0 {
		return ix.byDate(ctx, q, terms, off, lim, time.Now())
	}
	hubs := ix.hubs.Load()
	first, err := ix.run(ctx, titleQuery(q, terms, hubs), q, terms, off, lim)
	if err != nil {
		return 0, nil, err
	}
	n1 := int(first.Total)
	if n1 >= off+lim {
		total, err := ix.count(ctx, bq)
		return total, first.Hits, err
	}
	// The second tier: the rest, after the first tier's n1.
	rest := buildBoolean(q, terms, hubs)
	rest.AddMustNot(bleve.NewConjunctionQuery(titleTerms(terms)...))
	from := max(off, n1)
	second, err := ix.run(ctx, rest, q, terms, from-n1, off+lim-from)
	if err != nil {
		return 0, nil, err
	}
	return uint64(n1) + second.Total, append(first.Hits, second.Hits...), nil
}

// count returns how many documents match bq, without scoring or collecting them.
func (ix *Index) count(ctx context.Context, bq query.Query) (uint64, error) {
	req := bleve.NewSearchRequestOptions(bq, 0, 0, false)
	req.Score = bleve.ScoreNone
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	return res.Total, nil
}

// phraseSample is how many candidates beyond the first tier a phrase search checks to estimate
// how many more match, when the first tier fills the page.
const phraseSample = 20

// phraseSearch runs a query with phrases. By relevance, the first tier (every word and phrase in
// a title, which the title's positions decide) needs no text read but for snippets; the rest are
// candidates with every word somewhere, checked against their texts. By date, all candidates are
// checked in date order.
func (ix *Index) phraseSearch(ctx context.Context, bq query.Query, q Query, terms Terms, off, lim int, text TextFunc, start time.Time) (Results, error) {
	if q.Order == OrderDate {
		out, err := ix.checkPhrases(ctx, bq, q, terms, off, lim, text, maxPhraseChecks, nil, 0)
		out.Took = time.Since(start)
		return out, err
	}
	hubs := ix.hubs.Load()
	first, err := ix.run(ctx, titleQuery(q, terms, hubs), q, terms, off, lim)
	if err != nil {
		return Results{}, err
	}
	var out Results
	for _, h := range first.Hits {
		out.Hits = append(out.Hits, toHit(h))
	}
	if err := snippets(out.Hits, terms, text); err != nil {
		return Results{}, err
	}
	n1 := int(first.Total)
	// The other candidates: every word somewhere, no phrase query (checking title positions
	// for every candidate cost more than the rest of the search); the first tier's hits among
	// them are left out by their stored titles.
	words := Terms{Words: terms.all()}
	inFirst := func(h Hit) bool {
		tw := Words(h.Title)
		for _, w := range terms.Words {
			if !slices.Contains(tw, w) {
				return false
			}
		}
		return len(missingPhrases(h.Title, terms.Phrases)) == 0
	}
	var more Results
	if n1 >= off+lim {
		// The page is full: a sample of the other candidates, unscored, estimates the total.
		sample := q
		sample.Order = orderIndex
		more, err = ix.checkPhrases(ctx, buildBoolean(sample, words, hubs), sample, terms, 0, 0, text, phraseSample, inFirst, uint64(n1))
	} else {
		from := max(off, n1)
		more, err = ix.checkPhrases(ctx, buildBoolean(q, words, hubs), q, terms, from-n1, off+lim-from, text, maxPhraseChecks, inFirst, uint64(n1))
		out.Hits = append(out.Hits, more.Hits...)
	}
	if err != nil {
		return Results{}, err
	}
	out.Total, out.Estimated, out.Took = uint64(n1)+more.Total, more.Estimated, time.Since(start)
	return out, nil
}
