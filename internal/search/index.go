package search

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/keyword" // the site and URL fields
	"github.com/blevesearch/bleve/v2/mapping"
	berrors "go.etcd.io/bbolt/errors"
)

// schema is the version of the mapping and document layout; an index of another version is
// rebuilt on Open.
const schema = "6"

var keySchema = []byte("newsarchive-schema")

// ErrBusy means another process (a second `serve`, or `index`) has the index open.
var ErrBusy = errors.New("search: index in use by another process")

// Dir is where the index of the database at db lives: beside it, so backups and moves of the
// directory keep them together.
func Dir(db string) string { return db + ".index" }

// Index is an open full-text index. Its methods are safe for concurrent use: searches run while
// CatchUp adds documents.
type Index struct {
	dir    string
	idx    bleve.Index
	counts *counts
	hubs   atomic.Bool // whether any hub page is indexed, so searches must exclude them
	// windowsFrom is how many matches a search by date needs for date windows (dateorder.go).
	windowsFrom int
	closeOnce   sync.Once
	closeErr    error
}

// Open opens the index in dir, creating it when missing and recreating it when it was built
// with another layout (it holds nothing the archive does not).
func Open(dir string) (*Index, error) {
	idx, err := openOrCreate(dir)
	if err != nil {
		return nil, err
	}
	v, err := idx.GetInternal(keySchema)
	if err == nil && string(v) == schema {
		return finishOpen(dir, idx)
	}
	idx.Close()
	if err := removeIndex(dir); err != nil {
		return nil, err
	}
	return create(dir)
}

// finishOpen opens the version counts beside the bleve index.
func finishOpen(dir string, idx bleve.Index) (*Index, error) {
	c, err := openCounts(dir)
	if err != nil {
		idx.Close()
		return nil, err
	}
	ix := &Index{dir: dir, idx: idx, counts: c, windowsFrom: dateWindowsFrom}
	hq := bleve.NewBoolFieldQuery(true)
	hq.SetField(fHub)
	res, err := idx.Search(bleve.NewSearchRequestOptions(hq, 0, 0, false))
	if err != nil {
		ix.Close()
		return nil, fmt.Errorf("search: open %s: %w", dir, err)
	}
	ix.hubs.Store(res.Total > 0)
	return ix, nil
}

// Rebuild removes the index in dir and creates an empty one, for CatchUp to fill.
func Rebuild(dir string) (*Index, error) {
	if err := removeIndex(dir); err != nil {
		return nil, err
	}
	return create(dir)
}

// Close releases the index; later calls do nothing (bleve panics on a second close).
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() {
		ix.closeErr = errors.Join(ix.idx.Close(), ix.counts.close())
	})
	return ix.closeErr
}

// DocCount returns how many article versions the index holds.
func (ix *Index) DocCount() (uint64, error) { return ix.idx.DocCount() }

// storeConfig makes a second opener fail fast with ErrBusy instead of waiting forever on
// bleve's exclusive file lock. It is a new map for each call: bleve writes the index's path
// and creation flags into the map it is given, so a shared one would carry one index's path
// into the next and race when two indexes open at once.
func storeConfig() map[string]any { return map[string]any{"bolt_timeout": "1s"} }

func openOrCreate(dir string) (bleve.Index, error) {
	idx, err := bleve.OpenUsing(dir, storeConfig())
	switch {
	case err == nil:
		return idx, nil
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist):
		return newBleve(dir)
	case isTimeout(err):
		return nil, fmt.Errorf("%w: %s", ErrBusy, dir)
	}
	return nil, fmt.Errorf("search: open %s: %w", dir, err)
}

// isTimeout recognises bbolt's lock timeout, which bleve does not always wrap with %w.
func isTimeout(err error) bool {
	return errors.Is(err, berrors.ErrTimeout) || strings.Contains(err.Error(), berrors.ErrTimeout.Error())
}

func create(dir string) (*Index, error) {
	idx, err := newBleve(dir)
	if err != nil {
		return nil, err
	}
	return finishOpen(dir, idx)
}

// newBleve creates an empty bleve index with the mapping and schema mark.
func newBleve(dir string) (bleve.Index, error) {
	idx, err := bleve.NewUsing(dir, newMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, storeConfig())
	if err != nil {
		if isTimeout(err) {
			return nil, fmt.Errorf("%w: %s", ErrBusy, dir)
		}
		return nil, fmt.Errorf("search: create %s: %w", dir, err)
	}
	if err := idx.SetInternal(keySchema, []byte(schema)); err != nil {
		idx.Close()
		return nil, fmt.Errorf("search: create %s: %w", dir, err)
	}
	return idx, nil
}

// removeIndex deletes an index directory, refusing anything that does not look like one: the
// path comes from the user's --db.
func removeIndex(dir string) error {
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		return fmt.Errorf("search: %s exists and is not a search index; not removing it", dir)
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("search: remove %s: %w", dir, err)
	}
	return nil
}

// Field names of the index documents.
const (
	fURL       = "url"
	fSite      = "site"
	fTitle     = "title"
	fPairs     = "title_pairs"   // the title's consecutive word pairs, for phrases
	fText      = "text"          // the title and the text: every word a search must match is here
	fTextBlob  = "text_blob"     // the archive blob of the text, for snippets and phrase checks
	fPublished = "published"     // date-time, for date filters
	fPubKey    = "published_key" // the same as a fixed-width UTC string, for ordering
	fPubRaw    = "published_raw" // as the archive gives it, for display
	fFetched   = "fetched"
	fVersion   = "version"
	fLatest    = "latest"
	fHub       = "hub"
)

// newMapping describes the documents: titles and texts analysed with the folding analyzer;
// keywords for site and URL; no catch-all field, which would index everything twice.
//
// Only titles keep term positions and stored values. Texts keep neither: positions and a stored
// copy cost more than half of the indexing time (docs/BENCHMARKS.md), and the archive already
// holds every text, so snippets and phrase checks read it from there (text_blob).
//
// The text field holds the title too, so a search requires each word in one field, a term
// query, rather than in the title or the text, a disjunction per word that cost a broad query
// several times as much; the title field only adds the title's weight to the score.
func newMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	im.ScoringModel = "bm25"
	im.DefaultAnalyzer = analyzerName
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	dm := bleve.NewDocumentStaticMapping()
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer, f.IncludeInAll, f.DocValues = analyzerName, false, false
		return f
	}
	keyword := func(index bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.IncludeInAll, f.DocValues, f.Index, f.IncludeTermVectors = false, false, index, false
		return f
	}
	pub := bleve.NewDateTimeFieldMapping()
	// A date's doc values are all its prefix-coded terms, about 150 bytes a document, which
	// made sorting by it cost a search most of its time; the key sorts instead, one short term.
	pub.IncludeInAll, pub.Store, pub.DocValues = false, false, false
	num := bleve.NewNumericFieldMapping()
	num.IncludeInAll, num.Index, num.DocValues = false, false, false
	boolean := func() *mapping.FieldMapping {
		f := bleve.NewBooleanFieldMapping()
		f.IncludeInAll, f.Store, f.DocValues = false, false, false
		return f
	}
	dm.AddFieldMappingsAt(fURL, keyword(true))
	dm.AddFieldMappingsAt(fSite, keyword(true))
	dm.AddFieldMappingsAt(fTitle, text())
	pairs := text()
	pairs.Analyzer, pairs.Store, pairs.IncludeTermVectors = pairsAnalyzerName, false, false
	dm.AddFieldMappingsAt(fPairs, pairs)
	body := text()
	body.Store, body.IncludeTermVectors = false, false
	dm.AddFieldMappingsAt(fText, body)
	dm.AddFieldMappingsAt(fTextBlob, keyword(false))
	dm.AddFieldMappingsAt(fPublished, pub)
	pubKey := keyword(true)
	pubKey.Store, pubKey.DocValues = false, true
	dm.AddFieldMappingsAt(fPubKey, pubKey)
	// No _all field: no field goes into it, but bleve would still make it for every document.
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	dm.AddFieldMappingsAt(fPubRaw, keyword(false))
	dm.AddFieldMappingsAt(fFetched, keyword(false))
	dm.AddFieldMappingsAt(fVersion, num)
	dm.AddFieldMappingsAt(fLatest, boolean())
	dm.AddFieldMappingsAt(fHub, boolean())
	im.DefaultMapping = dm
	return im
}
