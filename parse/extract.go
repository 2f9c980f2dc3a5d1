package parse

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// MaxInput is the most of a page Extract reads; the rest is ignored, so a hostile page cannot make
// extraction slow or large.
const MaxInput = 8 << 20

var (
	// ErrNotHTML is returned for input that is not an HTML page (binary, empty).
	ErrNotHTML = errors.New("parse: not an HTML page")
	// ErrInternal is returned when extraction failed on a bug; the page should be kept and
	// re-extracted by a later version.
	ErrInternal = errors.New("parse: internal error")
)

// Page is one page to extract.
type Page struct {
	// HTML is the raw body as fetched, in any charset.
	HTML []byte
	// URL is the page's URL, used to resolve links, pick a profile and read a date in the path.
	URL string
	// ContentType is the HTTP Content-Type header, for its charset hint; may be empty.
	ContentType string
	// Profile forces a site profile; nil picks one from Extractor.Profiles by URL.
	Profile *Profile
	// Links asks for the page's links in Article.Links.
	Links bool

	trace *Trace // set by Explain
}

// Extractor extracts articles, choosing site profiles by URL and warning once per profile field
// that finds nothing. The zero value uses no profiles and does not log.
type Extractor struct {
	// Profiles are tried by host when a Page names none.
	Profiles []*Profile
	// Logger receives the fallback warnings; nil discards them.
	Logger *slog.Logger

	warned sync.Map
}

// NewExtractor returns an Extractor with the built-in site profiles (DefaultProfiles), the one
// every command and the crawler use; log receives its fallback warnings (nil discards them).
func NewExtractor(log *slog.Logger) *Extractor {
	return &Extractor{Profiles: DefaultProfiles(), Logger: log}
}

// Extract reads an article from a page with an optional profile (nil: generic extraction only).
func Extract(page []byte, pageURL string, profile *Profile) (Article, error) {
	var x Extractor
	return x.Extract(Page{HTML: page, URL: pageURL, Profile: profile})
}

// Extract reads the article in p. It never panics: a bug surfaces as ErrInternal.
func (x *Extractor) Extract(p Page) (a Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, err = Article{URL: p.URL}, fmt.Errorf("%w: %s: %v", ErrInternal, p.URL, r)
		}
	}()
	if len(p.HTML) > MaxInput {
		p.HTML = p.HTML[:MaxInput]
	}
	if looksBinary(p.HTML) {
		return Article{URL: p.URL}, fmt.Errorf("%w: %s", ErrNotHTML, p.URL)
	}
	text, cs := decode(p.HTML, p.ContentType)
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		// The only error x/net/html returns for an in-memory page is its nesting limit.
		if doc, err = html.Parse(strings.NewReader(flattenDeep(text))); err != nil {
			return Article{URL: p.URL}, fmt.Errorf("parse: %s: %w", p.URL, err)
		}
	}
	prof := p.Profile
	if prof == nil {
		prof = profileFor(x.Profiles, p.URL)
	}
	e := &extraction{x: x, doc: doc, prof: prof, url: p.URL, trace: p.trace}
	var links []Link
	if p.Links {
		// Before extraction strips menus and sidebars: their links are how a crawler finds
		// other articles.
		links = collectLinks(doc, baseURL(doc, p.URL))
	}
	a = e.run()
	a.Links = links
	a.Charset = cs
	return a, nil
}

// looksBinary reports bodies with NUL bytes or mostly control bytes near the start: images and
// PDFs served as text/html.
func looksBinary(b []byte) bool {
	head := b
	if len(head) > 1024 {
		head = head[:1024]
	}
	if len(bytes.TrimSpace(head)) == 0 {
		return true
	}
	if bytes.HasPrefix(head, []byte{0xfe, 0xff}) || bytes.HasPrefix(head, []byte{0xff, 0xfe}) {
		return false // UTF-16 has NULs by design
	}
	ctl := 0
	for _, c := range head {
		if c == 0 {
			return true
		}
		if c < 0x09 || (c > 0x0d && c < 0x20) {
			ctl++
		}
	}
	return ctl*10 > len(head)
}

// warnOnce logs a profile selector that found nothing, once per profile and field.
func (x *Extractor) warnOnce(prof *Profile, field, url string) {
	if x.Logger == nil {
		return
	}
	if _, loaded := x.warned.LoadOrStore(prof.Name+"\x00"+field, true); loaded {
		return
	}
	x.Logger.Warn("profile selector found nothing; using the generic extractor", "profile", prof.Name, "field", field, "url", url)
}

// selectFirst returns the first node matching a CSS selector list, or nil for an empty or
// invalid selector.
func selectFirst(doc *html.Node, sel string) *html.Node {
	nodes := selectAll(doc, sel)
	if len(nodes) == 0 {
		return nil
	}
	return nodes[0]
}

func selectAll(doc *html.Node, sel string) []*html.Node {
	if strings.TrimSpace(sel) == "" {
		return nil
	}
	// goquery matches nothing for an invalid selector; config validation reports those.
	return goquery.NewDocumentFromNode(doc).Find(sel).Nodes
}
