package search

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/internal/replica"
)

func TestZZExp(t *testing.T) {
	dir := os.Getenv("EXP_INDEX")
	if dir == "" {
		t.Skip()
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	bench.arts = nil
	f := &benchFixture{}
	_ = f
	sites := benchArtsOnly()
	qs := benchQueries(sites, "two-words")
	run := func(name string, mk func(q Query) *bleve.SearchRequest) {
		var took, cpu []time.Duration
		var tot uint64
		for _, q := range qs {
			s, c := time.Now(), cpuTime()
			res, err := ix.idx.SearchInContext(context.Background(), mk(q))
			if err != nil {
				t.Fatal(err)
			}
			tot += res.Total
			took, cpu = append(took, time.Since(s)), append(cpu, cpuTime()-c)
		}
		t.Logf("%-22s wall p50 %6.1f p95 %6.1f  cpu p50 %6.1f p95 %6.1f  mean total %d", name, percentile(took, 50), percentile(took, 95), percentile(cpu, 50), percentile(cpu, 95), tot/uint64(len(qs)))
	}
	for range 2 {
		run("current", func(q Query) *bleve.SearchRequest {
			r := bleve.NewSearchRequestOptions(buildQuery(q, ParseTerms(q.Text), false), 20, 0, false)
			r.Fields = []string{fURL, fSite, fTitle, fTextBlob, fPubRaw, fFetched, fVersion, fLatest}
			return r
		})
		run("no should", func(q Query) *bleve.SearchRequest {
			bq := buildQuery(q, ParseTerms(q.Text), false).(*query.BooleanQuery)
			bq.Should = nil
			return bleve.NewSearchRequestOptions(bq, 20, 0, false)
		})
		run("count only", func(q Query) *bleve.SearchRequest {
			r := bleve.NewSearchRequestOptions(buildQuery(q, ParseTerms(q.Text), false), 0, 0, false)
			r.Score = bleve.ScoreNone
			return r
		})
		run("count conj only", func(q Query) *bleve.SearchRequest {
			var must []query.Query
			for _, w := range ParseTerms(q.Text).Words {
				must = append(must, term(fText, w, 1))
			}
			r := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), 0, 0, false)
			r.Score = bleve.ScoreNone
			return r
		})
		run("title tier", func(q Query) *bleve.SearchRequest {
			var must []query.Query
			for _, w := range ParseTerms(q.Text).Words {
				must = append(must, term(fTitle, w, 1))
			}
			bq := bleve.NewBooleanQuery()
			bq.AddMust(must...)
			lq := bleve.NewBoolFieldQuery(false)
			lq.SetField(fLatest)
			bq.AddMustNot(lq)
			return bleve.NewSearchRequestOptions(bq, 20, 0, false)
		})
	}
}

func benchArtsOnly() []replica.Article {
	sites := replica.Start(replica.Options{Articles: benchArticles()})
	defer sites.Close()
	return sites.Articles(1)
}

func TestZZExpArchive(t *testing.T) {
	dir := os.Getenv("EXP_INDEX")
	if dir == "" {
		t.Skip()
	}
	db := dir[:len(dir)-len(".index")]
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	qs := benchQueries(benchArtsOnly(), "two-words")
	for range 2 {
		var open, read, snip, srch []time.Duration
		for _, q := range qs {
			c := cpuTime()
			res, err := ix.Search(context.Background(), q, nil)
			if err != nil {
				t.Fatal(err)
			}
			srch = append(srch, cpuTime()-c)
			c = cpuTime()
			st, err := archive.Open(context.Background(), db, archive.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			open = append(open, cpuTime()-c)
			c = cpuTime()
			var texts []string
			for _, h := range res.Hits {
				b, err := st.Blob(h.textBlob)
				if err != nil {
					t.Fatal(err)
				}
				texts = append(texts, string(b))
			}
			read = append(read, cpuTime()-c)
			st.Close()
			c = cpuTime()
			for _, x := range texts {
				MakeSnippet(x, ParseTerms(q.Text).all(), snippetRunes)
			}
			snip = append(snip, cpuTime()-c)
		}
		t.Logf("cpu p50/p95 ms: search without texts %.1f/%.1f open %.1f/%.1f  read 20 %.1f/%.1f  snippets %.1f/%.1f",
			percentile(srch, 50), percentile(srch, 95), percentile(open, 50), percentile(open, 95), percentile(read, 50), percentile(read, 95), percentile(snip, 50), percentile(snip, 95))
	}
}
