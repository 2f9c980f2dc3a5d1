package ingest

import "testing"

func TestPageKey(t *testing.T) {
	migrated := func(a, b string) bool {
		site := map[string]bool{"baodongkhoi.vn": true, "dongkhoi.baovinhlong.vn": true}
		return site[a] && site[b]
	}
	tests := []struct {
		name, final, canonical, want string
	}{
		{"no canonical", "https://baodongkhoi.vn/a-a1.html?utm_source=fb", "", "https://baodongkhoi.vn/a-a1.html"},
		{"canonical same host", "https://baodongkhoi.vn/a-a1.html?p=print", "https://baodongkhoi.vn/a-a1.html", "https://baodongkhoi.vn/a-a1.html"},
		{"canonical www", "https://bentre.gov.vn/x", "https://www.bentre.gov.vn/x", "https://www.bentre.gov.vn/x"},
		{"canonical on the new host", "https://baodongkhoi.vn/a-a1.html", "https://dongkhoi.baovinhlong.vn/a-a1.html", "https://dongkhoi.baovinhlong.vn/a-a1.html"},
		{"canonical elsewhere", "https://baodongkhoi.vn/a-a1.html", "https://aggregator.example/a", "https://baodongkhoi.vn/a-a1.html"},
		{"canonical drops the item id", "https://tinbai.bentre.gov.vn/Pages/chi-tiet-tin.aspx?ItemID=12", "https://tinbai.bentre.gov.vn:443/Pages/chi-tiet-tin.aspx", "https://tinbai.bentre.gov.vn/Pages/chi-tiet-tin.aspx?ItemID=12"},
		{"canonical is the home page", "https://sct.bentre.gov.vn/tin/1.html", "https://sct.bentre.gov.vn/", "https://sct.bentre.gov.vn/tin/1.html"},
		{"bad canonical", "https://a.vn/x", "javascript:void(0)", "https://a.vn/x"},
	}
	for _, tt := range tests {
		got, err := pageKey(tt.final, tt.canonical, migrated)
		if err != nil || got != tt.want {
			t.Errorf("%s: pageKey = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}
