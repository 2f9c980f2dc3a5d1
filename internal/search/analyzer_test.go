package search

import (
	"reflect"
	"testing"
)

// The index's analyzer finds the words Words finds (queries and phrase checks rely on it), with
// their byte ranges in the original text and their positions.
func TestAnalyzer_WordsOffsetsPositions(t *testing.T) {
	type tok struct {
		term       string
		start, end int
		pos        int
	}
	tests := []struct {
		name, in string
		want     []tok
	}{
		{"diacritics and đ", "Đồng Khởi, Bến Tre", []tok{{"dong", 0, 7, 1}, {"khoi", 8, 14, 2}, {"ben", 16, 21, 3}, {"tre", 22, 25, 4}}},
		{"decomposed marks", "Be\u0302\u0301n tre", []tok{{"ben", 0, 7, 1}, {"tre", 8, 11, 2}}},
		{"digits and punctuation", "Giá tăng 20%, (năm 2026)…", []tok{{"gia", 0, 4, 1}, {"tang", 5, 10, 2}, {"20", 11, 13, 3}, {"nam", 17, 21, 4}, {"2026", 22, 26, 5}}},
		{"a lone mark is no word", "a \u0301 b", []tok{{"a", 0, 1, 1}, {"b", 5, 6, 2}}},
		{"other scripts lower-cased", "ΑΘΗΝΑ và Москва", []tok{{"αθηνα", 0, 10, 1}, {"va", 11, 14, 2}, {"москва", 15, 27, 3}}},
		{"empty", " \n ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []tok
			var terms []string
			for _, x := range (foldAnalyzer{}).Analyze([]byte(tt.in)) {
				got = append(got, tok{string(x.Term), x.Start, x.End, x.Position})
				terms = append(terms, string(x.Term))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Analyze(%q) = %v, want %v", tt.in, got, tt.want)
			}
			if w := Words(tt.in); !reflect.DeepEqual(w, terms) {
				t.Errorf("Words(%q) = %q, the analyzer's terms %q", tt.in, w, terms)
			}
		})
	}
}

func BenchmarkAnalyze(b *testing.B) {
	text := []byte("Sáng 20/11, tại huyện Giồng Trôm, Ủy ban nhân dân tỉnh Bến Tre tổ chức lễ kỷ niệm 65 năm Ngày Đồng Khởi (17/1/1960 - 17/1/2025). ")
	for range 5 {
		text = append(text, text...)
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		(foldAnalyzer{}).Analyze(text)
	}
}

func TestHasPhrases(t *testing.T) {
	tests := []struct {
		text    string
		phrases [][]string
		want    bool
	}{
		{"Bến Tre, Bến Tre là quê dừa", [][]string{{"ben", "tre", "la"}}, true},
		{"ben ben tre", [][]string{{"ben", "tre"}}, true},
		{"tre ben", [][]string{{"ben", "tre"}}, false},
		{"a b a c", [][]string{{"a", "c"}, {"b", "a"}}, true},
		{"a b a c", [][]string{{"a", "c"}, {"c", "a"}}, false},
		{"Đồng Khởi. Năm 1960", [][]string{{"khoi", "nam", "1960"}}, true},
		{"", [][]string{{"a", "b"}}, false},
	}
	for _, tt := range tests {
		if got := hasPhrases(tt.text, tt.phrases); got != tt.want {
			t.Errorf("hasPhrases(%q, %q) = %v", tt.text, tt.phrases, got)
		}
	}
}

func TestPairsAnalyzer(t *testing.T) {
	var got []string
	for _, x := range (pairsAnalyzer{}).Analyze([]byte("Dừa Bến Tre, 2026")) {
		got = append(got, string(x.Term))
	}
	if want := []string{"dua ben", "ben tre", "tre 2026"}; !reflect.DeepEqual(got, want) {
		t.Errorf("pairs %q, want %q", got, want)
	}
	if got := (pairsAnalyzer{}).Analyze([]byte("Dừa")); len(got) != 0 {
		t.Errorf("one word gives pairs %v", got)
	}
}
