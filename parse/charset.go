package parse

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// Decode turns page bytes into NFC UTF-8 text. It follows the WHATWG order (BOM, then the
// Content-Type header's charset, then a <meta> in the first 1024 bytes); with no declaration it
// takes valid UTF-8 as UTF-8 and otherwise guesses between windows-1258 and windows-1252 from the
// bytes, since x/net's default of windows-1252 garbles undeclared Vietnamese pages. A charset it
// does not know is decoded as UTF-8 with replacement characters. It returns the charset used.
func Decode(body []byte, contentType string) (string, string) {
	enc, name := chooseEncoding(body, contentType)
	var s string
	if enc == nil || name == "utf-8" {
		s = string(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
	} else {
		out, err := enc.NewDecoder().Bytes(body)
		if err != nil {
			out = []byte(strings.ToValidUTF8(string(body), "\uFFFD"))
			name = "utf-8"
		}
		s = string(out)
	}
	// windows-1258 and NFD pages carry combining tone marks: recompose them once for the whole page.
	return norm.NFC.String(s), name
}

func chooseEncoding(body []byte, contentType string) (encoding.Encoding, string) {
	switch {
	case bytes.HasPrefix(body, []byte{0xfe, 0xff}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be"
	case bytes.HasPrefix(body, []byte{0xff, 0xfe}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le"
	}
	if bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		return nil, "utf-8"
	}
	head := body
	if len(head) > 4096 {
		head = head[:4096]
	}
	enc, name, certain := charset.DetermineEncoding(head, contentType)
	if certain || declaresCharset(head, contentType) {
		if name == "windows-1252" && declaresName(head, contentType, "1258") {
			return charmap.Windows1258, "windows-1258"
		}
		return canonicalEncoding(enc, name)
	}
	if utf8.Valid(body) {
		return nil, "utf-8"
	}
	if looksVietnamese1258(body) {
		return charmap.Windows1258, "windows-1258"
	}
	return charmap.Windows1252, "windows-1252"
}

func canonicalEncoding(enc encoding.Encoding, name string) (encoding.Encoding, string) {
	if enc == nil {
		return nil, "utf-8"
	}
	if n, err := htmlindex.Name(enc); err == nil {
		name = n
	}
	if name == "utf-8" {
		return nil, name
	}
	return enc, name
}

// declaresCharset reports a charset in the header or a <meta> that x/net did not recognise as
// certain (it reports a <meta> declaration as uncertain).
func declaresCharset(head []byte, contentType string) bool {
	return strings.Contains(strings.ToLower(contentType), "charset=") ||
		bytes.Contains(bytes.ToLower(head), []byte("charset"))
}

func declaresName(head []byte, contentType, frag string) bool {
	return strings.Contains(strings.ToLower(contentType), frag) || bytes.Contains(bytes.ToLower(head), []byte(frag))
}

// looksVietnamese1258 counts bytes that in windows-1258 are Vietnamese letters or combining tone
// marks (ă â đ ơ ư and the five tone marks); in English windows-1252 text they are rare.
func looksVietnamese1258(b []byte) bool {
	n := 0
	for _, c := range b {
		switch c {
		case 0xc3, 0xe3, 0xd0, 0xf0, 0xd5, 0xf5, 0xdd, 0xfd, 0xcc, 0xec, 0xd2, 0xde, 0xf2:
			n++
		}
	}
	return n >= 8 && n*200 >= len(b)/10
}
