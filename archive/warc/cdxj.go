package warc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// indexEntry is one line of the CDXJ index.
type indexEntry struct {
	urlkey, timestamp string
	url, mime, status string
	digest, filename  string
	offset, length    int64
}

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
