package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
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
	"github.com/newsarchive/newsarchive/internal/testchild"
	"github.com/newsarchive/newsarchive/internal/testmain"
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

// crawlChild is the package's tests built without the race detector, for the shared archive's
// two crawls (see replicaDB).
var crawlChild = testchild.Binary("web")

// crawlEnv, in a child's environment, names the database the child crawls the replica sites
// into, with the configuration at the same path plus ".yaml", before it exits.
const crawlEnv = "NEWSARCHIVE_WEB_CRAWL_DB"

func TestMain(m *testing.M) {
	if db := os.Getenv(crawlEnv); db != "" {
		os.Exit(crawlMain(db))
	}
	code := m.Run()
	sharedChromium.close()
	if shared.sites != nil {
		shared.sites.Close()
	}
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	testmain.Exit(code)
}

// crawlMain is a child's crawl (see crawlEnv), with its exit code.
func crawlMain(db string) int {
	yaml, err := os.ReadFile(db + ".yaml")
	if err == nil {
		err = crawlReplica(context.Background(), yaml, db)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "crawl of the replica sites: %v\n", err)
		return 1
	}
	return 0
}

// crawlInChild crawls the replica sites into db in a child process without the race detector:
// the crawls are the set-up of the tests, which check what the server makes of the archive, and
// under the detector the two of them cost about 6 s of CPU. The crawler's and the command's own
// tests crawl the replica under the detector.
func crawlInChild(sites *replica.Sites, db string) error {
	if err := os.WriteFile(db+".yaml", sites.ConfigYAML(), 0o644); err != nil {
		return err
	}
	cmd := exec.Command(crawlChild(), "-test.run=^$")
	cmd.Env = append(os.Environ(), crawlEnv+"="+db)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%w\n%s", err, out)
	}
	return nil
}

// crawlReplica crawls the replica sites of the configuration yaml into db, as `newsarchive crawl`
// does, leaving out the newspaper's slow page: it archives nothing (three timeouts), and each
// crawl would wait 6 s on it.
func crawlReplica(ctx context.Context, yaml []byte, db string) error {
	cfg, err := config.Parse("replica.yaml", yaml)
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
func replicaDB(t testing.TB) *replicaArchive {
	t.Helper()
	replicaOnce.Do(func() {
		sharedDir, shared.err = os.MkdirTemp("", "web-replica")
		if shared.err != nil {
			return
		}
		shared.db = filepath.Join(sharedDir, "a.db")
		shared.sites = replica.Start(replica.Options{})
		shared.gen1 = shared.sites.Articles(1)
		if shared.err = crawlInChild(shared.sites, shared.db); shared.err != nil {
			return
		}
		shared.sites.SetGeneration(2)
		shared.gen2 = shared.sites.Articles(2)
		shared.err = crawlInChild(shared.sites, shared.db)
	})
	if shared.err != nil {
		t.Fatalf("replica archive: %v", shared.err)
	}
	return &shared
}

// newTestServer serves db with a fresh index in a temporary directory, caught up.
func newTestServer(t testing.TB, db string, token string) (*Server, *httptest.Server) {
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
	t.Cleanup(func() { s.Close() }) // after the HTTP server's, registered below
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
