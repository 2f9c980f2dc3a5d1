package warc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
)

// cdxjFields is the JSON part of a CDXJ line, in the order pywb and warcio.js write it.
type cdxjFields struct {
	URL      string `json:"url"`
	Mime     string `json:"mime,omitempty"`
	Status   string `json:"status,omitempty"`
	Digest   string `json:"digest,omitempty"`
	Length   string `json:"length"`
	Offset   string `json:"offset"`
	Filename string `json:"filename"`
}

// line formats e as one CDXJ line without the newline.
func (e indexEntry) line() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(e.urlkey + " " + e.timestamp + " ")
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(cdxjFields{
		URL:      e.url,
		Mime:     e.mime,
		Status:   e.status,
		Digest:   e.digest,
		Length:   strconv.FormatInt(e.length, 10),
		Offset:   strconv.FormatInt(e.offset, 10),
		Filename: e.filename,
	})
	if err != nil {
		return nil, fmt.Errorf("warc: index line for %s: %w", e.url, err)
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// writeIndex writes the entries, sorted bytewise (so by urlkey, then timestamp), to path,
// replacing it atomically.
func writeIndex(path string, entries []indexEntry) error {
	lines := make([][]byte, 0, len(entries))
	for _, e := range entries {
		l, err := e.line()
		if err != nil {
			return err
		}
		lines = append(lines, l)
	}
	sort.SliceStable(lines, func(i, j int) bool { return bytes.Compare(lines[i], lines[j]) < 0 })

	tmp, err := os.CreateTemp(filepath.Dir(path), ".index-*.cdxj")
	if err != nil {
		return fmt.Errorf("warc: write index: %w", err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriter(tmp)
	for _, l := range lines {
		bw.Write(l)
		bw.WriteByte('\n')
	}
	err = bw.Flush()
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("warc: write index %s: %w", path, err)
	}
	return nil
}
