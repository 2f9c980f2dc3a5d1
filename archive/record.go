package archive

import (
	"encoding/json"
	"fmt"
	"time"
)

// PageStatus says whether a page is still on its site.
type PageStatus string

// Page status values.
const (
	// StatusLive is a page whose latest capture found it.
	StatusLive PageStatus = "live"
	// StatusGone is a page whose latest capture says it no longer exists (a 404, a 410, a soft
	// 404); it stays archived with all its versions.
	StatusGone PageStatus = "gone"
)

// Kind says what a page is. Only articles have versions and appear in the text and JSON Lines
// exports; hubs and resources are kept as captures so a WARC replay can walk the site.
type Kind string

const (
	// KindArticle is an article page. Old archives, which kept nothing else, leave it empty.
	KindArticle Kind = "article"
	// KindHub is a page that leads to articles: a home page, section listing, tag, search or
	// calendar page.
	KindHub Kind = "hub"
	// KindResource is a crawl resource that is no web page: robots.txt, a sitemap, a feed.
	KindResource Kind = "resource"
	// KindImage is a photo of an article body, kept so the article reads as published.
	KindImage Kind = "image"
)

// IsArticle reports an article page, counting the empty kind of old archives as one.
func (k Kind) IsArticle() bool { return k == KindArticle || k == "" }

// Role says what a capture is to its page's history.
type Role string

const (
	// RolePrimary is a fetch of the page itself: its content makes the page's versions.
	RolePrimary Role = ""
	// RoleAlternate is another rendering of the page (a print view, AMP page, mobile host,
	// duplicate URL) whose rel=canonical names the page: kept, never a version.
	RoleAlternate Role = "alternate"
	// RoleRedirect is a redirect hop (3xx) that led to the page: kept for replay.
	RoleRedirect Role = "redirect"
)

// Page is what the archive knows of one article page.
type Page struct {
	URL          string     `json:"url"`
	Site         string     `json:"site,omitempty"`
	Status       PageStatus `json:"status"`
	FirstSeen    time.Time  `json:"first_seen"`
	LastSeen     time.Time  `json:"last_seen"`
	LastChanged  time.Time  `json:"last_changed"`
	GoneAt       time.Time  `json:"gone_at,omitzero"`
	GoneReason   string     `json:"gone_reason,omitempty"`
	Versions     int        `json:"versions"`
	Captures     int        `json:"captures"`
	ETag         string     `json:"etag,omitempty"`
	LastModified string     `json:"last_modified,omitempty"`
	LastStatus   int        `json:"last_status"`
	// Published is the latest version's publication date, for recrawl policies.
	Published string `json:"published,omitempty"`
	// Title is the latest version's title, for listings that show a changed title.
	Title string `json:"title,omitempty"`
	// Kind is what the page is; empty in archives written before kinds existed (articles).
	Kind Kind `json:"kind,omitempty"`
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
	// Capture is the time of the capture that made this version: its first capture.
	Capture time.Time `json:"capture"`
	// Last is the time of the newest capture that showed this version's content.
	Last time.Time `json:"last,omitzero"`
	// Captures counts the captures that showed it (304 answers included).
	Captures int `json:"captures,omitempty"`
	// made is the identity of the capture that made the version, its raw bytes, when known: it
	// lets the version be stored without repeating that capture's fields (see madeVersion). A
	// string, so that versions compare with ==.
	made string
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
	// Role is the capture's part in the page's history: primary (empty), alternate, redirect.
	Role Role `json:"role,omitempty"`
	// Content is the content hash of the article extracted from this capture (see
	// Content.Hash); empty when it held none. The page's versions are derived from it.
	Content string `json:"content,omitempty"`
	// Gone is why this capture says the page no longer exists (HTTP 404, a soft 404).
	Gone string `json:"gone,omitempty"`
	// Prior lists the content hashes earlier extractors gave this capture, oldest first: a
	// reparse replaces Content but loses nothing.
	Prior []string `json:"prior,omitempty"`
}

// contentRecord is an article's fields by content hash, so versions can be derived again from
// the captures alone.
type contentRecord struct {
	Title     string `json:"title"`
	Published string `json:"published,omitempty"`
	Author    string `json:"author,omitempty"`
	Lead      string `json:"lead,omitempty"`
	TextBlob  string `json:"text_blob"`
	TextSize  int    `json:"text_size"`
}

// encodeRecord stores a record as JSON, so old records stay readable by later versions as fields
// are added, compressed against the record dictionary (see recordcodec.go).
func encodeRecord(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("archive: encode record: %w", err)
	}
	return compressRecord(b)
}

// encodePlain is a record's stored form uncompressed, for the versions, captures, contents and
// pages buckets seen through a txn: a page record is compressed whole, and a record that goes to
// the bucket itself is compressed there (packRecord).
func encodePlain(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("archive: encode record: %w", err)
	}
	return append([]byte{recordJSON}, b...), nil
}

// decodeRecord reads a stored record; anything but a known format byte and valid JSON is
// ErrCorrupt.
func decodeRecord(b []byte, v any) error {
	if len(b) == 0 {
		return fmt.Errorf("%w: empty record", ErrCorrupt)
	}
	_, b, err := splitNumber(b)
	if err != nil {
		return err
	}
	js, err := expandRecord(b)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(js, v); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return nil
}
