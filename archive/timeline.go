package archive

import (
	"bytes"
	"fmt"
	"time"
)

// A page's history is a function of its captures in time order: its versions are the runs of
// distinct article content among its primary captures, its status is what its newest primary
// capture says, its validators those of its newest primary capture. history applies captures one
// by one in that order; the crawler's newest captures go through it directly, and rederive
// replays a page's whole timeline through the same code when a capture arrives out of order (an
// imported older crawl), so both paths give byte-identical records.
type history struct {
	page *Page
	// latest is the page's newest version, nil before the first.
	latest *Version
	// touched are the versions to write back.
	touched []*Version
}

// freshPage is a page before any capture is applied.
func freshPage(url, site string, kind Kind) Page {
	if kind == "" {
		kind = KindArticle
	}
	return Page{URL: url, Site: site, Kind: kind, Status: StatusLive}
}

// loadLatest starts a history for an archived page from its newest version.
func loadLatest(tx *txn, page *Page) (*history, error) {
	h := &history{page: page}
	if page.Versions == 0 {
		return h, nil
	}
	v := tx.Bucket(bucketVersions).Get(versionKey(pagePrefix(tx, page.URL), page.Versions))
	if v == nil {
		return nil, fmt.Errorf("%w: %s: version %d missing", ErrCorrupt, page.URL, page.Versions)
	}
	ver, err := decodeVersion(tx, page.URL, v)
	if err != nil {
		return nil, fmt.Errorf("version %d of %s: %w", page.Versions, page.URL, err)
	}
	h.latest = &ver
	return h, nil
}

// apply adds one capture, newer than every capture applied before, to the history, and sets the
// capture's version number.
func (h *history) apply(tx *txn, c *Capture) Outcome {
	p := h.page
	p.Captures++
	if p.FirstSeen.IsZero() || c.Time.Before(p.FirstSeen) {
		p.FirstSeen = c.Time
	}
	if p.LastChanged.IsZero() {
		p.LastChanged = c.Time
	}
	p.LastSeen, p.LastStatus = c.Time, c.Status
	out := h.applyPrimary(tx, c)
	c.Version = p.Versions
	return out
}

func (h *history) applyPrimary(tx *txn, c *Capture) Outcome {
	p := h.page
	switch {
	case c.Role != RolePrimary:
		return OutcomeCaptured
	case c.Gone != "":
		if p.Status != StatusGone {
			p.Status, p.GoneAt, p.GoneReason = StatusGone, c.Time, c.Gone
		}
		return OutcomeGone
	case c.NotModified:
		h.live()
		// A 304 may carry fresh validators; the next conditional request should send them.
		if c.ETag != "" {
			p.ETag = c.ETag
		}
		if c.LastModified != "" {
			p.LastModified = c.LastModified
		}
		h.seen(c.Time)
		return OutcomeNotModified
	}
	h.live()
	p.ETag, p.LastModified = c.ETag, c.LastModified
	if c.Content == "" {
		return OutcomeCaptured
	}
	p.Kind = KindArticle
	if h.latest != nil && h.latest.ContentHash == c.Content {
		h.seen(c.Time)
		return OutcomeUnchanged
	}
	h.addVersion(tx, c)
	return OutcomeNewVersion
}

func (h *history) live() {
	p := h.page
	p.Status, p.GoneAt, p.GoneReason = StatusLive, time.Time{}, ""
}

// seen counts a capture that showed the latest version again.
func (h *history) seen(t time.Time) {
	if h.latest == nil {
		return
	}
	h.latest.Captures++
	h.latest.Last = t
	h.touch(h.latest)
}

func (h *history) touch(v *Version) {
	for _, t := range h.touched {
		if t == v {
			return
		}
	}
	h.touched = append(h.touched, v)
}

// addVersion starts a version with the capture's content. The content record is put before any
// capture that names it, so a missing one leaves the version without its fields, which verify
// reports.
func (h *history) addVersion(tx *txn, c *Capture) {
	p := h.page
	p.Versions++
	rec, _ := getContent(tx, p.URL, c.Content)
	v := &Version{
		URL: p.URL, N: p.Versions, Fetched: c.Time, Capture: c.Time, Last: c.Time, Captures: 1,
		Title: rec.Title, Published: rec.Published, Author: rec.Author, Lead: rec.Lead,
		ContentHash: c.Content, TextBlob: rec.TextBlob, TextSize: rec.TextSize, HTMLBlob: c.HTMLBlob, HTMLSize: c.Size,
	}
	if id := c.identity(); c.Role == RolePrimary {
		v.made = string(id[:])
	}
	p.LastChanged, p.Title, p.Published = c.Time, rec.Title, rec.Published
	h.latest = v
	h.touch(v)
}

// save writes the page and the versions the history changed; the page first, as a new page's
// record gives its number to the keys of its versions.
func (h *history) save(tx *txn) error {
	if err := putPage(tx, h.page); err != nil {
		return err
	}
	for _, v := range h.touched {
		if err := putVersion(tx, v); err != nil {
			return err
		}
	}
	h.touched = nil
	return nil
}

// replayed is a page's history derived from its captures.
type replayed struct {
	page     Page
	versions []*Version
	// recaptured are the captures whose version number the replay changed, with their keys.
	recaptured []keyedCapture
}

type keyedCapture struct {
	key []byte
	c   Capture
}

// replay derives a page's history from its captures in time order, writing nothing.
func replay(tx *txn, old Page) (replayed, error) {
	r := replayed{page: freshPage(old.URL, old.Site, old.Kind)}
	h := &history{page: &r.page}
	err := scanPrefixKV(tx, bucketCaptures, old.URL, func(k, v []byte) error {
		c, err := decodeCapture(old.URL, v)
		if err != nil {
			return fmt.Errorf("capture of %s: %w", old.URL, err)
		}
		before := c.Version
		h.apply(tx, &c)
		if c.Version != before {
			r.recaptured = append(r.recaptured, keyedCapture{bytes.Clone(k), c})
		}
		return nil
	})
	r.versions = h.touched
	return r, err
}

// rederive replays a page's captures in time order and rewrites its versions, its page record,
// and the version numbers of captures that changed.
func rederive(tx *txn, url string) error {
	old, found, err := getPage(tx, url)
	if err != nil || !found {
		return err
	}
	r, err := replay(tx, old)
	if err != nil {
		return err
	}
	for _, kc := range r.recaptured {
		if err := putCapture(tx, kc.key, &kc.c); err != nil {
			return err
		}
	}
	prefix := pagePrefix(tx, url)
	for n := r.page.Versions + 1; n <= old.Versions; n++ {
		if err := tx.Bucket(bucketVersions).Delete(versionKey(prefix, n)); err != nil {
			return err
		}
	}
	h := &history{page: &r.page, touched: r.versions}
	return h.save(tx)
}

// scanPrefixKV calls fn with every key and value of a bucket keyed by url's prefix (see
// pagePrefix), in key order.
func scanPrefixKV(tx *txn, bucket []byte, url string, fn func(k, v []byte) error) error {
	prefix := pagePrefix(tx, url)
	c := tx.Bucket(bucket).Within(prefix)
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}
