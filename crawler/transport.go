package crawler

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/newsarchive/newsarchive/archive"
)

// traceHeader tags each request with the id of the fetch it belongs to, so the transport can
// record every hop of a redirect chain under it; it is removed before the request is sent.
const traceHeader = "X-Newsarchive-Fetch"

// Hop is one request and response of a fetch, headers as sent and received.
type Hop struct {
	URL      string
	Status   int
	Request  http.Header
	Response http.Header
}

// recorder is an http.RoundTripper that records the hops of tagged requests and hands colly
// bodies already decoded and capped (decodeBody), so colly never inflates anything itself.
type recorder struct {
	next   http.RoundTripper
	policy *netPolicy
	limit  int64
	mu     sync.Mutex
	hops   map[string][]Hop
	ids    atomic.Uint64
}

func newRecorder(next http.RoundTripper, policy *netPolicy, limit int64) *recorder {
	return &recorder{next: next, policy: policy, limit: limit, hops: map[string][]Hop{}}
}

// newID starts a trace.
func (r *recorder) newID() string {
	return strconv.FormatUint(r.ids.Add(1), 10)
}

// RoundTrip sends the request without the trace tag and records what went and came back,
// credentials left out. It refuses hosts the policy does not allow, whatever the transport.
func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if !r.policy.allowsURL(req.URL) {
		return nil, fmt.Errorf("%w: %s is not an allowed host", ErrForbiddenAddress, req.URL.Host)
	}
	id := req.Header.Get(traceHeader)
	out := req.Clone(req.Context())
	out.Header.Del(traceHeader)
	sent := http.Header(archive.WithoutSecrets(out.Header.Clone()))
	if sent.Get("Host") == "" {
		sent.Set("Host", out.Host)
	}
	resp, err := r.next.RoundTrip(out)
	hop := Hop{URL: archive.StripUserinfo(out.URL.String()), Request: sent}
	if resp != nil {
		hop.Status, hop.Response = resp.StatusCode, http.Header(archive.WithoutSecrets(resp.Header.Clone()))
		if derr := r.decode(resp, out.URL); derr != nil {
			resp.Body.Close()
			err, resp = derr, nil
		}
	}
	if id != "" {
		r.mu.Lock()
		r.hops[id] = append(r.hops[id], hop)
		r.mu.Unlock()
	}
	return resp, err
}

// decode replaces resp's body with its decoded, capped form and adjusts the headers colly sees
// (the recorded hop keeps them as received). Uncompressed is set in every case: colly inflates
// bodies whose response is not marked so, without limit. The charset is taken out of the
// Content-Type colly sees, so colly keeps the bytes as served instead of converting them (the
// archive keeps the page as it was; parse decodes windows-1258 itself): the fetch then holds one
// copy of the body, not two.
func (r *recorder) decode(resp *http.Response, u *url.URL) error {
	body, decoded, err := decodeBody(resp.Body, resp.Header, u, r.limit)
	if err != nil {
		return err
	}
	resp.Body = body
	resp.Uncompressed = true
	resp.Header = resp.Header.Clone()
	if decoded {
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = -1
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			resp.Header.Set("Content-Type", mt)
		} else if i := strings.IndexByte(ct, ';'); i >= 0 {
			resp.Header.Set("Content-Type", strings.TrimSpace(ct[:i]))
		}
	}
	return nil
}

// take returns and forgets the hops of a trace.
func (r *recorder) take(id string) []Hop {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.hops[id]
	delete(r.hops, id)
	return h
}
