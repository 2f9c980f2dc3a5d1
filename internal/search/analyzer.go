package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// analyzerName names the analyzer of titles and texts in the index mapping.
const analyzerName = "newsarchive-vi"

// foldFilter folds each token's term in place, keeping its byte offsets into the original text.
type foldFilter struct{}

func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if needsFold(t.Term) {
			t.Term = appendFold(make([]byte, 0, len(t.Term)), string(t.Term))
		}
	}
	return in
}

// needsFold reports whether a term has anything but lower-case ASCII, the common case skipped.
func needsFold(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 || ('A' <= c && c <= 'Z') {
			return true
		}
	}
	return false
}

// The analyzer is registered with bleve by name, the only way a mapping can refer to custom
// code; the registration happens once, before any index is opened.
func init() {
	registry.RegisterAnalyzer(analyzerName, func(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		tok, err := cache.TokenizerNamed(unicode.Name)
		if err != nil {
			return nil, err
		}
		return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: []analysis.TokenFilter{foldFilter{}}}, nil
	})
}
