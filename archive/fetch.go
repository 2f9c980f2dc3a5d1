package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/newsarchive/newsarchive/archive/internal/blobstore"
)

// Content is an extracted article as the archive compares and keeps it. Its fields are already
// normalised (NFC, folded spaces) by the extractor.
type Content struct {
	Title     string
	Published string // RFC 3339 with offset, YYYY-MM-DD, or ""
	Author    string
	Lead      string
	// Text is the body as the text export prints it after the title and date lines.
	Text string
}

// Hash identifies the content: two fetches of a page make one version when their hashes agree.
func (c *Content) Hash() string {
	h := sha256.New()
	for _, s := range []string{c.Title, c.Published, c.Author, c.Lead, c.Text} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// GroupPages is how many new pages of one site the archive compresses together when one
// PutBatch brings them: a writer that can gather a site's new pages into one batch makes the
// archive smaller (docs/STORAGE.md, "Groups").
const GroupPages = blobstore.DefaultGroupPages

// Fetch is one capture of a page, handed to PutBatch: a crawled response, an imported WARC
// record, a redirect hop. The ingest package builds them; PutBatch is the archive's one write path
// for captures.
type Fetch struct {
	// URL is the page's key (see Canonicalize).
	URL string
	// FetchURL is the URL requested, when it differs from the key (redirects, tracking
	// parameters, rel=canonical, an alternate rendering).
	FetchURL string
	// FinalURL is the URL that answered, after redirects, when it differs from the key.
	FinalURL string
	// Site names the configured site the page belongs to. A page keeps the site it was first
	// archived under.
	Site string
	// Kind is what the page is; empty counts as an article.
	Kind Kind
	// Role is the capture's part in the page's history.
	Role Role
	// Time is when the response arrived.
	Time time.Time
	// Status is the HTTP status code.
	Status int
	// Request and Response are the headers as sent and received.
	Request, Response map[string][]string
	// Body is the raw response body; nil for 304, redirects and errors.
	Body []byte
	// Content is the extracted article; nil for anything that is not the article itself.
	Content *Content
	// Gone, when set, says why this capture shows the page no longer exists: a 404 or 410, or a
	// soft 404 (a deleted article redirected to the home page, a "không tồn tại" page).
	Gone string
}

// Outcome says what PutBatch did with a fetch.
type Outcome int

const (
	// OutcomeNew is the first version of a page the archive did not have.
	OutcomeNew Outcome = iota + 1
	// OutcomeNewVersion is a changed article: a version was added.
	OutcomeNewVersion
	// OutcomeUnchanged is a capture of an article that did not change (the HTML may have).
	OutcomeUnchanged
	// OutcomeNotModified is a 304 answer to a conditional request.
	OutcomeNotModified
	// OutcomeGone is a capture saying the page no longer exists; the page is marked gone.
	OutcomeGone
	// OutcomeSkipped is a fetch with nothing to keep: an error status, an article page
	// without an article.
	OutcomeSkipped
	// OutcomeDuplicate is a capture the archive already holds (same page, second, status and
	// payload): nothing changed.
	OutcomeDuplicate
	// OutcomeCaptured is a capture kept without touching the page's versions: a hub, a
	// resource, an alternate rendering, a redirect hop.
	OutcomeCaptured
	// OutcomeEarlier is a capture older than the page's newest, fitted into its timeline: the
	// page's versions were derived again.
	OutcomeEarlier
)

func (o Outcome) String() string {
	switch o {
	case OutcomeNew:
		return "new"
	case OutcomeNewVersion:
		return "new version"
	case OutcomeUnchanged:
		return "unchanged"
	case OutcomeNotModified:
		return "not modified"
	case OutcomeGone:
		return "gone"
	case OutcomeSkipped:
		return "skipped"
	case OutcomeDuplicate:
		return "already archived"
	case OutcomeCaptured:
		return "captured"
	case OutcomeEarlier:
		return "earlier capture"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Result is the outcome of one fetch.
type Result struct {
	URL     string
	Outcome Outcome
	// Version is the page's version the capture matched or made.
	Version int
}
