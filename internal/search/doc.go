// Package search is the full-text index of the archive behind `newsarchive serve` and
// `newsarchive index`: a bleve index stored beside the database (newsarchive.db.index/), one
// document per article version, caught up from the archive by comparing each page's version
// count with what the index holds.
//
// Matching ignores case and Vietnamese diacritics: Fold maps "Đồng Khởi" and "dong khoi" to the
// same terms, so people can type without a Vietnamese keyboard. Snippets are cut from the stored
// original text, so results show the words with their diacritics and the hits marked.
//
// By relevance, articles whose title holds every word come first (tiers.go): people search for
// an article by its headline, and the short title postings answer most searches without scoring
// every article that has the words somewhere. Newest first reads dates only within a window of
// recent publication dates that holds the page (dateorder.go).
//
// Why bleve and not SQLite FTS5 (modernc.org/sqlite): measured on the same synthetic articles,
// FTS5 computes bm25 for every matching row, and its p95 latency grew with the archive past the
// 50 ms budget (71 ms at 20,000 articles), while bleve stayed under 5 ms; FTS5's unicode61
// tokenizer also does not fold đ to d, and its snippets would come from the folded copy.
// docs/BENCHMARKS.md has the numbers.
package search
