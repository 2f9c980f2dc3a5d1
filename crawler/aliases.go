package crawler

import (
	"net/url"
)

// archivedAs returns the key under which the archive holds u: u itself, or the same path on
// another of the site's hosts (a link to the old Đồng Khởi host for an article archived under the
// new one), so an archived article is not fetched again as new through its old address.
func (r *siteRun) archivedAs(u string) string {
	if _, ok := r.index[u]; ok || len(r.site.AllowedDomains) < 2 {
		return u
	}
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	for _, h := range r.hosts() {
		if h == p.Host {
			continue
		}
		q := *p
		q.Host = h
		if _, ok := r.index[q.String()]; ok {
			return q.String()
		}
	}
	return u
}

// hosts lists the hosts (with ports) the archive holds pages of for this site.
func (r *siteRun) hosts() []string {
	r.hostsOnce.Do(func() {
		seen := map[string]bool{}
		for k := range r.index {
			if p, err := url.Parse(k); err == nil && !seen[p.Host] {
				seen[p.Host] = true
				r.indexHosts = append(r.indexHosts, p.Host)
			}
		}
	})
	return r.indexHosts
}

// unalias rewrites a URL on a host known to redirect to another (the old Đồng Khởi host).
func (r *siteRun) unalias(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	r.mu.Lock()
	to, ok := r.aliases[p.Host]
	r.mu.Unlock()
	if !ok {
		return u
	}
	p.Host = to
	return p.String()
}

// learnAlias remembers that a host redirects to another with the same path, so later links to
// the old host go straight to the new one.
func (r *siteRun) learnAlias(from, to string) {
	a, err1 := url.Parse(from)
	b, err2 := url.Parse(to)
	if err1 != nil || err2 != nil || a.Host == b.Host || a.Path != b.Path || !r.site.AllowsURL(to) {
		return
	}
	r.mu.Lock()
	r.aliases[a.Host] = b.Host
	r.mu.Unlock()
}
