package search

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Order values of Query.Order.
const (
	OrderRelevance = "relevance"
	OrderDate      = "date"
	// orderIndex is the index's own order, unscored: a sample of candidates.
	orderIndex = "index"
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
	// textBlob is the archive blob of the version's text.
	textBlob string
}

// Results are a page of hits and how many matched in all.
type Results struct {
	Total uint64
	// Estimated reports that Total is an estimate: a phrase search checks at most
	// maxPhraseChecks candidates beyond the page it returns.
	Estimated bool
	Hits      []Hit
	Took      time.Duration
}

// TextFunc reads a text from the archive by its blob id. The index keeps no copy of article
// texts; Search reads the texts of its hits for snippets and to check phrases, calling it from
// several goroutines at once.
type TextFunc func(blobID string) (string, error)

// Phrase searches check at least maxPhraseChecks candidates when there are that many (the
// total of a larger set is estimated from them), and never more than phraseCheckCap.
const (
	maxPhraseChecks = 100
	phraseCheckCap  = 3000
)

// Terms are the parsed words and phrases of a query, folded.
type Terms struct {
	Words   []string
	Phrases [][]string
}

// parseTerms splits typed text into folded words and "quoted phrases"; a phrase of one word is a
// word.
func parseTerms(s string) Terms {
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

// Search runs q, reading texts through text for snippets and phrase checks.
func (ix *Index) Search(ctx context.Context, q Query, text TextFunc) (Results, error) {
	start := time.Now()
	terms := parseTerms(q.Text)
	lim, off := limit(q.Limit), max(0, q.Offset)
	bq := buildQuery(q, terms, ix.hubs.Load())
	if len(terms.Phrases) == 0 {
		total, hits, err := ix.words(ctx, bq, q, terms, off, lim)
		if err != nil {
			return Results{}, err
		}
		out := Results{Total: total}
		for _, h := range hits {
			out.Hits = append(out.Hits, toHit(h))
		}
		if err := snippets(out.Hits, terms, text); err != nil {
			return Results{}, err
		}
		out.Took = time.Since(start)
		return out, nil
	}
	return ix.phraseSearch(ctx, bq, q, terms, off, lim, text, start)
}

// checkPhrases runs a query whose candidates have every word of each phrase, keeping those whose
// title or text has each phrase's words in order. It checks at least minChecks candidates when
// there are that many, to estimate the total from them.
//
// skip, when set, leaves out candidates found otherwise (the first tier's), of which there are
// skipped among the candidates.
func (ix *Index) checkPhrases(ctx context.Context, bq query.Query, q Query, terms Terms, off, lim int, text TextFunc, minChecks int, skip func(Hit) bool, skipped uint64) (Results, error) {
	var kept []Hit
	checked, exhausted := 0, false
	var candidates uint64
	// Each bleve run scores every candidate, so ask for many at once and grow the window
	// geometrically rather than paging.
	for from, size := 0, max(minChecks, 2*(off+lim)); ; from, size = from+size, 2*size {
		size = min(size, phraseCheckCap-from)
		res, err := ix.run(ctx, bq, q, terms, from, size)
		if err != nil {
			return Results{}, err
		}
		raw := res.Total
		candidates = raw - min(raw, skipped)
		for _, h := range res.Hits {
			hit := toHit(h)
			if skip != nil && skip(hit) {
				continue
			}
			// The title often holds the phrases (people type headlines); the text is read
			// only when it does not, or for the snippet of a hit on the page returned.
			missing := missingPhrases(hit.Title, terms.Phrases)
			onPage := len(kept) >= off && len(kept) < off+lim
			var body string
			if len(missing) > 0 || onPage {
				if body, err = readText(text, hit.textBlob); err != nil {
					return Results{}, err
				}
			}
			checked++
			if len(missing) == 0 || hasPhrases(body, missing) {
				if onPage {
					hit.Snippet = makeSnippet(body, terms.all(), snippetRunes)
				}
				kept = append(kept, hit)
			}
		}
		if exhausted = uint64(from+size) >= raw; exhausted {
			break
		}
		if from+size >= phraseCheckCap || len(kept) >= off+lim {
			break
		}
	}
	out := Results{Total: uint64(len(kept))}
	if !exhausted && checked > 0 {
		out.Total = max(out.Total, uint64(float64(len(kept))/float64(checked)*float64(candidates)+0.5))
		out.Estimated = true
	}
	if off < len(kept) {
		out.Hits = kept[off:min(len(kept), off+lim)]
	}
	return out, nil
}

// run asks bleve for one page of candidates.
func (ix *Index) run(ctx context.Context, bq query.Query, q Query, terms Terms, from, size int) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(bq, size, from, false)
	req.Fields = []string{fURL, fSite, fTitle, fTextBlob, fPubRaw, fFetched, fVersion, fLatest}
	if q.Order == OrderDate || len(terms.Words)+len(terms.Phrases) == 0 {
		// Newest first needs no relevance: skipping the scores of every match saves most of the
		// time of a broad query. No tie-break on _id: that would load every match's stored ID.
		req.SortBy([]string{"-" + fPubKey})
		req.Score = bleve.ScoreNone
	}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return res, nil
}

func toHit(h *search.DocumentMatch) Hit {
	hit := Hit{
		URL: str(h.Fields[fURL]), Site: str(h.Fields[fSite]), Title: str(h.Fields[fTitle]),
		Published: str(h.Fields[fPubRaw]), Fetched: str(h.Fields[fFetched]), Score: h.Score,
		textBlob: str(h.Fields[fTextBlob]),
	}
	if f, ok := h.Fields[fVersion].(float64); ok {
		hit.Version = int(f)
	}
	hit.Latest, _ = h.Fields[fLatest].(bool)
	return hit
}

// snippets reads the texts of hits and cuts their snippets, a few hits at a time: reading and
// decompressing the texts is most of the time of a search that bleve answers quickly.
func snippets(hits []Hit, terms Terms, text TextFunc) error {
	all := terms.all()
	next := make(chan int, len(hits))
	for i := range hits {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	errs := make([]error, len(hits))
	for range min(len(hits), runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				body, err := readText(text, hits[i].textBlob)
				if err != nil {
					errs[i] = err
					continue
				}
				hits[i].Snippet = makeSnippet(body, all, snippetRunes)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

func readText(text TextFunc, id string) (string, error) {
	if text == nil || id == "" {
		return "", nil
	}
	s, err := text(id)
	if err != nil {
		return "", fmt.Errorf("search: text %s: %w", id, err)
	}
	return s, nil
}

// missingPhrases returns the phrases that title does not hold, their words in order.
func missingPhrases(title string, phrases [][]string) [][]string {
	tw := Words(title)
	var out [][]string
	for _, p := range phrases {
		if !containsRun(tw, p) {
			out = append(out, p)
		}
	}
	return out
}

// hasPhrases reports whether text holds every phrase, its words in order. It folds the text
// word by word without keeping the words: phrase searches check many candidates.
func hasPhrases(text string, phrases [][]string) bool {
	found := make([]bool, len(phrases))
	// at[i] lists how many words of phrase i the words just read match, for each partial match
	// still open; spare[i] is the buffer of the next word's list.
	at, spare := make([][]int, len(phrases)), make([][]int, len(phrases))
	left := len(phrases)
	eachWord(text, func(_, _ int, w string) {
		for i, p := range phrases {
			if found[i] {
				continue
			}
			next := spare[i][:0]
			for _, k := range append(at[i], 0) {
				switch {
				case p[k] != w:
				case k+1 == len(p):
					found[i] = true
				default:
					next = append(next, k+1)
				}
			}
			if found[i] {
				left--
			}
			at[i], spare[i] = next, at[i]
		}
	})
	return left == 0
}

// containsRun reports whether ws holds run as consecutive words.
func containsRun(ws, run []string) bool {
	for i := 0; i+len(run) <= len(ws); i++ {
		if slices.Equal(ws[i:i+len(run)], run) {
			return true
		}
	}
	return false
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

// buildQuery turns a Query into bleve's: every word and phrase must match the text field (which
// holds the title too); matches in the title raise the score; filters narrow by site, date,
// version and kind.
func buildQuery(q Query, t Terms, hubs bool) query.Query {
	return buildBoolean(q, t, hubs)
}

func buildBoolean(q Query, t Terms, hubs bool) *query.BooleanQuery {
	var must, should []query.Query
	for _, w := range t.Words {
		must = append(must, term(fText, w, 1))
		should = append(should, term(fTitle, w, titleBoost))
	}
	// A phrase's words must all match; the phrase itself is checked against the texts after
	// (which keep no positions in the index), and a title holding it ranks first.
	for _, p := range t.Phrases {
		for _, w := range p {
			must = append(must, term(fText, w, 1))
		}
		m := phraseInTitle(p)
		m.SetBoost(titleBoost)
		should = append(should, m)
	}
	if q.Order == OrderDate || q.Order == orderIndex {
		should = nil // no scores to raise
	}
	return withFilters(q, hubs, must, should)
}

// titleQuery matches what buildQuery does with every word and phrase in the title: the first tier
// of a search by relevance.
func titleQuery(q Query, t Terms, hubs bool) query.Query {
	return withFilters(q, hubs, titleTerms(t), nil)
}

// titleTerms are queries for every word and phrase of t in the title.
func titleTerms(t Terms) []query.Query {
	var must []query.Query
	for _, w := range t.Words {
		must = append(must, term(fTitle, w, 1))
	}
	for _, p := range t.Phrases {
		must = append(must, phraseInTitle(p))
	}
	return must
}

// phraseInTitle matches titles holding phrase p (two words at least): their pairs of words,
// and for a longer phrase their positions, which bleve then compares only in the titles that
// have every pair.
func phraseInTitle(p []string) *query.ConjunctionQuery {
	var qs []query.Query
	for i := range len(p) - 1 {
		qs = append(qs, term(fPairs, pair(p[i], p[i+1]), 1))
	}
	if len(p) > 2 {
		qs = append(qs, bleve.NewPhraseQuery(p, fTitle))
	}
	return bleve.NewConjunctionQuery(qs...)
}

// withFilters adds the filters of q (site, dates, latest versions, no hubs) to a query of must
// and should clauses.
func withFilters(q Query, hubs bool, must, should []query.Query) *query.BooleanQuery {
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
	var mustNot []query.Query
	if !q.AllVersions {
		// Excluding the few earlier versions is much cheaper than intersecting with the many
		// latest ones.
		lq := bleve.NewBoolFieldQuery(false)
		lq.SetField(fLatest)
		mustNot = append(mustNot, lq)
	}
	if len(must) == 0 {
		must = append(must, bleve.NewMatchAllQuery())
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(must...)
	if len(should) > 0 {
		bq.AddShould(should...)
		bq.SetMinShould(0)
	}
	if !q.Hubs && hubs {
		hq := bleve.NewBoolFieldQuery(true)
		hq.SetField(fHub)
		mustNot = append(mustNot, hq)
	}
	if len(mustNot) > 0 {
		bq.AddMustNot(mustNot...)
	}
	return bq
}

// term matches one folded word (parseTerms folded it as the analyzer would) in field.
func term(field, w string, boost float64) query.Query {
	tq := bleve.NewTermQuery(w)
	tq.SetField(field)
	tq.SetBoost(boost)
	return tq
}
