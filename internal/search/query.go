package search

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Order values of Query.Order.
const (
	OrderRelevance = "relevance"
	OrderDate      = "date"
)

// titleBoost weighs a hit in the title above one in the text: people search for an article by
// the words of its headline.
const titleBoost = 3

// MaxLimit bounds Query.Limit.
const MaxLimit = 100

// Query is one search.
type Query struct {
	// Text is what was typed: words, all of which must match, and "quoted phrases".
	Text string
	// Site keeps only one site's pages; empty keeps all.
	Site string
	// From and To keep articles published in [From, To]; zero leaves that side open.
	From, To time.Time
	// Order is OrderRelevance (default) or OrderDate (newest first).
	Order string
	// AllVersions searches every version, not only the latest: text that was later removed.
	AllVersions bool
	// Hubs includes hub pages (listings), hidden by default.
	Hubs bool
	// Limit (default 20, at most MaxLimit) and Offset page through results.
	Limit, Offset int
}

// Hit is one matching article version.
type Hit struct {
	URL, Site, Title string
	// Published is the publication date as the archive gives it.
	Published string
	Version   int
	// Fetched is when this version was fetched, RFC 3339.
	Fetched string
	Latest  bool
	Score   float64
	Snippet Snippet
}

// Results are a page of hits and how many matched in all.
type Results struct {
	Total uint64
	Hits  []Hit
	Took  time.Duration
}

// Terms are the parsed words and phrases of a query, folded.
type Terms struct {
	Words   []string
	Phrases [][]string
}

// ParseTerms splits typed text into folded words and "quoted phrases"; a phrase of one word is a
// word.
func ParseTerms(s string) Terms {
	var t Terms
	for i, part := range strings.Split(s, `"`) {
		ws := Words(part)
		if i%2 == 1 && len(ws) > 1 {
			t.Phrases = append(t.Phrases, ws)
			continue
		}
		t.Words = append(t.Words, ws...)
	}
	return t
}

// all returns every folded word of the query, for snippets.
func (t Terms) all() []string {
	out := append([]string(nil), t.Words...)
	for _, p := range t.Phrases {
		out = append(out, p...)
	}
	return out
}

// Search runs q.
func (ix *Index) Search(ctx context.Context, q Query) (Results, error) {
	terms := ParseTerms(q.Text)
	req := bleve.NewSearchRequestOptions(buildQuery(q, terms), limit(q.Limit), max(0, q.Offset), false)
	req.Fields = []string{fURL, fSite, fTitle, fText, fPubRaw, fFetched, fVersion, fLatest}
	if q.Order == OrderDate || len(terms.Words)+len(terms.Phrases) == 0 {
		req.SortBy([]string{"-" + fPublished, "-_score", "_id"})
	}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return Results{}, fmt.Errorf("search: %w", err)
	}
	out := Results{Total: res.Total, Took: res.Took}
	words := terms.all()
	for _, h := range res.Hits {
		hit := Hit{
			URL: str(h.Fields[fURL]), Site: str(h.Fields[fSite]), Title: str(h.Fields[fTitle]),
			Published: str(h.Fields[fPubRaw]), Fetched: str(h.Fields[fFetched]), Score: h.Score,
		}
		if f, ok := h.Fields[fVersion].(float64); ok {
			hit.Version = int(f)
		}
		hit.Latest, _ = h.Fields[fLatest].(bool)
		hit.Snippet = MakeSnippet(str(h.Fields[fText]), words, snippetRunes)
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

func limit(n int) int {
	if n <= 0 {
		return 20
	}
	return min(n, MaxLimit)
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// buildQuery turns a Query into bleve's: every word and phrase must match the title or the text;
// filters narrow by site, date, version and kind.
func buildQuery(q Query, t Terms) query.Query {
	var must []query.Query
	for _, w := range t.Words {
		must = append(must, either(func(field string) query.Query {
			m := bleve.NewMatchQuery(w)
			m.SetField(field)
			return m
		}))
	}
	for _, p := range t.Phrases {
		phrase := strings.Join(p, " ")
		must = append(must, either(func(field string) query.Query {
			m := bleve.NewMatchPhraseQuery(phrase)
			m.SetField(field)
			return m
		}))
	}
	if q.Site != "" {
		tq := bleve.NewTermQuery(q.Site)
		tq.SetField(fSite)
		must = append(must, tq)
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		incl := true
		dq := bleve.NewDateRangeInclusiveQuery(q.From, q.To, &incl, &incl)
		dq.SetField(fPublished)
		must = append(must, dq)
	}
	if !q.AllVersions {
		lq := bleve.NewBoolFieldQuery(true)
		lq.SetField(fLatest)
		must = append(must, lq)
	}
	if len(must) == 0 {
		must = append(must, bleve.NewMatchAllQuery())
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(must...)
	if !q.Hubs {
		hq := bleve.NewBoolFieldQuery(true)
		hq.SetField(fHub)
		bq.AddMustNot(hq)
	}
	return bq
}

// either matches in the title (boosted) or the text.
func either(mk func(field string) query.Query) query.Query {
	title := mk(fTitle)
	title.(query.BoostableQuery).SetBoost(titleBoost)
	return bleve.NewDisjunctionQuery(title, mk(fText))
}
