package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// netPolicy decides where a fetcher may connect. It is applied when a connection is dialled,
// to the address the name resolved to, so neither a redirect nor a DNS answer pointing at
// 127.0.0.1 or 10.0.0.1 reaches a server nobody allowed:
//
//   - with allowed hosts (a site's allowed_domains), only those hosts are connected to;
//   - loopback, private, link-local, multicast, unspecified and other non-public addresses are
//     refused unless the host is named as such: an IP literal or "localhost" among the allowed
//     hosts (the test replicas name 127.0.0.1:port), or a host permitted with permit (the URL a
//     user gives the archive command);
//   - a numeric host in a form other than the dotted quad (0x7f.1, 2130706433, 0177.0.0.1) is
//     refused outright.
type netPolicy struct {
	allowed []string // host or host:port, lower-case, as config's allowed_domains
	named   []string // hosts the configuration names, which need not be allowed here
	mu      sync.Mutex
	permits map[string]bool // host:port allowed on a non-public address
	// lookup resolves names; net.DefaultResolver's, or a test's stand-in for a lying DNS.
	lookup func(ctx context.Context, host string) ([]netip.Addr, error)
}

func newNetPolicy(allowed, named []string) *netPolicy {
	p := &netPolicy{permits: map[string]bool{}, lookup: func(ctx context.Context, host string) ([]netip.Addr, error) {
		return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	}}
	p.allowed = lowerAll(allowed)
	p.named = append(lowerAll(named), p.allowed...)
	return p
}

func lowerAll(hosts []string) []string {
	var out []string
	for _, h := range hosts {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
			out = append(out, h)
		}
	}
	return out
}

// permit allows host:port on a non-public address.
func (p *netPolicy) permit(hostport string) {
	p.mu.Lock()
	p.permits[strings.ToLower(hostport)] = true
	p.mu.Unlock()
}

// hostPortOf is u's host with the scheme's default port made explicit.
func hostPortOf(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// allowsHost reports whether host:port may be requested at all.
func (p *netPolicy) allowsHost(host, port string) bool {
	if len(p.allowed) == 0 {
		return true
	}
	host = strings.ToLower(host)
	hp := net.JoinHostPort(host, port)
	for _, a := range p.allowed {
		if a == host || a == bracket(host) || a == hp {
			return true
		}
	}
	return p.permitted(hp)
}

// allowsURL reports whether u may be requested (a redirect target, say).
func (p *netPolicy) allowsURL(u *url.URL) bool {
	hp := hostPortOf(u)
	host, port, _ := net.SplitHostPort(hp)
	return p.allowsHost(host, port)
}

func (p *netPolicy) permitted(hostport string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.permits[strings.ToLower(hostport)]
}

// mayBePrivate reports whether host:port is named as a non-public host: an IP literal or
// localhost among the allowed or named hosts, or permitted.
func (p *netPolicy) mayBePrivate(host, port string) bool {
	host = strings.ToLower(host)
	if p.permitted(net.JoinHostPort(host, port)) {
		return true
	}
	_, err := netip.ParseAddr(host)
	if err != nil && host != "localhost" {
		return false
	}
	hp := net.JoinHostPort(host, port)
	for _, a := range p.named {
		if a == host || a == bracket(host) || a == hp {
			return true
		}
	}
	return false
}

func bracket(host string) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}

// publicAddr reports an address on the public internet.
func publicAddr(a netip.Addr) bool {
	a = a.Unmap()
	switch {
	case !a.IsValid(), a.IsLoopback(), a.IsPrivate(), a.IsLinkLocalUnicast(), a.IsLinkLocalMulticast(),
		a.IsInterfaceLocalMulticast(), a.IsMulticast(), a.IsUnspecified():
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// nonPublic are ranges the netip predicates leave out: "this network", shared address space
// (carrier NAT), IETF protocol assignments, benchmarking, reserved and broadcast, NAT64 and
// IPv6 site-local and discard.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("fec0::/10"),
	netip.MustParsePrefix("100::/64"),
}

// oddNumericHost reports a host that resolvers may read as an IPv4 address although it is not
// a dotted quad: all digits, hex and dots (0x7f.1, 2130706433, 0177.0.0.1, 127.1).
func oddNumericHost(host string) bool {
	if _, err := netip.ParseAddr(host); err == nil {
		return false
	}
	if host == "" {
		return false
	}
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	// A name whose last label is numeric (or hex) is not a DNS name a site would use.
	last := h[strings.LastIndexByte(h, '.')+1:]
	if last == "" {
		return false
	}
	for _, c := range last {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == 'x') {
			return false
		}
	}
	return last[0] >= '0' && last[0] <= '9'
}

// dialContext resolves addr, checks every address against the policy and connects to the first
// allowed one that answers. The Dialer's Control checks the address once more at connect time.
func (p *netPolicy) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrForbiddenAddress, addr, err)
	}
	if !p.allowsHost(host, port) {
		return nil, fmt.Errorf("%w: %s is not an allowed host", ErrForbiddenAddress, addr)
	}
	if oddNumericHost(host) {
		return nil, fmt.Errorf("%w: %s is a numeric host in an unusual form", ErrForbiddenAddress, addr)
	}
	private := p.mayBePrivate(host, port)
	var ips []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		ips = []netip.Addr{ip}
	} else {
		ips, err = p.lookup(ctx, host)
		if err != nil {
			return nil, err
		}
	}
	check := func(a netip.Addr) error {
		if private || publicAddr(a) {
			return nil
		}
		return fmt.Errorf("%w: %s resolves to %s, not a public address", ErrForbiddenAddress, host, a)
	}
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: %s", ErrForbiddenAddress, address)
			}
			return check(ap.Addr())
		}}
	var errs []error
	for _, ip := range ips {
		if err := check(ip); err != nil {
			errs = append(errs, err)
			continue
		}
		c, err := d.DialContext(ctx, network, net.JoinHostPort(ip.Unmap().String(), port))
		if err == nil {
			return c, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	if len(errs) == 0 {
		return nil, fmt.Errorf("crawler: %s: no address", host)
	}
	return nil, errors.Join(errs...)
}
