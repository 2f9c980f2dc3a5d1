package web

import (
	"io"
	"net/http"
	"net/url"
	"testing"
)

// BenchmarkServer_Requests measures what the web view's requests cost on the replica archive: a
// search with snippets, an article's page with its versions, the JSON of a page.
//
//	go test -run '^$' -bench Server_Requests -benchtime 200x ./internal/web
func BenchmarkServer_Requests(b *testing.B) {
	ra := replicaDB(b)
	_, hs := newTestServer(b, ra.db, "")
	a := ra.gen2[0]
	for _, tc := range []struct{ name, path string }{
		{"search", "/search?" + url.Values{"q": {"ben tre"}}.Encode()},
		{"article", "/article?" + url.Values{"url": {a.URL}}.Encode()},
		{"api-page", "/api/page?" + url.Values{"url": {a.URL}}.Encode()},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				resp, err := http.Get(hs.URL + tc.path)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("%s: %s", tc.path, resp.Status)
				}
			}
		})
	}
}
