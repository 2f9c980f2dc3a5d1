package parse

import (
	"reflect"
	"testing"
)

func TestSplitWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"tool-view", []string{"tool", "view"}},
		{"VCObjectBoxRelatedNewsItemSapo", []string{"vc", "object", "box", "related", "news", "item", "sapo"}},
		{"box_tin-lien_quan", []string{"box", "tin", "lien", "quan"}},
		{"mainContent2", []string{"main", "content"}},
		{"the-article-credit", []string{"the", "article", "credit"}},
	}
	for _, tt := range tests {
		if got := splitWords(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestJunkWords(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"tool-view", false},   // one site's wrapper around h1, sapo and body
		{"article-tool", true}, // "tool" names the element as the last word
		{"toolkit", false},     // no word inside another
		{"header", true},       // a whole word anywhere
		{"loadHeader", true},   // camelCase
		{"thread", false},      // "ad" is not in "thread"
		{"VCObjectBoxRelatedNewsItemSapo", true},
		{"box-tin-lien-quan", true}, // a phrase
		{"fbcomments", true},        // an infix of a long distinctive word
		{"detail-content", false},
		{"d-print-none", true},
		{"btn-print", true},
		{"notebox", true},
		{"content_source", false},
	}
	for _, tt := range tests {
		if got := junkWords.match(tt.in); got != tt.want {
			t.Errorf("junkWords.match(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCaptionAndBylineWords(t *testing.T) {
	for _, tt := range []struct {
		in              string
		caption, byline bool
	}{
		{"the-article-credit", false, true},
		{"photo-credit", true, true},
		{"PhotoCMS_Caption", true, false},
		{"imagecaption", true, false},
		{"detail-author", false, true},
		{"content_source", false, true},
		{"source-list", false, false},
	} {
		if got := captionWords.match(tt.in); got != tt.caption {
			t.Errorf("captionWords.match(%q) = %v, want %v", tt.in, got, tt.caption)
		}
		if got := bylineWords.match(tt.in); got != tt.byline {
			t.Errorf("bylineWords.match(%q) = %v, want %v", tt.in, got, tt.byline)
		}
	}
}
