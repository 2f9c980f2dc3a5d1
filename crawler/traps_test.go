package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/newsarchive/newsarchive/config"
)

// A site whose section pages, all of one URL shape, list the same articles: a recrawl finds no
// new article on them, and that must not make them a learned trap, or an article that later
// appears only on a section page is never found (a SIGKILLed crawl left exactly this state in
// TestCrawl_SurvivesKills).
func TestTraps_SectionsListingKnownArticlesAreNoTrap(t *testing.T) {
	t.Parallel()
	for name, patterns := range map[string]string{
		"listing pattern":    "    article_pattern: '-a\\d+\\.html$'\n    listing_patterns: ['/chuyen-muc/']\n",
		"no article pattern": "",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testSectionsNoTrap(t, patterns)
		})
	}
}

func testSectionsNoTrap(t *testing.T, patterns string) {
	var fresh atomic.Bool // article 4 appears on section 2 only
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		var b strings.Builder
		for n := 1; n <= 15; n++ {
			fmt.Fprintf(&b, `<a href="/chuyen-muc/%d.html">Chuyên mục %d</a>`, n, n)
		}
		fmt.Fprintf(w, `<html><body><nav>%s</nav></body></html>`, b.String())
	})
	mux.HandleFunc("/chuyen-muc/", func(w http.ResponseWriter, r *http.Request) {
		links := `<a href="/tin/1-a1.html">Một</a><a href="/tin/2-a2.html">Hai</a><a href="/tin/3-a3.html">Ba</a>`
		if fresh.Load() && r.URL.Path == "/chuyen-muc/2.html" {
			links += `<a href="/tin/4-a4.html">Bốn</a>`
		}
		fmt.Fprintf(w, `<html><body><ul>%s</ul></body></html>`, links)
	})
	mux.HandleFunc("/tin/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/tin/"), "%d", &n)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, article(n, fmt.Sprintf("Bài số %d", n)))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	cfg, err := config.Parse("sections.yaml", []byte(fmt.Sprintf(`user_agent: "newsarchive-test/1.0 (+https://example.invalid)"
sites:
  - name: sections
    start_urls: ["%s/"]
%s    delay: 0s
    parallelism: 2
    retries: 0
    timeout: 5s
`, srv.URL, patterns)))
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "a.db")
	if first := crawlOnce(t, cfg, db, false); first.New != 3 {
		t.Fatalf("first crawl: %s", first)
	}
	crawlOnce(t, cfg, db, false) // nothing new anywhere
	fresh.Store(true)
	if third := crawlOnce(t, cfg, db, false); third.New != 1 {
		t.Errorf("crawl after article 4 appeared on a section page: %s; want it found", third)
	}
}

// FuzzFoldDigits holds foldDigits to the regular expression it replaces.
func FuzzFoldDigits(f *testing.F) {
	for _, s := range []string{"", "/lich/", "/a-84101.html", "/2026/11/20/x1y22z333", "9", "/p/ 7٣"} {
		f.Add(s)
	}
	re := regexp.MustCompile(`[0-9]+`)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := foldDigits(s), re.ReplaceAllString(s, "#"); got != want {
			t.Errorf("foldDigits(%q) = %q, want %q", s, got, want)
		}
	})
}
