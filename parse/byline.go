package parse

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// bylineStart matches the openings of Vietnamese bylines and source lines, after Fold.
var bylineStart = regexp.MustCompile(`^\(?(tin(,| va| -| &)? anh|bai(,| va| -| &)? anh|tin|bai|anh|tac gia|nguon|theo|nhom pv|pv|ctv|phong vien|bien tap|by|source|written by|reporter)\b\s*[:,.\-]?\s*`)

// isByline reports whether a short closing line names the author or source: "Tin, ảnh: Thu
// Huyền", "Nguồn: Bentre.gov.vn", "Theo TTXVN", or a bare name such as "Kiều Loan". right says the
// line was right-aligned, which makes any short line a byline on these CMSes.
func isByline(text string, right bool) bool {
	words := wordCount(text)
	if words == 0 || words > 12 || utf8.RuneCountInString(text) > 120 {
		return false
	}
	f := Fold(text)
	if m := bylineStart.FindString(f); m != "" {
		rest := strings.TrimSpace(f[len(m):])
		if rest == "" {
			return false
		}
		head := strings.Fields(m)[0]
		switch strings.Trim(head, "(") {
		case "theo", "tin", "bai", "anh", "by":
			// "Theo Bí thư Thành ủy, năm 2021 là …" opens a sentence, not a byline.
			return words <= 8 && !strings.ContainsAny(strings.TrimRight(text, ".)"), ".;!?") && !strings.Contains(text, ", ") || strings.Contains(m, ":")
		}
		return true
	}
	if right {
		return words <= 10 && !strings.HasSuffix(text, ":")
	}
	return isBareName(text)
}

// isBareName reports a line of two to five capitalised words with no punctuation but dots and
// hyphens: how Báo Đồng Khởi signs its articles ("Kiều Loan", "H. Hiệp").
func isBareName(text string) bool {
	fields := strings.Fields(text)
	if len(fields) < 2 || len(fields) > 5 {
		return false
	}
	for _, f := range fields {
		r, _ := utf8.DecodeRuneInString(f)
		if !unicode.IsUpper(r) {
			return false
		}
		for _, c := range f {
			if !unicode.IsLetter(c) && c != '.' && c != '-' {
				return false
			}
		}
	}
	return true
}
