package archive

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/sitegen"
)

// Stats estimates the gzip -6 size of the bodies from a sample, close to the real figure, and
// counts each distinct body once.
func TestStats_GzipEstimate(t *testing.T) {
	t.Parallel()
	s, _ := openTest(t)
	site := sitegen.New(3, "https://baodongkhoi.vn")
	at := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	var batch []Fetch
	var raw, gz int64
	const pages = 260
	for i := range pages {
		p := site.Capture(i, 0, 0)
		n, err := gzip6Size(p.HTML)
		if err != nil {
			t.Fatal(err)
		}
		raw, gz = raw+int64(len(p.HTML)), gz+n
		batch = append(batch, sizeFetch(p, at.Add(time.Duration(i)*time.Second)))
	}
	// The same bodies again a day later: captures, not new bodies.
	for i := range 20 {
		batch = append(batch, sizeFetch(site.Capture(i, 0, 0), at.Add(24*time.Hour+time.Duration(i)*time.Second)))
	}
	if _, err := s.PutBatch(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.BodyBytes != raw || st.BodyGzipSample != gzipSample {
		t.Errorf("bodies %d B from a sample of %d, want %d B and %d", st.BodyBytes, st.BodyGzipSample, raw, gzipSample)
	}
	if d := math.Abs(float64(st.BodyGzipBytes-gz)) / float64(gz); d > 0.03 {
		t.Errorf("gzip estimate %d B, real %d B: %.1f%% off", st.BodyGzipBytes, gz, 100*d)
	}
	t.Logf("gzip -6 of the bodies %d B, estimated %d B; archive %d B on disk", gz, st.BodyGzipBytes, st.DiskBytes)
}
