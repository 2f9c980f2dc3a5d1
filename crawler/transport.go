package crawler

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
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
	// body holds the response bytes as read off the connection (after transport
	// decompression), before colly converts charsets: the archive keeps these.
	body *bytes.Buffer
}

// recorder is an http.RoundTripper that records the hops of tagged requests.
type recorder struct {
	next  http.RoundTripper
	mu    sync.Mutex
	hops  map[string][]Hop
	ids   atomic.Uint64
	hosts map[string]bool
}

func newRecorder(next http.RoundTripper) *recorder {
	return &recorder{next: next, hops: map[string][]Hop{}}
}

// newID starts a trace.
func (r *recorder) newID() string {
	return strconv.FormatUint(r.ids.Add(1), 10)
}

// RoundTrip sends the request without the trace tag and records what went and came back.
func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	id := req.Header.Get(traceHeader)
	if id == "" {
		return r.next.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	out.Header.Del(traceHeader)
	sent := out.Header.Clone()
	if sent.Get("Host") == "" {
		sent.Set("Host", out.Host)
	}
	resp, err := r.next.RoundTrip(out)
	hop := Hop{URL: out.URL.String(), Request: sent}
	if resp != nil {
		hop.Status, hop.Response = resp.StatusCode, resp.Header.Clone()
		hop.body = &bytes.Buffer{}
		resp.Body = teeBody{ReadCloser: resp.Body, w: hop.body}
	}
	r.mu.Lock()
	r.hops[id] = append(r.hops[id], hop)
	r.mu.Unlock()
	return resp, err
}

// teeBody copies what the client reads of a body: only what is read, so colly's size cap bounds
// the copy too.
type teeBody struct {
	io.ReadCloser
	w *bytes.Buffer
}

func (t teeBody) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	t.w.Write(p[:n])
	return n, err
}

// take returns and forgets the hops of a trace.
func (r *recorder) take(id string) []Hop {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.hops[id]
	delete(r.hops, id)
	return h
}
