package parse

import (
	"regexp"
	"strings"
)

// Class and id vocabularies. A block whose class or id holds a junk word is boilerplate unless it
// also looks like content and carries real text. The Vietnamese slugs are those of local CMSes
// (tin-lien-quan, doc-nhieu, binh-luan, …). Junk, caption and byline words are matched as whole
// words of the class names (tokens.go), not regular expressions: it runs on every element of every
// page.
var (
	junkWords = newTokenMatcher([]string{
		"comment", "comments", "binhluan", "binh-luan", "share", "sharing", "social", "sharemxh", "linkshare",
		"mxh", "related", "relate", "lienquan", "lien-quan", "tinlienquan", "tin-lien-quan", "other-news",
		"othernews", "tin-khac", "tinkhac", "more-news", "read-more", "readmore", "doc-them", "docthem",
		"xem-them", "xemthem", "tham-khao", "thamkhao", "doc-tiep", "doctiep", "notebox", "box-note",
		"most-read", "mostread", "doc-nhieu", "docnhieu", "popular", "trending", "sidebar", "side-bar",
		"widget", "menu", "navbar", "nav", "navigation", "breadcrumb", "breadcrumbs", "bread-crumb", "footer",
		"header", "masthead", "banner", "advert", "advertisement", "ad", "ads", "adv", "qc", "quangcao",
		"amn", "sponsor", "promo", "popup", "modal", "cookie", "subscribe", "newsletter", "signup", "sign-up",
		"tag", "tags", "block-tag", "keyword", "keywords", "tu-khoa", "rating", "vote", "login", "search",
		"pagination", "paging", "pager", "toolbar", "tools", "skip", "author-box", "audio", "video-list",
		"gallery-list", "slider", "carousel", "weather", "counter", "view-count", "luot-xem", "contact",
		"lienhe", "lien-he", "copyright", "print", "bottom", "right-col", "left-col", "col-right", "col-left",
		"box-right", "box-left", "fb"},
		[]string{"comment", "comments", "binhluan", "share", "sharing", "social", "related", "relate", "lienquan",
			"tinlienquan", "sidebar", "breadcrumb", "breadcrumbs", "advert", "advertisement", "ads", "newsletter",
			"subscribe", "popup", "cookie", "pagination", "quangcao"},
		// Words that name a part only as the last word of a class: "article-tool" but not the
		// "tool-view" one site wraps its whole article in.
		[]string{"tool", "foot"},
		[]string{"comment", "sidebar", "breadcrumb", "newsletter", "advert", "lienquan", "quangcao", "binhluan"})
	contentWords = substrings("article", "body", "content", "entry", "main", "post", "story", "text", "detail",
		"chi-tiet", "chitiet", "noidung", "noi-dung", "journal", "richhtml", "fck")
	// leadWords mark standfirst containers.
	leadWords = substrings("sapo", "lead", "chapeau", "standfirst", "summary", "excerpt", "detail-desc",
		"article-desc", "description", "teaser", "intro", "tomtat", "tom-tat", "mota")
	// captionWords mark photo caption containers. A bare "credit" is the article's credit line
	// (a byline), not a photo's.
	captionWords = newTokenMatcher([]string{"caption", "captions", "figcaption", "image-desc", "img-desc", "photo-desc",
		"pic-desc", "chu-thich", "chuthich", "expnoedit", "photo-credit", "image-credit", "img-credit", "embed-credit", "media-credit", "picture-credit", "pic-credit", "figure-credit",
		"photo-info", "image-info", "img-info", "photo-note", "image-note", "img-note", "pcaption"},
		[]string{"caption", "figcaption"}, nil, []string{"caption"})
	// bylineWords mark elements holding the author's name or the source line.
	bylineWords = newTokenMatcher([]string{"author", "authors", "byline", "tacgia", "tac-gia", "credit", "credits",
		"nguon", "writer", "reporter", "butdanh", "but-danh", "article-source"},
		[]string{"author", "byline"}, []string{"source"}, nil)
	// dateWords mark elements that hold a page's own date.
	dateWords = substrings("pubdate", "publish", "posted", "date", "time", "ngay", "created", "updated",
		"cap-nhat", "capnhat", "meta")
)

// substrMatcher matches class strings containing one of its strings, case-insensitively.
type substrMatcher []string

func substrings(s ...string) substrMatcher { return s }

func (m substrMatcher) match(s string) bool {
	if s == "" {
		return false
	}
	s = strings.ToLower(s)
	for _, w := range m {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// boilerLine matches whole short lines that are site chrome, compared after Fold. A line that
// merely contains these words inside a sentence is not matched: each pattern is anchored and the
// caller only tries short lines.
var boilerLine = regexp.MustCompile(`^(` + strings.Join([]string{
	`chia se( bai viet| facebook| zalo| len facebook)?:?`,
	`binh luan( \(\d+\))?:?`, `y kien ban doc:?`, `gui binh luan`, `gui y kien`, `viet binh luan.*`,
	`tin lien quan:?`, `bai lien quan:?`, `tin cung chuyen muc:?`, `tin khac:?`, `cac tin khac:?`, `tin moi( nhat)?:?`,
	`doc them:?`, `xem them:?`, `doc nhieu( nhat)?:?`, `xem nhieu( nhat)?:?`, `tin doc nhieu:?`,
	`luot xem:? ?[\d.,]*`, `(tong )?(so )?luot truy cap:? ?[\d.,]*`, `dang truy cap:? ?[\d.,]*`, `dang (truc tuyen|online):? ?[\d.,]*`, `hom nay:? ?[\d.,]*`, `so lan xem:? ?[\d.,]*`, `luot truy cap:? ?[\d.,]*`, `da xem:? ?[\d.,]*`,
	`email:.*`, `dien thoai:.*`, `don vi truc thuoc:.*`, `fax:.*`, `hotline:.*`, `dia chi:.*`,
	`tu khoa:?.*`, `tags?:.*`, `the:.*`,
	`in bai( viet)?`, `ban in`, `gui bai( viet)?`, `gui email`, `ve dau trang`, `tro ve( dau trang)?`, `quay lai`,
	`print`, `share( this)?( article| story)?:?`, `tweet`, `like`, `email`, `facebook`, `zalo`, `twitter`,
	`font size:?.*`, `co chu:?.*`, `a\+? ?a-?`, `nghe doc bai( viet)?`, `nghe bai viet`,
	`danh gia bai viet:?`, `ban can dang nhap.*`, `ho ten:?`, `noi dung:?`, `ma xac nhan:?`,
	`\(?cap nhat:? ?[\d/ :\-]*\)?`, `ngay dang:? ?[\d/ :\-]*`, `ngay cap nhat:? ?[\d/ :\-]*`,
	`ban quyen.*`, `copyright.*`, `©.*`, `top`, `advertisement`, `quang cao`,
	`related( articles| stories| posts)?:?`, `read more:?`, `more from.*`, `comments?( \(\d+\))?:?`, `leave a (comment|reply)`,
	`subscribe.*`, `sign up.*`, `follow us.*`, `caption`, `close`, `advert`, `tags?`, `don.?t miss`,
	`you (may|might) (also )?like.*`, `more (great )?[a-z ]*stories`, `recommended( for you)?`, `back to (gallery|top)`,
	`\d+ of \d+`, `tell us what you think.*`, `trending( now)?`, `most (read|popular|viewed)`, `see also`,
	`(photo|image|credit|picture)s?: .*`, `\((photo|image|credit|picture)s?: .*\)`, `ver mais`, `leia (mais|tambem).*`,
	`loading.*`, `skip (to )?(main )?(content|ad)`, `scroll to continue.*`, `listen to (this|the) (article|story).*`,
}, "|") + `)[\s.!:]*$`)

// maxBoilerWords is the longest line isBoilerplateLine may call chrome.
const maxBoilerWords = 10

// isBoilerplateLine reports a short line that is chrome, not article text.
func isBoilerplateLine(text string) bool {
	if wordCount(text) > maxBoilerWords {
		return false
	}
	return boilerLine.MatchString(Fold(strings.TrimSpace(strings.TrimLeft(text, "•·-–|»> "))))
}

// junkAttr reports whether a class/id string marks boilerplate.
func junkAttr(attr string) bool {
	return junkWords.match(attr)
}
