// Command fts5cmp is the one-off measurement behind choosing bleve over SQLite FTS5 for the
// search index (docs/BENCHMARKS.md): it indexes N synthetic articles made of the replica corpus
// paragraphs with each engine and times 200 searches (whole titles and two-word pieces, typed
// without diacritics). Its own module, so modernc.org/sqlite never becomes a dependency.
//
//	go run . ../../replica/corpus.txt 20000 bleve   # or sqlite
//
// Environment switches of the bleve mapping: TV=1 term vectors, ST=1 stored text, NOALL=1 no
// catch-all field, UB=1 unsafe batches, NOFOLD=1 no diacritic folding; for sqlite, Q is the query.
package main

import (
	"bufio"
	"database/sql"
	"fmt"
	"math/rand"
	"os"
	"runtime/pprof"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	utok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
	_ "modernc.org/sqlite"
)

func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if r == 'đ' || r == 'Đ' {
			r = 'd'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

type foldFilter struct{}

func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	if os.Getenv("NOFOLD") != "" {
		return in
	}
	for _, t := range in {
		t.Term = []byte(fold(string(t.Term)))
	}
	return in
}

func init() {
	registry.RegisterTokenFilter("vifold", func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) { return foldFilter{}, nil })
}

type doc struct{ URL, Site, Title, Text, Published string }

func gen(n int, lines []string, r *rand.Rand) []doc {
	out := make([]doc, n)
	for i := range out {
		l := strings.Fields(lines[r.Intn(len(lines))])
		st := r.Intn(max(1, len(l)-10))
		title := strings.Join(l[st:min(len(l), st+10)], " ") + fmt.Sprintf(" số %d", i)
		var parts []string
		for j := 0; j < 5; j++ {
			parts = append(parts, lines[r.Intn(len(lines))])
		}
		out[i] = doc{fmt.Sprintf("https://x.vn/a%d.html", i), []string{"a", "b", "c"}[i%3], title, strings.Join(parts, "\n\n"), time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour).Format(time.RFC3339)}
	}
	return out
}

func p95(d []time.Duration) (time.Duration, time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[len(d)/2], d[len(d)*95/100]
}

func main() {
	f, _ := os.Open(os.Args[1])
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if p := strings.SplitN(sc.Text(), "\t", 3); len(p) == 3 {
			lines = append(lines, p[2])
		}
	}
	n := 20000
	fmt.Sscan(os.Args[2], &n)
	r := rand.New(rand.NewSource(1))
	docs := gen(n, lines, r)
	var queries []string
	for i := 0; i < 200; i++ {
		t := fold(docs[r.Intn(n)].Title)
		if i%2 == 1 {
			w := strings.Fields(t)
			k := r.Intn(len(w) - 1)
			t = w[k] + " " + w[k+1]
		}
		queries = append(queries, t)
	}
	which := os.Args[3]
	if pf := os.Getenv("PROF"); pf != "" {
		pfh, _ := os.Create(pf)
		pprof.StartCPUProfile(pfh)
		defer pprof.StopCPUProfile()
	}
	dir, _ := os.MkdirTemp("", "idx")
	defer os.RemoveAll(dir)
	if which == "bleve" {
		im := bleve.NewIndexMapping()
		err := im.AddCustomAnalyzer("vi", map[string]any{"type": "custom", "tokenizer": utok.Name, "token_filters": []string{lowercase.Name, "vifold"}})
		if err != nil {
			panic(err)
		}
		im.DefaultAnalyzer = "vi"
		dm := bleve.NewDocumentMapping()
		kw := bleve.NewKeywordFieldMapping()
		dm.AddFieldMappingsAt("site", kw)
		dm.AddFieldMappingsAt("published", bleve.NewDateTimeFieldMapping())
		tf := bleve.NewTextFieldMapping()
		tf.Analyzer = "vi"
		tf.Store = true
		tf.IncludeTermVectors = os.Getenv("TV") != ""
		tf.Store = os.Getenv("ST") != ""
		if os.Getenv("NOALL") != "" {
			tf.IncludeInAll = false
			tf.DocValues = false
			kw.IncludeInAll = false
		}
		dm.AddFieldMappingsAt("title", tf)
		dm.AddFieldMappingsAt("text", tf)
		im.DefaultMapping = dm
		_ = mapping.NewIndexMapping
		idx, err := bleve.NewUsing(dir+"/b", im, "scorch", "scorch", map[string]any{"unsafe_batch": os.Getenv("UB") != ""})
		if err != nil {
			panic(err)
		}
		t0 := time.Now()
		b := idx.NewBatch()
		for i, d := range docs {
			b.Index(d.URL, map[string]any{"site": d.Site, "title": d.Title, "text": d.Text, "published": d.Published})
			if b.Size() >= 2000 || i == len(docs)-1 {
				if err := idx.Batch(b); err != nil {
					panic(err)
				}
				b = idx.NewBatch()
			}
		}
		el := time.Since(t0)
		fmt.Printf("bleve build %d docs %v = %.0f/s\n", n, el, float64(n)/el.Seconds())
		var ds []time.Duration
		hits := 0
		for _, q := range queries {
			t := time.Now()
			mq := bleve.NewMatchQuery(q)
			mq.SetOperator(1)
			if os.Getenv("NOALL") != "" {
				mq.SetField("text")
			}
			req := bleve.NewSearchRequestOptions(mq, 10, 0, false)
			if os.Getenv("TV") != "" {
				req.Highlight = bleve.NewHighlight()
				req.Highlight.AddField("text")
			}
			req.Fields = []string{"title"}
			res, err := idx.Search(req)
			if err != nil {
				panic(err)
			}
			ds = append(ds, time.Since(t))
			if len(res.Hits) > 0 {
				hits++
			}
		}
		m, p := p95(ds)
		fmt.Printf("bleve search median %v p95 %v hits %d\n", m, p, hits)
	} else {
		db, err := sql.Open("sqlite", dir+"/s.db")
		if err != nil {
			panic(err)
		}
		db.SetMaxOpenConns(1)
		db.Exec(`PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL`)
		_, err = db.Exec(`CREATE TABLE docs(id INTEGER PRIMARY KEY, url TEXT, site TEXT, title TEXT, text TEXT, published TEXT);
CREATE VIRTUAL TABLE fts USING fts5(title, text, content='', tokenize='unicode61 remove_diacritics 2');`)
		if err != nil {
			panic(err)
		}
		t0 := time.Now()
		tx, _ := db.Begin()
		ins, _ := tx.Prepare(`INSERT INTO docs(id,url,site,title,text,published) VALUES(?,?,?,?,?,?)`)
		insf, _ := tx.Prepare(`INSERT INTO fts(rowid,title,text) VALUES(?,?,?)`)
		for i, d := range docs {
			if _, err := ins.Exec(i+1, d.URL, d.Site, d.Title, d.Text, d.Published); err != nil {
				panic(err)
			}
			if _, err := insf.Exec(i+1, fold(d.Title), fold(d.Text)); err != nil {
				panic(err)
			}
		}
		tx.Commit()
		el := time.Since(t0)
		fmt.Printf("sqlite build %d docs %v = %.0f/s\n", n, el, float64(n)/el.Seconds())
		var ds []time.Duration
		hits := 0
		for _, q := range queries {
			t := time.Now()
			var toks []string
			for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
				toks = append(toks, `"`+w+`"`)
			}
			q := os.Getenv("Q")
			if q == "" {
				q = `SELECT rowid, rowid, rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 10`
			}
			rows, err := db.Query(q, strings.Join(toks, " "))
			if err != nil {
				panic(err)
			}
			k := 0
			for rows.Next() {
				var a, b, c string
				rows.Scan(&a, &b, &c)
				k++
			}
			rows.Close()
			ds = append(ds, time.Since(t))
			if k > 0 {
				hits++
			}
		}
		m, p := p95(ds)
		fmt.Printf("sqlite search median %v p95 %v hits %d\n", m, p, hits)
	}
}
