package web

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/internal/replica"
	"github.com/newsarchive/newsarchive/internal/search"
)

// replicaArchive is an archive of the replica sites crawled in generation 1 and then 2, built
// once for the package's tests, which only read it.
type replicaArchive struct {
	db    string
	sites *replica.Sites
	gen1  []replica.Article
	gen2  []replica.Article
	err   error
}

var (
	replicaOnce sync.Once
	shared      replicaArchive
	sharedDir   string
)

func TestMain(m *testing.M) {
	code := m.Run()
	sharedChromium.close()
	if shared.sites != nil {
		shared.sites.Close()
	}
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

// crawlReplica crawls the replica sites into db, as `newsarchive crawl` does, leaving out the
// newspaper's slow page: it archives nothing (three timeouts), and each crawl would wait 6 s on it.
func crawlReplica(ctx context.Context, sites *replica.Sites, db string) error {
	cfg, err := config.Parse("replica.yaml", sites.ConfigYAML())
	if err != nil {
		return err
	}
	for _, site := range cfg.Sites {
		if site.Name == replica.SiteNewspaper {
			site.Exclude = append(site.Exclude, regexp.MustCompile(regexp.QuoteMeta(replica.SlowPath)+"$"))
		}
	}
	st, err := archive.Open(ctx, db, archive.Options{LockTimeout: 30 * time.Second})
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = crawler.New(cfg, st, crawler.Options{}).Run(ctx, cfg.Sites)
	return err
}

// replicaDB returns the shared archive: two crawls of the replica sites.
func replicaDB(t *testing.T) *replicaArchive {
	t.Helper()
	replicaOnce.Do(func() {
		sharedDir, shared.err = os.MkdirTemp("", "web-replica")
		if shared.err != nil {
			return
		}
		shared.db = filepath.Join(sharedDir, "a.db")
		shared.sites = replica.Start(replica.Options{})
		shared.gen1 = shared.sites.Articles(1)
		ctx := context.Background()
		if shared.err = crawlReplica(ctx, shared.sites, shared.db); shared.err != nil {
			return
		}
		shared.sites.SetGeneration(2)
		shared.gen2 = shared.sites.Articles(2)
		shared.err = crawlReplica(ctx, shared.sites, shared.db)
	})
	if shared.err != nil {
		t.Fatalf("replica archive: %v", shared.err)
	}
	return &shared
}

// newTestServer serves db with a fresh index in a temporary directory, caught up.
func newTestServer(t *testing.T, db string, token string) (*Server, *httptest.Server) {
	t.Helper()
	ix, err := search.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	s, err := New(Options{DB: db, Index: ix, Token: token, LockTimeout: 10 * time.Second, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	return s, hs
}

// changedArticle returns the replica's corrected article (generation 2 with Changed).
func (r *replicaArchive) changedArticle(t *testing.T) replica.Article {
	for _, a := range r.gen2 {
		if a.Changed {
			return a
		}
	}
	t.Fatal("the replica has no changed article")
	return replica.Article{}
}
