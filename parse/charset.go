package parse

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// Decode turns page bytes into NFC UTF-8 text. It follows the WHATWG order (BOM, then the
// Content-Type header's charset, then a <meta> in the first 4 KiB); with no declaration it takes
// valid UTF-8 as UTF-8 and otherwise guesses between windows-1258 and windows-1252 from the bytes,
// since x/net's default of windows-1252 garbles undeclared Vietnamese pages. A charset it does not
// know is decoded as UTF-8 with replacement characters. It returns the charset used.
func Decode(body []byte, contentType string) (string, string) {
	s, name := decode(body, contentType)
	// windows-1258 and NFD pages carry combining tone marks.
	return norm.NFC.String(s), name
}

// decode is Decode without the NFC pass: Extract normalises each text it keeps instead, which
// costs less than normalising the whole page.
func decode(body []byte, contentType string) (string, string) {
	enc, name := chooseEncoding(body, contentType)
	if enc == nil {
		s := string(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
		return s, name
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return strings.ToValidUTF8(string(body), "\uFFFD"), "utf-8"
	}
	return string(out), name
}

func chooseEncoding(body []byte, contentType string) (encoding.Encoding, string) {
	switch {
	case bytes.HasPrefix(body, []byte{0xfe, 0xff}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be"
	case bytes.HasPrefix(body, []byte{0xff, 0xfe}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le"
	case bytes.HasPrefix(body, []byte("\xef\xbb\xbf")):
		return nil, "utf-8"
	}
	label := ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		label = params["charset"]
	}
	enc, name := lookupCharset(label)
	if enc == nil && name == "" {
		head := body
		if len(head) > 4096 {
			head = head[:4096]
		}
		if m := reMetaCharset.FindSubmatch(head); m != nil {
			enc, name = lookupCharset(string(m[1]))
			if strings.HasPrefix(name, "utf-16") {
				enc, name = nil, "utf-8" // a <meta> cannot declare UTF-16 (WHATWG)
			}
		}
	}
	valid := validUTF8(body)
	switch {
	case name == "utf-8":
		return nil, name
	case name != "" && !strings.HasPrefix(name, "utf-16"):
		// Pages labelled windows-1252 or ISO-8859-1 that are valid UTF-8 with non-ASCII text are
		// mislabelled: real windows-1252 text almost never forms valid UTF-8 sequences.
		if (name == "windows-1252" || name == "iso-8859-1") && valid && !isASCII(body) {
			return nil, "utf-8"
		}
		if name == "windows-1252" && !valid && looksVietnamese1258(body) {
			return charmap.Windows1258, "windows-1258"
		}
		return enc, name
	case valid:
		return nil, "utf-8"
	case looksVietnamese1258(body):
		return charmap.Windows1258, "windows-1258"
	default:
		return charmap.Windows1252, "windows-1252"
	}
}

// reMetaCharset finds <meta charset=…> and <meta http-equiv content="…; charset=…">.
var reMetaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)`)

// lookupCharset resolves a WHATWG label; an unknown label gives ("", ""), as if undeclared.
func lookupCharset(label string) (encoding.Encoding, string) {
	label = strings.TrimSpace(label)
	if label == "" {
		return nil, ""
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, ""
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		return nil, ""
	}
	if name == "utf-8" {
		return nil, name
	}
	return enc, name
}

// isASCII reports whether b holds only ASCII bytes.
func isASCII[T string | []byte](b T) bool {
	for i := 0; i < len(b); i++ {
		if b[i] >= 0x80 {
			return false
		}
	}
	return true
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

// validUTF8 is utf8.Valid allowing one incomplete sequence at the very end, where a capped body
// was cut.
func validUTF8(b []byte) bool {
	for i := 1; i <= 3 && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				b = b[:len(b)-i]
			}
			break
		}
	}
	return utf8.Valid(b)
}
