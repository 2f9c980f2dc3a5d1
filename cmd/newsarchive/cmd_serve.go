package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/internal/search"
	"github.com/newsarchive/newsarchive/internal/web"
)

// serveOptions are the flags of serve.
type serveOptions struct {
	addr    string
	token   string
	refresh time.Duration
}

func newServeCommand(g *globalOptions) *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Read and search the archive in a web browser",
		Long: `Serve starts a read-only web view of the archive: the sites with their article counts, each
site's articles by date, every article with its versions, captures and the page as it was
captured, word-level comparisons of versions, and full-text search that ignores diacritics and
case ("dong khoi" finds "Đồng Khởi"). A JSON API mirrors the pages: /api/search, /api/page,
/api/diff.

The search index lives beside the database (DB.index/); serve brings it up to date when it
starts and every --refresh while it runs. The database is opened only for each request, so
crawls keep writing while serve runs.

Serve listens on 127.0.0.1 only by default. To listen on another address, give --token (or set
NEWSARCHIVE_TOKEN): every request must then carry it, as "Authorization: Bearer TOKEN" or once as
?token=TOKEN in the browser, which keeps it in a cookie.`,
		Example: `  newsarchive serve                                   # http://127.0.0.1:8080/
  newsarchive serve --addr 127.0.0.1:9000
  NEWSARCHIVE_TOKEN=$(openssl rand -hex 16) newsarchive serve --addr 0.0.0.0:8080
  curl -s 'http://127.0.0.1:8080/api/search?q=dong+khoi&limit=5'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd.Context(), g, o, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on; other than loopback needs --token")
	f.StringVar(&o.token, "token", envOr("NEWSARCHIVE_TOKEN", ""), "access token every request must carry (env NEWSARCHIVE_TOKEN)")
	f.DurationVar(&o.refresh, "refresh", 10*time.Second, "how often to bring the search index up to date with the archive")
	return cmd
}

// checkAddr refuses to serve beyond this machine without a token: the archive may hold pages
// taken down for a reason.
func checkAddr(addr, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usageError{fmt.Errorf("--addr %q: %w", addr, err)}
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	if token == "" {
		return usageError{fmt.Errorf("--addr %s is reachable from other machines; give --token (or NEWSARCHIVE_TOKEN) to require one, or listen on 127.0.0.1", addr)}
	}
	return nil
}

func runServe(ctx context.Context, g *globalOptions, o serveOptions, out interface{ Write([]byte) (int, error) }) error {
	if err := checkAddr(o.addr, o.token); err != nil {
		return err
	}
	if o.refresh <= 0 {
		return usageError{errors.New("--refresh must be positive")}
	}
	log := g.logger(os.Stderr)
	// Fail early, with the archive's message, when there is no readable database.
	st, err := g.openStore(ctx, true)
	if err != nil {
		return err
	}
	st.Close()
	ix, err := openIndex(search.Dir(g.db), false)
	if err != nil {
		return err
	}
	defer ix.Close()
	srv, err := web.New(web.Options{DB: g.db, Index: ix, LockTimeout: g.lockTimeout, Token: o.token, Logger: log})
	if err != nil {
		return err
	}
	defer srv.Close()
	if _, err := srv.CatchUp(ctx); err != nil {
		return fmt.Errorf("serve: index: %w", err)
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	fmt.Fprintf(out, "serving %s on http://%s/\n", g.db, ln.Addr())
	if o.token != "" {
		log.Warn("serving beyond loopback with a token; share the token, not the archive", "addr", ln.Addr().String())
	}
	go srv.Refresh(ctx, o.refresh)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = hs.Shutdown(shut)
	return nil
}

// openIndex opens (or with rebuild, recreates) the search index; another process holding it is
// reported like a database held by another run.
func openIndex(dir string, rebuild bool) (*search.Index, error) {
	open := search.Open
	if rebuild {
		open = search.Rebuild
	}
	ix, err := open(dir)
	if errors.Is(err, search.ErrBusy) {
		return nil, fmt.Errorf("%w: %w", archive.ErrLocked, err)
	}
	return ix, err
}
