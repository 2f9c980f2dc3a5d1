package export

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// record is one line of the JSON Lines export; its keys are a public interface.
type record struct {
	URL       string `json:"url"`
	Site      string `json:"site"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Author    string `json:"author"`
	Text      string `json:"text"`
	Version   int    `json:"version"`
	Versions  int    `json:"versions"`
	FirstSeen string `json:"first_seen"`
	LastSeen  string `json:"last_seen"`
	Status    string `json:"status"`
}

// JSONL writes one JSON object per line per article version to w and returns how many. Like Text
// it reads the archive in two bounded passes, and streams the lines out as it reads.
func JSONL(ctx context.Context, s *archive.Store, w io.Writer, opts Options) (int, error) {
	sel, err := selectVersions(ctx, s, opts)
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	defer sel.close()
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	n := 0
	err = sel.each(ctx, s, func(_ int, it Item) error {
		r := record{
			URL: it.Page.URL, Site: it.Page.Site, Title: it.Version.Title, Published: it.Version.Published,
			Author: it.Version.Author, Text: it.Text, Version: it.Version.N, Versions: it.Page.Versions,
			FirstSeen: it.Page.FirstSeen.UTC().Format(time.RFC3339), LastSeen: it.Page.LastSeen.UTC().Format(time.RFC3339),
			Status: string(it.Page.Status),
		}
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		n++
		opts.progress(n, sel.n)
		return nil
	})
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}
