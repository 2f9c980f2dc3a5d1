package archive

import (
	"encoding/json"
	"fmt"
	"time"
)

// recordFormat is the first byte of every stored record: JSON, so old records stay readable by
// people and by later versions as fields are added.
const recordFormat byte = 1

// Page status values.
const (
	StatusLive = "live"
	StatusGone = "gone"
)

// Page is what the archive knows of one article page.
type Page struct {
	URL          string    `json:"url"`
	Site         string    `json:"site,omitempty"`
	Status       string    `json:"status"`
	FirstSeen    time.Time `json:"first_seen"`
	LastSeen     time.Time `json:"last_seen"`
	LastChanged  time.Time `json:"last_changed"`
	GoneAt       time.Time `json:"gone_at,omitzero"`
	GoneReason   string    `json:"gone_reason,omitempty"`
	Versions     int       `json:"versions"`
	Captures     int       `json:"captures"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastStatus   int       `json:"last_status"`
	// Published is the latest version's publication date, for recrawl policies.
	Published string `json:"published,omitempty"`
	// Title is the latest version's title, for listings that show a changed title.
	Title string `json:"title,omitempty"`
}

// Version is one distinct article text of a page.
type Version struct {
	URL       string    `json:"url"`
	N         int       `json:"n"`
	Fetched   time.Time `json:"fetched"`
	Title     string    `json:"title"`
	Published string    `json:"published,omitempty"`
	Author    string    `json:"author,omitempty"`
	Lead      string    `json:"lead,omitempty"`
	// ContentHash identifies the article content (title, date, lead, text, author).
	ContentHash string `json:"content_hash"`
	TextBlob    string `json:"text_blob"`
	TextSize    int    `json:"text_size"`
	HTMLBlob    string `json:"html_blob"`
	HTMLSize    int    `json:"html_size"`
	// Capture is the time of the capture that made this version.
	Capture time.Time `json:"capture"`
}

// Capture is one fetch of a page.
type Capture struct {
	URL          string              `json:"url"`
	Time         time.Time           `json:"time"`
	FetchURL     string              `json:"fetch_url,omitempty"`
	FinalURL     string              `json:"final_url,omitempty"`
	Status       int                 `json:"status"`
	Version      int                 `json:"version,omitempty"`
	HTMLBlob     string              `json:"html_blob,omitempty"`
	Size         int                 `json:"size,omitempty"`
	ETag         string              `json:"etag,omitempty"`
	LastModified string              `json:"last_modified,omitempty"`
	Request      map[string][]string `json:"request,omitempty"`
	Response     map[string][]string `json:"response,omitempty"`
	NotModified  bool                `json:"not_modified,omitempty"`
}

func encodeRecord(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("archive: encode record: %w", err)
	}
	return append([]byte{recordFormat}, b...), nil
}

// decodeRecord reads a stored record; anything but a known format byte and valid JSON is
// ErrCorrupt.
func decodeRecord(b []byte, v any) error {
	if len(b) == 0 || b[0] != recordFormat {
		return fmt.Errorf("%w: unknown record format", ErrCorrupt)
	}
	if err := json.Unmarshal(b[1:], v); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return nil
}
