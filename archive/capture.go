package archive

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"time"
)

// putOne records one prepared fetch in tx. A capture newer than everything the page has is
// applied to the page's history at once; an earlier one is inserted and its page marked in
// earlier, to have its history derived again from the whole timeline.
func putOne(tx *txn, p *prepared, earlier map[string]bool) (Result, error) {
	f := p.f
	res := Result{URL: f.URL, Outcome: OutcomeSkipped}
	if !keeps(f) {
		return res, nil
	}
	c := newCapture(p)
	dup, err := holdsCapture(tx, c)
	if err != nil || dup {
		res.Outcome = OutcomeDuplicate
		return res, err
	}
	if _, err := movePage(tx, f.URL); err != nil {
		return res, err
	}
	page, found, err := getPage(tx, f.URL)
	if err != nil {
		return res, err
	}
	if !found && f.Content != nil {
		// The page is numbered now, so that its content record is keyed by the number.
		fresh := freshPage(f.URL, f.Site, f.Kind)
		if err := putPage(tx, &fresh); err != nil {
			return res, err
		}
	}
	if f.Content != nil {
		if err := putPrepared(tx, p); err != nil {
			return res, err
		}
	}
	if found && page.Site == "" {
		page.Site = f.Site // a page keeps the first site it was archived under
	}
	if found && !c.Time.After(page.LastSeen) {
		earlier[f.URL] = true
		page.Captures++ // rederive counts again; this keeps the record sane meanwhile
		res.Outcome, res.Version = OutcomeEarlier, page.Versions
		if err := putCapture(tx, captureKey(pagePrefix(tx, f.URL), c), c); err != nil {
			return res, err
		}
		return res, putPage(tx, &page)
	}
	if !found {
		page = freshPage(f.URL, f.Site, f.Kind)
	}
	h, err := loadLatest(tx, &page)
	if err != nil {
		return res, err
	}
	res.Outcome = h.apply(tx, c)
	if !found && res.Outcome == OutcomeNewVersion {
		res.Outcome = OutcomeNew
	}
	res.Version = page.Versions
	if err := h.save(tx); err != nil {
		return res, err
	}
	return res, putCapture(tx, captureKey(pagePrefix(tx, f.URL), c), c)
}

// keeps reports whether a fetch holds anything to archive: an article, a page's absence, a hub
// or resource, an alternate rendering, a redirect hop, a 304. Server errors and article pages
// without an article are left to the crawler's failure records.
func keeps(f Fetch) bool {
	switch {
	case f.Gone != "" || f.Status == http.StatusNotFound || f.Status == http.StatusGone:
		return true
	case f.Status == http.StatusNotModified:
		return f.Role == RolePrimary
	case f.Status >= 300 && f.Status < 400:
		return f.Role == RoleRedirect
	case f.Status != http.StatusOK:
		return false
	case f.Role != RolePrimary:
		return true
	}
	return f.Content != nil || !f.Kind.IsArticle()
}

func newCapture(p *prepared) *Capture {
	f := p.f
	c := &Capture{
		URL: f.URL, Time: f.Time, FetchURL: f.FetchURL, FinalURL: f.FinalURL, Status: f.Status,
		ETag: header(f.Response, "ETag"), LastModified: header(f.Response, "Last-Modified"),
		Request: f.Request, Response: f.Response, Role: f.Role, Content: p.hash,
		NotModified: f.Status == http.StatusNotModified,
	}
	if p.htmlID != "" {
		c.HTMLBlob, c.Size = p.htmlID, len(f.Body)
	}
	switch {
	case f.Gone != "":
		c.Gone = f.Gone
	case f.Status == http.StatusNotFound || f.Status == http.StatusGone:
		c.Gone = "HTTP " + strconv.Itoa(f.Status)
	}
	if c.Gone != "" {
		c.Content = ""
	}
	return c
}

// identity is what tells one capture of a page from another fetched in the same second: its
// status, role and payload, and for a capture of another URL (an alternate, a redirect hop) that
// URL. Capture identity is (page, second, identity): importing a WARC twice, or a WARC the
// archive wrote itself (whose dates may carry only seconds), adds nothing.
func (c *Capture) identity() [identityLen]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%s\x00", c.Role, c.Status, c.HTMLBlob)
	if c.Role != RolePrimary {
		fmt.Fprintf(h, "%s\x00%s", c.FetchURL, c.FinalURL)
	}
	var id [identityLen]byte
	copy(id[:], h.Sum(nil))
	return id
}

// identityLen is the length of a capture's identity.
const identityLen = 8

// captureKey is the page's key prefix (see keys.go), big-endian unix nanoseconds, then the
// capture's identity: a page's captures sort together in time order, and two captures in one
// nanosecond do not collide. Archives written before identities have keys without the last
// eight bytes; both sort alike.
func captureKey(prefix []byte, c *Capture) []byte {
	id := c.identity()
	return append(timeKey(prefix, c.Time), id[:]...)
}

// holdsCapture reports whether the archive has a capture of c's page with c's identity in the
// same second.
func holdsCapture(tx *txn, c *Capture) (bool, error) {
	sec := c.Time.Truncate(time.Second)
	prefix := pagePrefix(tx, c.URL)
	from, to := timeKey(prefix, sec), timeKey(prefix, sec.Add(time.Second))
	want := c.identity()
	cur := tx.Bucket(bucketCaptures).Within(prefix)
	for k, v := cur.Seek(from); k != nil && bytes.Compare(k, to) < 0; k, v = cur.Next() {
		old, err := decodeCapture(c.URL, v)
		if err != nil {
			return false, fmt.Errorf("capture %q: %w", k, err)
		}
		if old.identity() == want {
			return true, nil
		}
	}
	return false, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// header returns the first value of a header, matching its name case-insensitively.
func header(h map[string][]string, name string) string {
	if v := http.Header(h).Get(name); v != "" {
		return v
	}
	for k, v := range h {
		if len(v) > 0 && bytes.EqualFold([]byte(k), []byte(name)) {
			return v[0]
		}
	}
	return ""
}
