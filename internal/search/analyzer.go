package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// analyzerName names the analyzer of titles and texts in the index mapping.
const analyzerName = "newsarchive-vi"

// foldAnalyzer splits text into words and folds them in one pass: a word is a run of letters,
// digits and combining marks (eachWord), its term the run folded (Fold). It replaces bleve's
// Unicode (UAX #29) tokenizer and a folding filter, which spent more than a quarter of the index
// build on segmenting words and a second pass on folding them (docs/BENCHMARKS.md); Words,
// which splits queries and checks phrases, finds exactly the same words.
type foldAnalyzer struct{}

func (foldAnalyzer) Analyze(input []byte) analysis.TokenStream {
	// Capacities: a Vietnamese word takes about five bytes with its separator, and folding never
	// lengthens a Vietnamese letter. When another script's does, append moves the terms to a
	// larger buffer and the earlier tokens keep the old one, which nothing writes to again.
	tokens := make([]analysis.Token, 0, len(input)/5+1)
	terms := make([]byte, 0, len(input))
	start, termStart := -1, 0
	end := func(at int) {
		if len(terms) > termStart { // a run of marks alone folds to nothing
			tokens = append(tokens, analysis.Token{Start: start, End: at, Term: terms[termStart:len(terms):len(terms)],
				Position: len(tokens) + 1, Type: analysis.AlphaNumeric})
		}
		start = -1
	}
	for i, r := range string(input) {
		f, in := classify(r)
		switch {
		case !in:
			if start >= 0 {
				end(i)
			}
			continue
		case start < 0:
			start, termStart = i, len(terms)
		}
		if f >= 0 {
			terms = utf8.AppendRune(terms, f)
		}
	}
	if start >= 0 {
		end(len(input))
	}
	out := make(analysis.TokenStream, len(tokens))
	for i := range tokens {
		out[i] = &tokens[i]
	}
	return out
}

// pairsAnalyzerName names the analyzer of the title's word pairs.
const pairsAnalyzerName = "newsarchive-vi-pairs"

// pairsAnalyzer makes a term of every two consecutive words ("ben tre"), so a two-word phrase in
// a title is one term query: bleve's phrase search compares the positions of every title with
// both words, which cost a phrase search most of its time on 100,000 articles.
type pairsAnalyzer struct{}

func (pairsAnalyzer) Analyze(input []byte) analysis.TokenStream {
	words := foldAnalyzer{}.Analyze(input)
	if len(words) < 2 {
		return nil
	}
	out := make(analysis.TokenStream, 0, len(words)-1)
	for i, w := range words[:len(words)-1] {
		next := words[i+1]
		term := make([]byte, 0, len(w.Term)+1+len(next.Term))
		term = append(append(append(term, w.Term...), ' '), next.Term...)
		out = append(out, &analysis.Token{Start: w.Start, End: next.End, Term: term, Position: i + 1, Type: analysis.Shingle})
	}
	return out
}

// pair is the term pairsAnalyzer makes of two folded words.
func pair(a, b string) string { return a + " " + b }

// The analyzers are registered with bleve by name, the only way a mapping can refer to custom
// code; the registration happens once, before any index is opened.
func init() {
	registry.RegisterAnalyzer(analyzerName, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return foldAnalyzer{}, nil
	})
	registry.RegisterAnalyzer(pairsAnalyzerName, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return pairsAnalyzer{}, nil
	})
}
