package search

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"
)

// Newest first through date windows gives the pages one sort of every match gives, including the
// undated articles, sorted last, and the To bound.
func TestByDate_WindowsGiveTheSameOrder(t *testing.T) {
	a := newTestArchive(t)
	now := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	var arts []testArticle
	for i := range 150 {
		pub := now.Add(-time.Duration(i*i*20) * time.Hour).Format(time.RFC3339) // denser near now
		if i%97 == 0 {
			pub = "" // undated
		}
		arts = append(arts, testArticle{fmt.Sprintf("https://bdk.vn/a%d.html", i), "baodongkhoi", fmt.Sprintf("Tin số %d", i), pub, "Bến Tre hôm nay."})
	}
	a.put(t0, arts...)
	ix, err := Open(Dir(a.path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ix.windowsFrom = 10
	if _, err := ix.CatchUp(context.Background(), a.open, nil); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		q        Query
		off, lim int
	}{
		{Query{Text: "ben tre", Order: OrderDate}, 0, 20},
		{Query{Text: "ben tre", Order: OrderDate}, 60, 20},
		{Query{Order: OrderDate}, 140, 30}, // the last page: undated articles
		{Query{Text: "tin", Order: OrderDate, To: now.AddDate(0, -2, 0)}, 0, 20},
	} {
		total, hits, err := ix.byDate(context.Background(), tt.q, parseTerms(tt.q.Text), tt.off, tt.lim, now)
		if err != nil {
			t.Fatal(err)
		}
		res, err := ix.run(context.Background(), buildQuery(tt.q, parseTerms(tt.q.Text), false), tt.q, parseTerms(tt.q.Text), tt.off, tt.lim)
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for _, h := range hits {
			got = append(got, h.ID)
		}
		for _, h := range res.Hits {
			want = append(want, h.ID)
		}
		if total != res.Total || !reflect.DeepEqual(got, want) || len(got) == 0 {
			t.Errorf("%+v from %d: total %d, %q; one sort: %d, %q", tt.q, tt.off, total, got, res.Total, want)
		}
	}
}
