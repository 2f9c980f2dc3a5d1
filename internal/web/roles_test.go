package web

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// Pages of the roles archive.
const (
	rolesArticle = "http://news.example/tin/lu-lut-a1.html"
	rolesPrint   = "http://news.example/print/tin/lu-lut-a1.html"
	rolesOldURL  = "http://news.example/old/a1"
	rolesHub     = "http://news.example/thoi-su/"
	rolesImage   = "http://news.example/img/lu-lut.jpg"
)

// rolesArchive stores what a crawl keeps besides an article's own fetches: a redirect hop that
// led to the article, the article (twice, with a correction), its print view (an alternate),
// a section listing and a photo.
func rolesArchive(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "roles.db")
	ctx := context.Background()
	st, err := archive.Open(ctx, db, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
	html := func(s string) []byte { return []byte("<html><body>" + s + "</body></html>") }
	article := func(text string) *archive.Content {
		return &archive.Content{Title: "Lũ lụt ở Bến Tre", Published: "2026-11-19T08:00:00+07:00", Text: text}
	}
	batches := [][]archive.Fetch{{
		{URL: rolesArticle, FetchURL: rolesOldURL, Site: "news", Role: archive.RoleRedirect, Time: at, Status: 301,
			Response: map[string][]string{"Location": {rolesArticle}}},
		{URL: rolesArticle, Site: "news", Time: at.Add(time.Second), Status: 200, Body: html("v1"), Content: article("Nước lên.")},
		{URL: rolesArticle, FetchURL: rolesPrint, Site: "news", Role: archive.RoleAlternate, Time: at.Add(2 * time.Second), Status: 200, Body: html("print")},
		{URL: rolesHub, Site: "news", Kind: archive.KindHub, Time: at, Status: 200, Body: html("listing")},
		{URL: rolesImage, Site: "news", Kind: archive.KindImage, Time: at, Status: 200, Body: []byte("\xff\xd8\xff\xe0 jpeg"),
			Response: map[string][]string{"Content-Type": {"image/jpeg"}}},
	}, {
		{URL: rolesArticle, Site: "news", Time: at.Add(time.Hour), Status: 200, Body: html("v2"), Content: article("Nước lên cao.")},
		{URL: rolesHub, Site: "news", Kind: archive.KindHub, Time: at.Add(time.Hour), Status: 200, Body: html("listing 2")},
	}}
	for _, b := range batches {
		if _, err := st.PutBatch(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

type apiPageResult struct {
	URL, Kind string
	Versions  []struct{ Version int }
	Captures  []struct {
		Role, URL, Location string
		Status, Version     int
		Stored              bool
	}
}

// /api/page gives each capture's role, the alternate's and the redirect's URLs, and versions only
// where a primary capture of an article made one.
func TestAPI_PageCaptureRolesAndKinds(t *testing.T) {
	t.Parallel()
	_, hs := newTestServer(t, rolesArchive(t), "")
	type capture struct {
		role, url, location string
		status, version     int
	}
	tests := []struct {
		url      string
		kind     string
		versions int
		captures []capture
	}{
		{rolesArticle, "article", 2, []capture{
			{"redirect", rolesOldURL, rolesArticle, 301, 0},
			{"primary", "", "", 200, 1},
			{"alternate", rolesPrint, "", 200, 0},
			{"primary", "", "", 200, 2},
		}},
		{rolesHub, "hub", 0, []capture{{"primary", "", "", 200, 0}, {"primary", "", "", 200, 0}}},
		{rolesImage, "image", 0, []capture{{"primary", "", "", 200, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			var p apiPageResult
			if code := getJSON(t, hs.URL+"/api/page?"+url.Values{"url": {tt.url}}.Encode(), &p); code != 200 {
				t.Fatalf("status %d", code)
			}
			if p.Kind != tt.kind || len(p.Versions) != tt.versions {
				t.Errorf("kind %q with %d versions, want %q with %d", p.Kind, len(p.Versions), tt.kind, tt.versions)
			}
			var got []capture
			for _, c := range p.Captures {
				got = append(got, capture{c.Role, c.URL, c.Location, c.Status, c.Version})
			}
			if len(got) != len(tt.captures) {
				t.Fatalf("captures %+v, want %+v", got, tt.captures)
			}
			for i := range got {
				if got[i] != tt.captures[i] {
					t.Errorf("capture %d: %+v, want %+v", i, got[i], tt.captures[i])
				}
			}
		})
	}
}

// The article page names each capture's role, shows the alternate's URL, and shows a hub or a
// photo as what it is, without versions.
func TestServer_ArticlePageRolesAndKinds(t *testing.T) {
	t.Parallel()
	_, hs := newTestServer(t, rolesArchive(t), "")
	tests := []struct {
		name, url  string
		want, lack []string
	}{
		{"article", rolesArticle,
			[]string{`data-kind="article"`, "Lũ lụt ở Bến Tre", "Các phiên bản (2)", `data-role="alternate"`, "bản thay thế",
				"tại " + rolesPrint, `data-role="redirect"`, "từ " + rolesOldURL, "tới " + rolesArticle, `data-role="primary"`},
			[]string{"kind-notice"}},
		{"hub", rolesHub,
			[]string{`data-kind="hub"`, "trang mục lục", `id="kind-notice"`, "Các lần thu thập (2)", "Xem như đã lưu"},
			[]string{"Các phiên bản", "Phiên bản 1", "So sánh"}},
		{"image", rolesImage,
			[]string{`data-kind="image"`, "ảnh trong bài", `id="kind-notice"`, "Các lần thu thập (1)"},
			[]string{"Các phiên bản", "Ngày đăng"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, hs.URL+"/article?"+url.Values{"url": {tt.url}}.Encode())
			if resp.StatusCode != 200 {
				t.Fatalf("status %d\n%.500s", resp.StatusCode, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range tt.lack {
				if strings.Contains(body, w) {
					t.Errorf("page has %q", w)
				}
			}
		})
	}
}

// versionCount is how many versions /api/page gives rolesArticle.
func versionCount(t *testing.T, base string) int {
	t.Helper()
	var p apiPageResult
	if code := getJSON(t, base+"/api/page?"+url.Values{"url": {rolesArticle}}.Encode(), &p); code != 200 {
		t.Fatalf("status %d", code)
	}
	return len(p.Versions)
}

// putThirdVersion stores a third version of rolesArticle in db with a writer of opts.
func putThirdVersion(db string, opts archive.Options) error {
	st, err := archive.Open(context.Background(), db, opts)
	if err != nil {
		return err
	}
	f := archive.Fetch{URL: rolesArticle, Site: "news", Time: time.Date(2026, 11, 21, 1, 0, 0, 0, time.UTC), Status: 200,
		Body:    []byte("<html><body>v3</body></html>"),
		Content: &archive.Content{Title: "Lũ lụt ở Bến Tre", Published: "2026-11-19T08:00:00+07:00", Text: "Nước đã rút."}}
	_, err = st.PutBatch(context.Background(), []archive.Fetch{f})
	return errors.Join(err, st.Close())
}

// TestServer_SeesTheArchiveChange: the store the requests share holds neither the database's
// lock nor its mapping between requests, so a writer commits while the server runs (a writer
// that gives up after 2 s where a reader holds the database); and a backup restored by renaming
// it and its segments (path + ".blobs") over the served archive is what the next request reads.
func TestServer_SeesTheArchiveChange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(t *testing.T, db string) error
	}{
		{"commit", func(t *testing.T, db string) error {
			return putThirdVersion(db, archive.Options{LockTimeout: 2 * time.Second, CommitWait: 2 * time.Second})
		}},
		{"restore", func(t *testing.T, db string) error {
			backup := rolesArchive(t) // the same name in another directory
			if err := putThirdVersion(backup, archive.Options{}); err != nil {
				return err
			}
			for _, suffix := range []string{".blobs", ""} {
				if err := os.RemoveAll(db + suffix); err != nil {
					return err
				}
				if err := os.Rename(backup+suffix, db+suffix); err != nil {
					return err
				}
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := rolesArchive(t)
			_, hs := newTestServer(t, db, "")
			if n := versionCount(t, hs.URL); n != 2 {
				t.Fatalf("%d versions before, want 2", n)
			}
			if err := tt.change(t, db); err != nil {
				t.Fatalf("while the server runs: %v", err)
			}
			if n := versionCount(t, hs.URL); n != 3 {
				t.Errorf("%d versions after, want 3", n)
			}
		})
	}
}
