package web

import (
	"net/http"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// captureRow is one capture as the article page and /api/page show it. Only a primary capture of
// an article can stand for a version: an alternate rendering, a redirect hop, or a fetch of a hub,
// resource or photo is shown for what it is, never with a version number.
type captureRow struct {
	Time   time.Time `json:"time"`
	Status int       `json:"status"`
	// Role is "primary", "alternate" or "redirect".
	Role string `json:"role"`
	// URL is the address fetched when it is not the page's own: an alternate's (print view, AMP,
	// mobile host), the hop of a redirect, the address a redirect led to.
	URL string `json:"url,omitempty"`
	// Location is where a redirect hop pointed.
	Location string `json:"location,omitempty"`
	// Version is the article version this capture showed; 0 when it shows none.
	Version     int  `json:"version,omitempty"`
	NotModified bool `json:"not_modified,omitempty"`
	// Gone is why this capture says the page was removed.
	Gone string `json:"gone,omitempty"`
	// Stored reports that the capture's body is kept ("as captured" view).
	Stored bool `json:"stored"`
}

// roleName is the API's name of a capture role: the archive leaves the primary role empty.
func roleName(r archive.Role) string {
	if r == archive.RolePrimary {
		return "primary"
	}
	return string(r)
}

// kindName is the API's name of a page kind: old archives leave an article's kind empty.
func kindName(k archive.Kind) string {
	if k == "" {
		return string(archive.KindArticle)
	}
	return string(k)
}

// captureRows describes the captures of page p.
func captureRows(p archive.Page, cs []archive.Capture) []captureRow {
	out := make([]captureRow, 0, len(cs))
	for _, c := range cs {
		row := captureRow{Time: c.Time, Status: c.Status, Role: roleName(c.Role), NotModified: c.NotModified,
			Gone: c.Gone, Stored: c.HTMLBlob != ""}
		switch c.Role {
		case archive.RolePrimary:
			if p.Kind.IsArticle() && c.Gone == "" {
				row.Version = c.Version
			}
			for _, u := range []string{c.FinalURL, c.FetchURL} {
				if u != "" && u != p.URL {
					row.URL = u
					break
				}
			}
		case archive.RoleRedirect:
			row.URL = c.FetchURL
			row.Location = http.Header(c.Response).Get("Location")
		default:
			row.URL = c.FetchURL
			if row.URL == "" {
				row.URL = c.FinalURL
			}
		}
		out = append(out, row)
	}
	return out
}
