package archive

import (
	"compress/gzip"
	"context"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Stats estimates the gzip -6 size of the bodies from a sample, close to the real figure, and
// counts each distinct body once.
func TestStats_GzipEstimate(t *testing.T) {
	t.Parallel()
	s, _ := openTest(t)
	// Bodies of about a KB whose gzip ratios differ (more or fewer repeated words), so a bad
	// sample or a bad sum shows.
	words := strings.Fields("Đồng Khởi Bến Tre tỉnh huyện xã ấp hội nghị nông dân dừa bưởi sầu riêng cá tra lúa gạo muối khóm")
	rng := rand.New(rand.NewPCG(7, 11))
	var batch []Fetch
	var raw, gz int64
	const pages = 260
	w, err := gzip.NewWriterLevel(io.Discard, 6)
	if err != nil {
		t.Fatal(err)
	}
	for i := range pages {
		var body strings.Builder
		body.WriteString("<html><body><article>")
		for w := range 60 + rng.IntN(120) {
			body.WriteString(words[rng.IntN(1+(i%len(words)))])
			body.WriteString(strconv.Itoa(rng.IntN(1 + w%50)))
			body.WriteByte(' ')
		}
		body.WriteString("</article></body></html>")
		html := []byte(body.String())
		n, err := gzip6Size(w, html)
		if err != nil {
			t.Fatal(err)
		}
		raw, gz = raw+int64(len(html)), gz+n
		f := fetch(t0.Add(time.Duration(i)*time.Second), html, "Bài "+strconv.Itoa(i))
		f.URL = "https://baodongkhoi.vn/bai-" + strconv.Itoa(i) + ".html"
		batch = append(batch, f)
		if i < 20 { // the same body again a day later: a capture, not a new body
			again := f
			again.Time = f.Time.Add(24 * time.Hour)
			batch = append(batch, again)
		}
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

	// Counts is the same without the bodies' sizes.
	counts, err := s.Counts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := st
	want.BodyBytes, want.BodyGzipBytes, want.BodyGzipSample = 0, 0, 0
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("Counts = %+v, want Stats without the bodies' sizes: %+v", counts, want)
	}
}
