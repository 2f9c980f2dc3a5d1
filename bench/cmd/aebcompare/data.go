package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// page is one benchmark page, already read and decompressed.
type page struct {
	ID   string
	URL  string
	HTML []byte
}

// truthItem is one entry of a ground-truth file, in the scorer's format.
type truthItem struct {
	ArticleBody string `json:"articleBody"`
	URL         string `json:"url,omitempty"`
}

// dataset is a set of pages plus the ground-truth file the scorer reads for it.
type dataset struct {
	Name      string // "aeb" or "vi"
	Title     string // heading for the report
	Pages     []page
	TruthPath string // ground-truth JSON handed to the scorer
	Missing   []string
}

// loadAEB reads the public article-extraction benchmark: DIR/ground-truth.json and
// DIR/html/<id>.html.gz. A page whose HTML is missing keeps an empty prediction (the scorer
// iterates over the ground truth) and is listed in Missing.
func loadAEB(dir string) (*dataset, error) {
	truthPath := filepath.Join(dir, "ground-truth.json")
	b, err := os.ReadFile(truthPath)
	if err != nil {
		return nil, err
	}
	truth := map[string]truthItem{}
	if err := json.Unmarshal(b, &truth); err != nil {
		return nil, fmt.Errorf("%s: %w", truthPath, err)
	}
	ids := make([]string, 0, len(truth))
	for id := range truth {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	ds := &dataset{Name: "aeb", Title: "article-extraction-benchmark", TruthPath: truthPath}
	for _, id := range ids {
		html, err := readGzip(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			ds.Missing = append(ds.Missing, id)
			continue
		}
		ds.Pages = append(ds.Pages, page{ID: id, URL: truth[id].URL, HTML: html})
	}
	if len(ds.Pages) == 0 {
		return nil, fmt.Errorf("%s: no pages found under html/", dir)
	}
	return ds, nil
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer zr.Close()
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// loadVI reads a directory tree of <base>.html + <base>.truth.txt pairs, with the page URL taken
// from the "url" key of <base>.json when that file exists. Page ids are the paths of <base>
// relative to dir. An .html without a .truth.txt is not a benchmark page and is skipped. The
// ground truth is written to outDir/truth-vi.json so the official scorer can read it.
func loadVI(dir, outDir string) (*dataset, error) {
	ds := &dataset{Name: "vi", Title: "Vietnamese replica pages (" + dir + ")"}
	truth := map[string]truthItem{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !(strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".html.gz")) {
			return nil
		}
		base := strings.TrimSuffix(strings.TrimSuffix(path, ".gz"), ".html")
		tb, err := os.ReadFile(base + ".truth.txt")
		if err != nil {
			return nil // not a scored page
		}
		html, err := readPage(path)
		if err != nil {
			return err
		}
		var meta struct {
			URL string `json:"url"`
		}
		if mb, err := os.ReadFile(base + ".json"); err == nil {
			if err := json.Unmarshal(mb, &meta); err != nil {
				return fmt.Errorf("%s.json: %w", base, err)
			}
		}
		id, err := filepath.Rel(dir, base)
		if err != nil {
			return err
		}
		id = filepath.ToSlash(id)
		truth[id] = truthItem{ArticleBody: string(tb), URL: meta.URL}
		ds.Pages = append(ds.Pages, page{ID: id, URL: meta.URL, HTML: html})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(ds.Pages) == 0 {
		return nil, fmt.Errorf("%s: no <base>.html + <base>.truth.txt pairs found", dir)
	}
	sort.Slice(ds.Pages, func(i, j int) bool { return ds.Pages[i].ID < ds.Pages[j].ID })
	ds.TruthPath = filepath.Join(outDir, "truth-vi.json")
	if err := writeJSON(ds.TruthPath, truth); err != nil {
		return nil, err
	}
	return ds, nil
}

// readPage reads an .html page, or an .html.gz page as the real-page corpus keeps them.
func readPage(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil || !strings.HasSuffix(path, ".gz") {
		return b, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer zr.Close()
	return io.ReadAll(zr)
}

// writeJSON writes v as indented JSON without HTML escaping, so the text stays readable.
func writeJSON(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
