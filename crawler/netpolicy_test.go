package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// canary is a server nobody allowed: every test here checks it received nothing.
func canary(t *testing.T, addr string) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "<html><body>secret</body></html>")
	}))
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &hits
}

// TestFetcher_RedirectsNeverReachCanary: an allowed server redirects to other ports and
// addresses of the machine, in every spelling; none is requested, each is reported as an
// off-site redirect with the redirect kept as the response.
func TestFetcher_RedirectsNeverReachCanary(t *testing.T) {
	can, hits := canary(t, "127.0.0.1:0")
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(can.URL, "http://"))
	targets := map[string]string{
		"/other-port":  can.URL + "/",
		"/loopback-2":  "http://127.0.0.2:" + port + "/",
		"/hex":         "http://0x7f.1:" + port + "/",
		"/decimal":     "http://2130706433:" + port + "/",
		"/octal":       "http://0177.0.0.1:" + port + "/",
		"/localhost":   "http://localhost:" + port + "/",
		"/ipv6":        "http://[::1]:" + port + "/",
		"/mapped":      "http://[::ffff:127.0.0.1]:" + port + "/",
		"/metadata":    "http://169.254.169.254/latest/meta-data/",
		"/private":     "http://10.0.0.1/",
		"/userinfo":    "http://user:pass@127.0.0.1:" + port + "/",
		"/unspecified": "http://0.0.0.0:" + port + "/",
	}
	mux := http.NewServeMux()
	for p, to := range targets {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusFound) })
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := newTestFetcher(t, FetcherOptions{Timeout: 5 * time.Second, AllowedHosts: []string{strings.TrimPrefix(srv.URL, "http://")}})
	defer f.Close()
	for p := range targets {
		t.Run(p, func(t *testing.T) {
			r, err := f.Fetch(context.Background(), srv.URL+p, nil)
			if !errors.Is(err, ErrOffsiteRedirect) {
				t.Fatalf("err = %v, want ErrOffsiteRedirect", err)
			}
			if r == nil || r.Status != http.StatusFound || r.FinalURL != srv.URL+p || len(r.Hops) != 1 {
				t.Fatalf("the redirect is not the response: %+v", r)
			}
			if strings.Contains(err.Error(), "pass") {
				t.Errorf("a password in the error: %v", err)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the canary received %d requests", n)
	}
}

// TestFetcher_DialPolicy checks the policy where redirects are followed (the archive command
// allows any public host): the address is checked when dialling, so a loopback or private
// address the user did not name is never connected to, whatever the redirect or DNS says.
func TestFetcher_DialPolicy(t *testing.T) {
	can, hits := canary(t, "127.0.0.1:0")
	can2, hits2 := canary(t, "127.0.0.2:0")
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(can.URL, "http://"))
	mux := http.NewServeMux()
	redirect := func(p, to string) {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusFound) })
	}
	redirect("/other-port", can.URL+"/")
	redirect("/other-address", can2.URL+"/")
	redirect("/hex", "http://0x7f.1:"+port+"/")
	redirect("/decimal", "http://2130706433:"+port+"/")
	redirect("/localhost", "http://localhost:"+port+"/")
	redirect("/lying-dns", "http://news.example:"+port+"/")
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html><body>ok</body></html>") })
	srv := httptest.NewServer(mux)
	defer srv.Close()

	f := newTestFetcher(t, FetcherOptions{Timeout: 5 * time.Second})
	defer f.Close()
	// A resolver that answers every name with the loopback address, as DNS rebinding would.
	f.policy.lookup = func(context.Context, string) ([]netip.Addr, error) {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	ctx := context.Background()
	if _, err := f.Fetch(ctx, srv.URL+"/page", nil); !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("a loopback server nobody named: err = %v, want ErrForbiddenAddress", err)
	}
	f.PermitURL(srv.URL + "/page")
	if r, err := f.Fetch(ctx, srv.URL+"/page", nil); err != nil || r.Status != 200 {
		t.Fatalf("the URL the user named: %v, %v", r, err)
	}
	for _, p := range []string{"/other-port", "/other-address", "/hex", "/decimal", "/localhost", "/lying-dns"} {
		t.Run(p, func(t *testing.T) {
			_, err := f.Fetch(ctx, srv.URL+p, nil)
			if !errors.Is(err, ErrForbiddenAddress) {
				t.Fatalf("err = %v, want ErrForbiddenAddress", err)
			}
		})
	}
	if n := hits.Load() + hits2.Load(); n != 0 {
		t.Errorf("the canaries received %d requests", n)
	}

	// A configured domain that DNS points at the loopback address is refused too: only an IP
	// literal or localhost in the configuration names a private host.
	g := newTestFetcher(t, FetcherOptions{Timeout: 5 * time.Second, AllowedHosts: []string{"news.example:" + port}})
	defer g.Close()
	g.policy.lookup = f.policy.lookup
	if _, err := g.Fetch(ctx, "http://news.example:"+port+"/", nil); !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("an allowed name resolving to 127.0.0.1: err = %v, want ErrForbiddenAddress", err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the canary received %d requests", n)
	}
}

func TestPublicAddr(t *testing.T) {
	for a, want := range map[string]bool{
		"8.8.8.8": true, "203.113.131.1": true, "2001:4860:4860::8888": true,
		"127.0.0.1": false, "127.0.0.2": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false,
		"169.254.169.254": false, "0.0.0.0": false, "224.0.0.1": false, "100.64.0.1": false,
		"255.255.255.255": false, "::1": false, "::": false, "fe80::1": false, "fc00::1": false,
		"ff02::1": false, "::ffff:127.0.0.1": false, "::ffff:10.0.0.1": false, "64:ff9b::7f00:1": false,
	} {
		if got := publicAddr(netip.MustParseAddr(a)); got != want {
			t.Errorf("publicAddr(%s) = %v, want %v", a, got, want)
		}
	}
	for h, want := range map[string]bool{
		"0x7f.1": true, "2130706433": true, "0177.0.0.1": true, "127.1": true, "017700000001": true,
		"127.0.0.1": false, "bentre.gov.vn": false, "cafe.de": false, "localhost": false, "a1.vn": false,
	} {
		if got := oddNumericHost(h); got != want {
			t.Errorf("oddNumericHost(%s) = %v, want %v", h, got, want)
		}
	}
}
