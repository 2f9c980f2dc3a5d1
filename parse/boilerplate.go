package parse

import (
	"regexp"
	"strings"
)

// Class and id patterns. A block whose class or id matches junkPattern is boilerplate unless it
// also looks like content (contentPattern) and carries little link text. The Vietnamese slugs are
// those of local CMSes (tin-lien-quan, doc-nhieu, binh-luan, …).
var (
	junkPattern    = regexp.MustCompile(`(?i)(^|[-_ ])(comment|comments|binhluan|binh-luan|share|sharing|social|sharemxh|linkshare|mxh|related|relate|lienquan|lien-quan|tinlienquan|tin-lien-quan|other-news|othernews|tin-khac|tinkhac|more-news|read-more|readmore|doc-them|docthem|most-read|mostread|doc-nhieu|docnhieu|popular|trending|sidebar|side-bar|widget|menu|navbar|nav|navigation|breadcrumbs?|footer|foot|header|masthead|banner|advert|advertisement|ads?|adv|qc|quangcao|amn|sponsor|promo|popup|modal|cookie|subscribe|newsletter|tags?|block_tag|keywords?|tu-khoa|print|rating|vote|login|search|pagination|paging|pager|toolbar|tool|skip|author-box|audio|video-list|gallery-list|slider|carousel|weather|counter|view-count|luot-xem|contact|lienhe|lien-he|copyright|bottom|right-col|left-col|col-right|col-left|box-right|box-left|fb-)([-_ 0-9]|$)`)
	contentPattern = regexp.MustCompile(`(?i)(article|body|content|entry|main|post|story|text|detail|chi-tiet|chitiet|noidung|noi-dung|news-?detail|journal|richhtml|fck)`)
	// leadPattern marks standfirst containers.
	leadPattern = regexp.MustCompile(`(?i)(sapo|lead|chapeau|standfirst|summary|excerpt|detail-desc|article-desc|description|teaser|intro|tomtat|tom-tat|mota)`)
	// captionPattern marks photo caption containers.
	captionPattern = regexp.MustCompile(`(?i)(caption|image-desc|img-desc|photo-desc|chu-thich|chuthich|figcaption|wp-caption-text|expNoEdit)`)
	// bylinePattern marks author containers.
	bylinePattern = regexp.MustCompile(`(?i)(byline|author|tac-gia|tacgia|writer|reporter|nguon|source)`)
)

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
	`subscribe.*`, `sign up.*`, `follow us.*`,
}, "|") + `)[\s.!:]*$`)

// isBoilerplateLine reports a short line that is chrome, not article text.
func isBoilerplateLine(text string) bool {
	if wordCount(text) > 10 {
		return false
	}
	return boilerLine.MatchString(Fold(strings.TrimSpace(strings.TrimLeft(text, "•·-–|»> "))))
}

// junkAttr reports whether a class/id string marks boilerplate.
func junkAttr(attr string) bool {
	return attr != "" && junkPattern.MatchString(attr)
}
