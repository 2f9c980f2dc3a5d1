package parse

import "time"

// BlockKind says what a block of body text is, so renderers can place captions and headings.
type BlockKind int

const (
	// Paragraph is ordinary body text.
	Paragraph BlockKind = iota
	// Heading is an intertitle inside the body.
	Heading
	// Caption is the caption of a photo, printed where the photo stood.
	Caption
	// Quote is a block quotation.
	Quote
	// ListItem is one item of a list.
	ListItem
)

// Block is one paragraph-like unit of an article body, in document order.
type Block struct {
	Kind BlockKind
	Text string
}

// Date is a publication time as precise as the page gives it: a bare date keeps HasTime false
// and its Time is midnight in Asia/Ho_Chi_Minh.
type Date struct {
	Time    time.Time
	HasTime bool
}

// IsZero reports whether no date was found.
func (d Date) IsZero() bool { return d.Time.IsZero() }

// String formats the date as RFC 3339 with the site's offset, or YYYY-MM-DD for a bare date, or ""
// when there is none.
func (d Date) String() string {
	switch {
	case d.IsZero():
		return ""
	case d.HasTime:
		return d.Time.Format(time.RFC3339)
	default:
		return d.Time.Format(time.DateOnly)
	}
}

// Article is what Extract finds in a page. All text is NFC with spaces folded.
type Article struct {
	// URL is the page URL the caller gave (or the <base href>-resolved one).
	URL string
	// Canonical is the rel=canonical URL, resolved; empty when the page declares none.
	Canonical string
	// Title is the article heading, without the site name.
	Title string
	// Published is the publication date and, when given, time.
	Published Date
	// Author holds the names of the writers or the source, comma-separated: "Thu Huyền" for the
	// byline "Tin, ảnh: Thu Huyền", "Hà Thu" for "Hà Thu (tổng hợp)", "Bentre.gov.vn" for
	// "Nguồn: Bentre.gov.vn". It may come from structured data the page does not show.
	Author string
	// Byline is the byline or source line as the page shows it, which Text prints last; empty
	// when the page shows none.
	Byline string
	// Lead is the standfirst paragraph, when the page marks one or the body opens with one.
	Lead string
	// Blocks is the body after the lead, in order, captions in place.
	Blocks []Block
	// Captions lists each photo caption once, in order.
	Captions []string
	// Images are the photos of the article body, in order: the archive keeps them with the page.
	Images []Image
	// Language is the page's declared language ("vi"), or a guess from its text.
	Language string
	// IsArticle is false for listing, home and error pages.
	IsArticle bool
	// Charset is the encoding the page was decoded from.
	Charset string
	// Profile names the site profile used, or "" when the generic extractor did the work.
	Profile string
	// Links are the page's http(s) links, resolved against <base href>, in document order: filled
	// only when Page.Links asks for them, so a crawler need not parse the page twice.
	Links []Link
}

// Link is one link of a page.
type Link struct {
	URL  string
	Text string
}
