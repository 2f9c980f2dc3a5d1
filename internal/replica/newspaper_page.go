package replica

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// npHead describes the <head> of a newspaper page.
type npHead struct {
	title     string // the <title>, site name included
	ogTitle   string
	desc      string
	canonical string
	section   int  // for the RSS <link>
	article   bool // og:type article
	base      bool // relative links under <base href>, as the post-merger host renders some pages
	image     string
	extra     string // JSON-LD and the like
	bodyClass string
}

// npPage writes a newspaper page. pre is the prefix of internal links: "/" for root-relative
// links, "" for links relative to <base href>.
type npPage struct {
	strings.Builder
	np  *newspaper
	g   *npGen
	pre string
}

func (np *newspaper) page(g *npGen, base bool) *npPage {
	p := &npPage{np: np, g: g, pre: "/"}
	if base {
		p.pre = ""
	}
	p.Grow(64 << 10)
	return p
}

// u is an internal link to path ("/x/y").
func (p *npPage) u(path string) string {
	if path == "/" && p.pre == "" {
		return "./"
	}
	return p.pre + strings.TrimPrefix(path, "/")
}

func (p *npPage) w(parts ...string) {
	for _, s := range parts {
		p.WriteString(s)
	}
}

func (p *npPage) f(format string, args ...any) { fmt.Fprintf(p, format, args...) }

func (p *npPage) head(h npHead) {
	np := p.np
	if h.image == "" {
		h.image = np.s.Newspaper + "/images/logo-share.png"
	}
	if h.ogTitle == "" {
		h.ogTitle = h.title
	}
	p.w("<!DOCTYPE html>\n<html lang=\"vi\" xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:fb=\"http://ogp.me/ns/fb#\">\n<head>\n<meta charset=\"utf-8\" />\n")
	if h.base {
		p.w("<base href=\"", np.s.Newspaper, "/\" />\n")
	}
	p.w("<meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\" />\n",
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0, maximum-scale=1.0, user-scalable=no\" />\n",
		"<title>", escape(h.title), "</title>\n",
		"<meta name=\"description\" content=\"", escape(h.desc), "\" />\n",
		"<meta name=\"keywords\" content=\"Báo Đồng Khởi, Bến Tre, tin tức Bến Tre, thời sự Bến Tre, xứ dừa, Đồng Khởi\" />\n",
		"<meta name=\"robots\" content=\"index, follow\" />\n<meta name=\"author\" content=\"Báo Đồng Khởi\" />\n<meta name=\"copyright\" content=\"Báo Đồng Khởi\" />\n",
		"<meta name=\"geo.placename\" content=\"Ben Tre, Viet Nam\" />\n<meta name=\"geo.region\" content=\"VN-50\" />\n",
		"<link rel=\"shortcut icon\" href=\"", p.u("/favicon.ico"), "\" type=\"image/x-icon\" />\n",
		"<link rel=\"canonical\" href=\"", escape(h.canonical), "\" />\n",
		"<link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS Báo Đồng Khởi\" href=\"", p.u("/rss/cate/"+npSections[h.section].slug+"/"), "\" />\n",
		"<meta property=\"fb:app_id\" content=\"1593422334189760\" />\n<meta property=\"og:site_name\" content=\"Báo Đồng Khởi\" />\n<meta property=\"og:locale\" content=\"vi_VN\" />\n")
	if h.article {
		p.w("<meta property=\"og:type\" content=\"article\" />\n<meta property=\"article:section\" content=\"", npSections[h.section].name, "\" />\n")
	} else {
		p.w("<meta property=\"og:type\" content=\"website\" />\n")
	}
	p.w("<meta property=\"og:url\" content=\"", escape(h.canonical), "\" />\n",
		"<meta property=\"og:title\" content=\"", escape(h.ogTitle), "\" />\n",
		"<meta property=\"og:description\" content=\"", escape(h.desc), "\" />\n",
		"<meta property=\"og:image\" content=\"", escape(h.image), "\" />\n<meta property=\"og:image:width\" content=\"800\" />\n<meta property=\"og:image:height\" content=\"450\" />\n",
		"<meta name=\"twitter:card\" content=\"summary_large_image\" />\n<meta name=\"twitter:title\" content=\"", escape(h.ogTitle), "\" />\n",
		"<meta name=\"twitter:image\" content=\"", escape(h.image), "\" />\n",
		"<link rel=\"stylesheet\" type=\"text/css\" href=\"", p.u("/css/bootstrap.min.css?v=3.3.7"), "\" />\n",
		"<link rel=\"stylesheet\" type=\"text/css\" href=\"", p.u("/css/slick.css"), "\" />\n",
		"<link rel=\"stylesheet\" type=\"text/css\" href=\"", p.u("/css/style.css?v=2.1.18"), "\" />\n",
		"<link rel=\"stylesheet\" type=\"text/css\" href=\"", p.u("/css/responsive.css?v=2.1.18"), "\" />\n",
		"<style type=\"text/css\">\n", newspaperCSS, "</style>\n",
		"<script type=\"text/javascript\" src=\"", p.u("/js/jquery-1.11.3.min.js"), "\"></script>\n",
		"<script async src=\"https://www.googletagmanager.com/gtag/js?id=UA-40528142-1\"></script>\n",
		"<script>\n  window.dataLayer = window.dataLayer || [];\n  function gtag(){dataLayer.push(arguments);}\n  gtag('js', new Date());\n  gtag('config', 'UA-40528142-1');\n</script>\n",
		"<script type=\"text/javascript\">var DOMAIN = \"", np.s.Newspaper, "/\"; var DOMAIN_IMG = \"", np.s.Newspaper, "/image/\"; var isMobile = false;</script>\n",
		h.extra, "</head>\n<body class=\"", h.bodyClass, "\">\n<div id=\"fb-root\"></div>\n",
		"<script async defer crossorigin=\"anonymous\" src=\"https://connect.facebook.net/vi_VN/sdk.js#xfbml=1&amp;version=v9.0&amp;appId=1593422334189760&amp;autoLogAppEvents=1\" nonce=\"Dk3s9aQw\"></script>\n")
}

// top writes the top bar, header, notice, menu and ticker.
func (p *npPage) top() {
	np, g := p.np, p.g
	p.w("<div class=\"wrapper\">\n<div class=\"top-bar\"><div class=\"container\">\n<div class=\"fleft date-now\"><span class=\"sprite icoclock\"></span> ",
		weekday(g.today), ", ", g.today.Format("02/01/2006"), "</div>\n<div class=\"fright top-links\">\n",
		"<a href=\"", p.u("/gioi-thieu.html"), "\">Giới thiệu</a> | <a href=\"", p.u("/lien-he-quang-cao.html"), "\">Liên hệ quảng cáo</a> | ",
		"<a href=\"", p.u("/rss/cate/thoi-su/"), "\" class=\"rss\"><span class=\"sprite icorss\"></span> RSS</a> | ",
		"<a href=\"", p.u("/admin/login"), "\" rel=\"nofollow\">Đăng nhập</a>\n",
		"<span class=\"hotline\">Đường dây nóng: <b>0913.882.147</b></span>\n</div></div></div>\n",
		"<header class=\"header\"><div class=\"container\">\n",
		"<a class=\"logo\" href=\"", p.u("/"), "\" title=\"Báo Đồng Khởi Online\"><img src=\"", p.u("/images/logo.png"), "\" alt=\"Báo Đồng Khởi Online\" width=\"360\" height=\"86\" /></a>\n",
		"<div class=\"banner-top AMN_top_728\"><a href=\"https://quangcao.vnptbentre.vn/click/12\" target=\"_blank\" rel=\"nofollow\"><img src=\"", p.u("/upload/adv/2026/banner-dua-ben-tre.jpg"), "\" alt=\"\" width=\"728\" height=\"90\" /></a></div>\n",
		"<form class=\"search-box\" action=\"", p.u("/tim-kiem/"), "\" method=\"get\"><input type=\"text\" name=\"q\" placeholder=\"Tìm kiếm...\" /><button type=\"submit\"><span class=\"sprite icosearch\"></span></button></form>\n",
		"<a class=\"search-adv\" href=\"", p.u("/tim-kiem/?q=dong-khoi&amp;type=all"), "\" rel=\"nofollow\">Tìm kiếm nâng cao</a>\n",
		"</div></header>\n",
		"<div class=\"notice-merge\"><div class=\"container\">Từ ngày 1-7-2025, Báo Đồng Khởi hợp nhất cùng Báo Vĩnh Long. Địa chỉ cũ <a href=\"", np.s.NewspaperOld, "/\">baodongkhoi.vn</a> chuyển về trang này.</div></div>\n",
		"<nav class=\"main-menu\"><div class=\"container\"><ul class=\"menu-top\">\n<li class=\"home\"><a href=\"", p.u("/"), "\"><span class=\"sprite icohome\"></span></a></li>\n")
	for i, s := range npSections {
		p.w("<li class=\"menu-item\"><a href=\"", p.u("/"+s.slug+"/"), "\">", s.name, "</a>\n<ul class=\"sub-menu\">")
		for _, sub := range npSubMenus[i] {
			p.w("<li><span>", sub, "</span></li>")
		}
		p.w("</ul>\n</li>\n")
	}
	p.w("<li class=\"menu-item\"><span class=\"menu-label\">Multimedia</span><ul class=\"sub-menu\"><li><span>Video</span></li><li><span>Ảnh</span></li><li><span>Podcast</span></li><li><span>Emagazine</span></li></ul></li>\n",
		"</ul></div></nav>\n<div class=\"news-ticker\"><div class=\"container\"><span class=\"lbl\">Tiêu điểm:</span>\n")
	if len(g.all) > 0 {
		p.link(g.all[0], "")
	}
	p.w("<a href=\"", p.u(npSpecialPath), "\">", escape(g.special.title), "</a>\n",
		"<a href=\"", p.u(npSlowPath), "\">Cảnh báo triều cường đạt đỉnh vượt mức báo động III</a>\n",
		"<a href=\"", p.u(npBigPath), "\">Danh sách hộ gia đình được hỗ trợ sau đợt hạn mặn năm 2026</a>\n",
		"<a href=\"", p.u(npMissingPath), "\">Thông báo tuyển dụng viên chức năm 2026</a>\n",
		"</div></div>\n")
}

// link writes a plain link to an article.
func (p *npPage) link(a *npArticle, suffix string) {
	p.w("<a href=\"", p.u(a.path), escape(suffix), "\">", escape(a.title), "</a>\n")
}

// sidebar writes the right column: newest, most read (with tracking-parameter links), the
// calendar, video, useful information and the report PDF.
func (p *npPage) sidebar() {
	g := p.g
	p.w("<div class=\"col-right col-md-4\">\n",
		"<div class=\"adv AMN_right_300\"><a href=\"https://quangcao.vnptbentre.vn/click/31\" target=\"_blank\" rel=\"nofollow\"><img src=\"", p.u("/upload/adv/2026/vnpt-ben-tre-300x250.jpg"), "\" width=\"300\" height=\"250\" alt=\"Quảng cáo\" /></a></div>\n",
		"<div class=\"box-news-new\"><div class=\"box-title\"><span>Tin mới</span></div><ul class=\"list-news-new\">\n")
	for _, a := range g.all[:min(10, len(g.all))] {
		p.w("<li><a href=\"", p.u(a.path), "\" title=\"", escape(a.title), "\"><span class=\"sprite icodot\"></span>", escape(a.title), "</a></li>\n")
	}
	p.w("</ul></div>\n<div class=\"box-most-read\"><ul class=\"tab-title\"><li class=\"active\" data-tab=\"doc-nhieu\">Đọc nhiều</li><li data-tab=\"binh-luan-nhieu\">Bình luận nhiều</li></ul><div class=\"tab-content\" id=\"doc-nhieu\"><ul>\n")
	pool := g.all[:min(40, len(g.all))]
	for j, i := range spread(len(pool), 10, 7, 3) {
		a := pool[i]
		suffix := [3]string{"", npTrackingUTM, npTrackingZalo}[j%3]
		p.w("<li><span class=\"num\">", strconv.Itoa(j+1), "</span><a href=\"", p.u(a.path), escape(suffix), "\">", escape(a.title), "</a></li>\n")
	}
	p.w("</ul></div><div class=\"tab-content hidden\" id=\"binh-luan-nhieu\"><ul>\n")
	for j, i := range spread(len(pool), 8, 11, 5) {
		a := pool[i]
		p.w("<li><span class=\"num\">", strconv.Itoa(j+1), "</span><a href=\"", p.u(a.path), "\">", escape(a.title), "</a></li>\n")
	}
	p.w("</ul></div></div>\n",
		"<div class=\"box-calendar\"><div class=\"box-title\"><span>Lịch công tác</span></div><p><a href=\"", p.u("/lich/?ngay="+npCalendarDay), "\">Lịch công tác của Tỉnh ủy, UBND tỉnh tuần này</a></p></div>\n",
		"<div class=\"adv AMN_right_300_2\"><a href=\"https://dulichbentre.vn\" target=\"_blank\" rel=\"nofollow\"><img src=\"", p.u("/upload/adv/2026/du-lich-ben-tre-300x600.jpg"), "\" width=\"300\" height=\"600\" alt=\"\" /></a></div>\n",
		"<div class=\"box-video\"><div class=\"box-title\"><span>Video</span></div>\n<div class=\"video-main\"><img src=\"", p.u("/image/video/2026/thumb-01.jpg"), "\" alt=\"Bản tin thời sự Đồng Khởi\" /><span class=\"sprite icoplay\"></span><h3>Bản tin thời sự Đồng Khởi ngày ",
		g.today.Format("02/01/2006"), "</h3></div>\n<ul><li>Phóng sự: Xứ dừa vươn mình trong kỷ nguyên mới</li><li>Nông nghiệp thích ứng biến đổi khí hậu</li><li>Người tốt việc tốt: Thầy giáo làng vùng biển Thạnh Phú</li></ul></div>\n",
		"<div class=\"box-info\"><div class=\"box-title\"><span>Thông tin cần biết</span></div><ul>\n<li>Thời tiết Bến Tre: 25-31°C, có mưa rào rải rác</li>\n<li>Giá vàng SJC: theo niêm yết của doanh nghiệp</li>\n<li>Lịch phát sóng THVL - THBT</li>\n<li>Số điện thoại cần biết: Công an 113, Cứu hỏa 114, Cấp cứu 115</li>\n</ul></div>\n",
		npPhotoBox,
		"<div class=\"box-doc\"><div class=\"box-title\"><span>Tài liệu</span></div><p><a href=\"", p.u(npPDFPath), "\">Báo cáo tình hình kinh tế - xã hội tỉnh năm 2025 (PDF)</a></p></div>\n",
		"<div class=\"box-links\"><select onchange=\"window.open(this.value)\"><option value=\"\">-- Liên kết website --</option><option value=\"https://www.bentre.gov.vn\">Cổng TTĐT tỉnh Bến Tre</option><option value=\"https://www.nhandan.vn\">Báo Nhân Dân</option><option value=\"https://www.qdnd.vn\">Báo Quân đội nhân dân</option><option value=\"https://baochinhphu.vn\">Báo Điện tử Chính phủ</option><option value=\"https://www.dangcongsan.vn\">Báo Điện tử Đảng Cộng sản Việt Nam</option><option value=\"https://baovinhlong.vn\">Báo Vĩnh Long</option></select></div>\n",
		"</div>\n")
}

// spread picks up to count distinct indexes below n, scattered: off, off+step, … mod n.
func spread(n, count, step, off int) []int {
	seen := make([]bool, n)
	var out []int
	for i := 0; len(out) < min(count, n); i++ {
		j := (off + i*step + i/n) % n
		if !seen[j] {
			seen[j] = true
			out = append(out, j)
		}
	}
	return out
}

// footer closes the page.
func (p *npPage) footer(id int) {
	hits := p.np.s.hits.Load()
	p.w("<footer class=\"footer\">\n<div class=\"footer-menu\"><div class=\"container\"><ul>\n<li><a href=\"", p.u("/"), "\">Trang chủ</a></li>\n")
	for _, s := range npSections {
		p.w("<li><a href=\"", p.u("/"+s.slug+"/"), "\">", s.name, "</a></li>\n")
	}
	p.w("</ul></div></div>\n<div class=\"container footer-info\"><div class=\"row\">\n",
		"<div class=\"col-md-3\"><a href=\"", p.u("/"), "\"><img src=\"", p.u("/images/logo-footer.png"), "\" alt=\"Báo Đồng Khởi\" /></a></div>\n",
		"<div class=\"col-md-6\"><p class=\"name\"><strong>BÁO ĐỒNG KHỞI - CƠ QUAN CỦA ĐẢNG BỘ ĐẢNG CỘNG SẢN VIỆT NAM TỈNH BẾN TRE</strong></p>",
		"<p>Giấy phép số 142/GP-BTTTT ngày 28/4/2017 của Bộ Thông tin và Truyền thông</p><p>Tổng Biên tập: Trần Văn Bình - Phó Tổng Biên tập: Lê Thị Hồng, Nguyễn Minh Khoa</p>",
		"<p>Địa chỉ: Số 3, đường Đồng Văn Cống, Phường 3, TP. Bến Tre, tỉnh Bến Tre</p><p>Điện thoại: (0275) 3822.145 - Fax: (0275) 3822.146 - Email: toasoan@baodongkhoi.vn</p></div>\n",
		"<div class=\"col-md-3 social\"><p>Theo dõi chúng tôi:</p><a href=\"", p.u("/https/www.facebook.com/baodongkhoi.vn"), "\" target=\"_blank\"><span class=\"sprite icofb\"></span></a> ",
		"<a href=\"https://www.youtube.com/channel/UCbdk\" target=\"_blank\"><span class=\"sprite icoyt\"></span></a> <a href=\"https://zalo.me/baodongkhoi\" target=\"_blank\"><span class=\"sprite icozalo\"></span></a>",
		"<p class=\"counter\">Đang truy cập: <b>", strconv.FormatInt(200+hits%300, 10), "</b><br />Tổng lượt truy cập: <b>", strconv.FormatInt(47992121+hits, 10), "</b></p></div>\n",
		"</div></div>\n<div class=\"copyright\"><div class=\"container\">© Bản quyền thuộc về Báo Đồng Khởi. Ghi rõ nguồn “Báo Đồng Khởi” khi phát hành lại thông tin từ website này. Thiết kế bởi VNPT Bến Tre.</div></div>\n</footer>\n",
		"<a href=\"javascript:void(0)\" class=\"scroll-top\" title=\"Lên đầu trang\"><span class=\"sprite icotop\"></span></a>\n</div>\n",
		"<script type=\"text/javascript\" src=\"", p.u("/js/bootstrap.min.js"), "\"></script>\n<script type=\"text/javascript\" src=\"", p.u("/js/slick.min.js"), "\"></script>\n",
		"<script type=\"text/javascript\" src=\"", p.u("/js/main.js?v=2.1.18"), "\"></script>\n<script src=\"https://sp.zalo.me/plugins/sdk.js\"></script>\n",
		npScript)
	if id > 0 {
		p.w("<script type=\"text/javascript\">jQuery.post(DOMAIN + 'ajax/updateview', { id: ", strconv.Itoa(id), " });</script>\n")
	}
	p.w("</body>\n</html>\n")
}

// npSubMenus are the sub-sections shown in the menu (as labels: the replica has no sub-section
// listings).
var npSubMenus = [][]string{
	{"Trong tỉnh", "Trong nước", "Chuyên đề", "Chính trị", "Xây dựng Đảng", "Học tập và làm theo Bác"},
	{"Nông nghiệp", "Công nghiệp", "Thương mại - Dịch vụ", "Đầu tư", "Nông thôn mới"},
	{"Y tế", "Giáo dục", "Lao động - Việc làm", "An sinh xã hội", "Môi trường"},
}

// npPhotoBox is the sidebar's photo, e-magazine and podcast boxes, text and pictures only.
const npPhotoBox = `<div class="box-photo"><div class="box-title"><span>Ảnh</span></div><ul class="list-photo">
<li><img src="/image/photo/2026/xu-dua-mua-nuoc-noi.jpg" alt="Xứ dừa mùa nước nổi" width="300" height="200" /><p class="b-desc">Xứ dừa mùa nước nổi: những chuyến đò ngang chở nông sản về chợ nổi Cái Mơn.</p></li>
<li><img src="/image/photo/2026/cho-lach-mua-hoa-kieng.jpg" alt="Chợ Lách vào mùa hoa kiểng Tết" width="140" height="95" /><p class="b-desc">Chợ Lách vào mùa hoa kiểng Tết, nhà vườn tất bật chăm sóc hàng trăm nghìn chậu hoa.</p></li>
<li><img src="/image/photo/2026/bien-thanh-phu.jpg" alt="Bình minh trên biển Thạnh Phú" width="140" height="95" /><p class="b-desc">Bình minh trên biển Thạnh Phú, nơi ngư dân chuẩn bị cho chuyến biển đầu mùa.</p></li>
<li><img src="/image/photo/2026/lang-nghe-keo-dua.jpg" alt="Làng nghề kẹo dừa Mỏ Cày" width="140" height="95" /><p class="b-desc">Làng nghề kẹo dừa Mỏ Cày giữ nghề truyền thống, đưa sản phẩm OCOP ra thị trường quốc tế.</p></li>
</ul></div>
<div class="box-emagazine"><div class="box-title"><span>Emagazine</span></div><ul>
<li><img src="/image/emagazine/2026/thumb-01.jpg" alt="" width="300" height="170" /><h3>Đồng Khởi - bản hùng ca của xứ dừa</h3><p class="b-desc">Hơn sáu mươi năm sau phong trào Đồng Khởi, vùng đất anh hùng đang viết tiếp những trang sử mới trên con đường phát triển.</p></li>
<li><img src="/image/emagazine/2026/thumb-02.jpg" alt="" width="300" height="170" /><h3>Kinh tế dừa: từ trái dừa đến chuỗi giá trị tỷ đô</h3><p class="b-desc">Từ những sản phẩm thô, ngành dừa Bến Tre đã vươn lên với hàng trăm sản phẩm chế biến sâu có mặt ở nhiều quốc gia.</p></li>
</ul></div>
<div class="box-podcast"><div class="box-title"><span>Podcast</span></div><ul><li>Bản tin sáng: những tin tức nổi bật trong tỉnh</li><li>Chuyện làng quê: người giữ hồn đờn ca tài tử</li><li>Sức khỏe cho mọi nhà: phòng bệnh sốt xuất huyết mùa mưa</li></ul></div>
`

const npScript = `<script type="text/javascript">
jQuery(document).ready(function() {
    jQuery('.tab-title li').click(function(){
        var tab = jQuery(this).attr('data-tab');
        jQuery(this).addClass('active').siblings().removeClass('active');
        jQuery('#' + tab).removeClass('hidden').siblings('.tab-content').addClass('hidden');
    });
    jQuery('.scroll-top').click(function(){ jQuery('html, body').animate({scrollTop: 0}, 600); });
    jQuery('.content-fck img.zoomimg').each(function(){
        var src = jQuery(this).attr('src');
        jQuery(this).wrap('<a class="fancybox" rel="gallery" href="' + src + '"></a>');
    });
    jQuery('.fontplus').click(function(){ var s = parseInt(jQuery('.content-fck').css('font-size')); jQuery('.content-fck').css('font-size', (s + 1) + 'px'); });
    jQuery('.fontminus').click(function(){ var s = parseInt(jQuery('.content-fck').css('font-size')); jQuery('.content-fck').css('font-size', (s - 1) + 'px'); });
    jQuery('.news-ticker').slick({ vertical: true, autoplay: true, autoplaySpeed: 4000, arrows: false });
});
function checkComment(frm) {
    if (frm.fullname.value == '') { alert('Vui lòng nhập họ tên!'); frm.fullname.focus(); return false; }
    if (frm.email.value == '') { alert('Vui lòng nhập email!'); frm.email.focus(); return false; }
    if (frm.content.value.length < 10) { alert('Nội dung bình luận quá ngắn!'); frm.content.focus(); return false; }
    return true;
}
var AMN = window.AMN || { slots: [] };
AMN.slots.push({ id: 'AMN_top_728', size: [728, 90], zone: 'bdk-top' });
AMN.slots.push({ id: 'AMN_right_300', size: [300, 250], zone: 'bdk-right-1' });
AMN.slots.push({ id: 'AMN_right_300_2', size: [300, 600], zone: 'bdk-right-2' });
AMN.slots.push({ id: 'AMN_inread_1', size: 'fluid', zone: 'bdk-inread' });
</script>
`

// jsonLD is the NewsArticle and BreadcrumbList markup of an article page.
func (np *newspaper) jsonLD(a *npArticle) string {
	u := np.s.Newspaper + a.path
	sec := npSections[a.sec]
	return fmt.Sprintf(`<script type="application/ld+json">
{
  "@context": "https://schema.org",
  "@type": "NewsArticle",
  "mainEntityOfPage": {"@type": "WebPage", "@id": %q},
  "headline": %q,
  "description": %q,
  "image": {"@type": "ImageObject", "url": "%s/image/news/%d/thumbnail/510x286/%d_img1.jpg", "width": 800, "height": 450},
  "datePublished": %q,
  "dateModified": %q,
  "author": {"@type": "Organization", "name": "Báo Đồng Khởi"},
  "publisher": {"@type": "Organization", "name": "Báo Đồng Khởi", "logo": {"@type": "ImageObject", "url": "%s/images/logo.png", "width": 360, "height": 86}}
}
</script>
<script type="application/ld+json">
{
  "@context": "https://schema.org",
  "@type": "BreadcrumbList",
  "itemListElement": [
    {"@type": "ListItem", "position": 1, "item": {"@id": "%s/", "name": "Trang chủ"}},
    {"@type": "ListItem", "position": 2, "item": {"@id": "%s/%s/", "name": %q}}
  ]
}
</script>
`, u, a.title, a.fullLead(), np.s.Newspaper, a.pub.Year(), a.id, a.pub.Format("2006-01-02"), a.mod.Format("2006-01-02"),
		np.s.Newspaper, np.s.Newspaper, np.s.Newspaper, sec.slug, sec.name)
}

// renderArticle writes an article page in the CMS template of baodongkhoi-001.
func (np *newspaper) renderArticle(g *npGen, a *npArticle) string {
	p := np.page(g, false)
	canon := np.s.Newspaper + a.path
	sec := npSections[a.sec]
	p.head(npHead{
		title: a.title + " - Báo Đồng Khởi", ogTitle: a.title, desc: a.fullLead(), canonical: canon, section: a.sec, article: true,
		image: fmt.Sprintf("%s/image/news/%d/thumbnail/510x286/%d_img1.jpg", np.s.Newspaper, a.pub.Year(), a.id),
		extra: np.jsonLD(a), bodyClass: "page-detail",
	})
	p.top()
	p.w("<div class=\"main-content\"><div class=\"container\"><div class=\"row\">\n<div class=\"col-left col-md-8\">\n",
		"<div class=\"breadcrumb\"><a href=\"", p.u("/"), "\">Trang chủ</a> <span class=\"sep\">›</span> <a href=\"", p.u("/"+sec.slug+"/"), "\" class=\"active\">", sec.name, "</a></div>\n",
		"<div class=\"detail-news\" data-id=\"", strconv.Itoa(a.id), "\">\n<div class=\"sharemxh clearfix\">\n",
		"<div class=\"fb-like\" data-href=\"", canon, "\" data-width=\"\" data-layout=\"button_count\" data-action=\"like\" data-size=\"small\" data-share=\"false\"></div>\n",
		"<a class=\"share-fb\" href=\"https://www.facebook.com/sharer/sharer.php?u=", canon, "\" target=\"_blank\" rel=\"nofollow\"><span class=\"sprite icofb-s\"></span> Chia sẻ Facebook</a>\n",
		"<div class=\"zalo-share-button\" data-href=\"", canon, "\" data-oaid=\"579745863508352884\" data-layout=\"1\" data-color=\"blue\" data-customize=\"false\"></div>\n",
		"<a class=\"print\" href=\"", p.u("/print"+a.path), "\" target=\"_blank\" rel=\"nofollow\" title=\"In bài viết\"><span class=\"sprite icoprint\"></span> In</a>\n",
		"<span class=\"fontsize\"><a href=\"javascript:void(0)\" class=\"fontminus\" title=\"Giảm cỡ chữ\">A-</a> <a href=\"javascript:void(0)\" class=\"fontplus\" title=\"Tăng cỡ chữ\">A+</a></span>\n</div>\n",
		"<h1 class=\"detail-title\">", escape(a.title), "&nbsp;<span class=\"sprite icophoto\"></span></h1>\n",
		"<div class=\"detail-date-share\"><span class=\"pubdate\">", a.pub.Format("02/01/2006 - 15:04"), "</span> <span class=\"view-count\"><span class=\"sprite icoview\"></span> Lượt xem: ",
		strconv.FormatInt(int64(a.views)+np.s.hits.Load(), 10), "</span></div>\n",
		"<div class=\"detail-desc\"><p><strong>", a.tag, "</strong> - ", escape(a.lead), "</p></div>\n",
		"<div id=\"newscontents\" class=\"detail-content\">\n<div class=\"content-fck\">\n")
	np.body(p, a)
	p.w("</div>\n</div>\n<div class=\"block_tag\"><span class=\"title-tag\"><span class=\"sprite icotag\"></span> Từ khóa:</span> ",
		"<span class=\"tag\">Bến Tre</span>, <span class=\"tag\">", sec.name, "</span>, <span class=\"tag\">Đồng Khởi</span></div>\n",
		"<div id=\"linkshare\" class=\"clearfix\"><span class=\"text-share\">Chia sẻ bài viết</span>",
		"<a href=\"https://www.facebook.com/sharer/sharer.php?u=", canon, "\" target=\"_blank\" rel=\"nofollow\" class=\"sprite icofb\"></a>",
		"<a href=\"https://twitter.com/intent/tweet?url=", canon, "\" target=\"_blank\" rel=\"nofollow\" class=\"sprite icotwitter\"></a>",
		"<a href=\"mailto:?subject=", escape(a.title), "&amp;body=", canon, "\" class=\"sprite icoemail\"></a>",
		"<a href=\"javascript:void(0)\" onclick=\"window.print();\" class=\"sprite icoprint\"></a></div>\n",
		"<div id=\"comment\" class=\"box-comment\">\n<div class=\"title-comment\">BÌNH LUẬN</div>\n")
	if a.k%2 == 1 {
		p.w("<ul class=\"list-comment\">\n<li><p class=\"name\"><strong>Nguyễn Văn Hùng</strong> <span class=\"date\">", a.pub.Add(3*time.Hour).Format("02/01/2006 15:04"),
			"</span></p><p class=\"content\">Thông tin rất thiết thực, mong địa phương tiếp tục quan tâm hơn nữa đến đời sống người dân vùng sâu.</p></li>\n",
			"<li><p class=\"name\"><strong>Trần Thị Mai</strong> <span class=\"date\">", a.pub.Add(5*time.Hour).Format("02/01/2006 15:04"),
			"</span></p><p class=\"content\">Cảm ơn Báo Đồng Khởi đã kịp thời đưa tin.</p></li>\n</ul>\n")
	}
	p.w("<form id=\"frmComments\" name=\"frmComments\" method=\"post\" action=\"", p.u("/comment/post"), "\" onsubmit=\"return checkComment(this);\">\n",
		"<input type=\"hidden\" name=\"article_id\" value=\"", strconv.Itoa(a.id), "\" />\n",
		"<div class=\"row-input\"><input type=\"text\" name=\"fullname\" class=\"form-control\" placeholder=\"Họ và tên (*)\" /></div>\n",
		"<div class=\"row-input\"><input type=\"text\" name=\"email\" class=\"form-control\" placeholder=\"Email (*)\" /></div>\n",
		"<div class=\"row-input\"><textarea name=\"content\" class=\"form-control\" rows=\"5\" placeholder=\"Nội dung bình luận (*)\"></textarea></div>\n",
		"<p class=\"note-comment\">Bạn đọc vui lòng gõ tiếng Việt có dấu. Ý kiến của bạn sẽ được biên tập trước khi đăng. Xin cảm ơn!</p>\n",
		"<button type=\"submit\" class=\"btn btn-send\">Gửi bình luận</button>\n</form></div>\n",
		"<div class=\"detail-related\"><div class=\"title-related\">Đọc thêm</div><ul>\n")
	// Older articles, linked on the old host as pages written before the merger still do.
	n := 0
	for k := a.k - 1; k >= 1 && n < 5; k-- {
		if r := g.arts[k]; r != nil {
			p.w("<li><a href=\"", np.s.NewspaperOld, r.path, "\" title=\"", escape(r.title), "\">", escape(r.title), "</a></li>\n")
			n++
		}
	}
	p.w("</ul></div>\n</div>\n<div class=\"box-same-cate\"><div class=\"catename\"><a href=\"", p.u("/"+sec.slug+"/"), "\">Tin cùng chuyên mục</a></div><ul class=\"list-news-img-style-3\">\n")
	n = 0
	for k := a.k - 1; k >= 1 && n < 5; k-- {
		if r := g.arts[k]; r != nil && r.sec == a.sec {
			p.item(r)
			n++
		}
	}
	p.w("</ul></div>\n</div>\n")
	p.sidebar()
	p.w("</div></div></div>\n")
	p.footer(a.id)
	return p.String()
}

// body writes an article body: paragraphs, the photo and its caption, an in-body ad, an
// intertitle, the byline.
func (np *newspaper) body(p *npPage, a *npArticle) {
	img := 0
	for i, b := range a.blocks {
		switch b.kind {
		case npPara:
			p.w("<p>", escape(b.text), "</p>\n")
		case npHeading:
			p.w("<p><strong>", escape(b.text), "</strong></p>\n")
		case npPhoto:
			img++
			alt := escape(b.text)
			cap := alt
			if a.nbspCaption {
				cap = "&nbsp;" + cap
			}
			p.f("<p style=\"text-align: center;\"><img class=\"zoomimg\" src=\"%s\" alt=\"%s\" style=\"width: 640px; height: 427px;\" /></p>\n",
				p.u(fmt.Sprintf("/image/fckeditor/upload/%d/%s/images/%d_img%d.jpg", a.pub.Year(), a.pub.Format("20060102"), a.id, img)), alt)
			p.w("<p style=\"text-align: center;\"><em>", cap, "</em></p>\n")
		}
		if i == 2 {
			p.w("<div class=\"AMN_inread_1 text-center\" id=\"AMN_inread\"><div class=\"lbl-adv\">Quảng cáo</div><ins class=\"adsbygoogle\" style=\"display:block; text-align:center;\" data-ad-layout=\"in-article\" data-ad-format=\"fluid\" data-ad-client=\"ca-pub-4785296138547219\" data-ad-slot=\"7391845201\"></ins><script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>\n")
		}
	}
	p.w("<p style=\"text-align: right;\"><strong>", escape(a.byline), "</strong></p>\n<p>&nbsp;</p>\n")
}

// item writes one entry of an article list with picture, title and sapo.
func (p *npPage) item(a *npArticle) {
	u := p.u(a.path)
	p.w("<li class=\"news-img-left news-img clearfix\">\n  <a class=\"b-img\" href=\"", u, "\"><img src=\"",
		p.u(fmt.Sprintf("/image/news/%d/thumb/%d.jpg", a.pub.Year(), a.id)), "\" alt=\"", escape(a.title), "\" width=\"240\" height=\"150\" /></a>\n",
		"  <a class=\"b-title\" href=\"", u, "\">", escape(a.title), "</a>\n  <p class=\"b-desc\">", escape(a.lead), "</p>\n</li>\n")
}

// listing serves the home page (sec < 0) or a section listing, page ?p=n, npPageSize items a
// page, newest first. Section listings render <base href> and relative links.
func (np *newspaper) listing(w http.ResponseWriter, r *http.Request, g *npGen, sec int) {
	page := pageNumber(r, "p")
	list, title, path, rss := g.all, "Báo Đồng Khởi - Tin tức Bến Tre, xứ dừa Đồng Khởi", "/", 0
	desc := "Báo Đồng Khởi điện tử: tin tức thời sự, chính trị, kinh tế, xã hội tỉnh Bến Tre."
	if sec >= 0 {
		s := npSections[sec]
		list, title, path, rss, desc = g.sec[sec], s.name+" - Báo Đồng Khởi", "/"+s.slug+"/", sec, s.desc
	}
	pageURL := func(n int) string {
		if n == 1 {
			return path
		}
		return path + "?p=" + strconv.Itoa(n)
	}
	canon := np.s.Newspaper + pageURL(page)
	if page > 1 {
		title += " - Trang " + strconv.Itoa(page)
	}
	p := np.page(g, sec >= 0)
	p.head(npHead{title: title, desc: desc, canonical: canon, section: rss, base: sec >= 0, bodyClass: "page-cate"})
	p.top()
	p.w("<div class=\"main-content\"><div class=\"container\"><div class=\"row\">\n<div class=\"col-left col-md-8\">\n")
	if sec >= 0 {
		p.w("<div class=\"cate-title\"><h1><a href=\"", p.u(path), "\">", npSections[sec].name, "</a></h1></div>\n")
	}
	p.w("<div class=\"adv AMN_cate_728\"><a href=\"https://quangcao.vnptbentre.vn/click/52\" rel=\"nofollow\" target=\"_blank\"><img src=\"", p.u("/upload/adv/2026/banner-ocop-728.jpg"), "\" alt=\"\" width=\"728\" height=\"90\" /></a></div>\n",
		"<div class=\"boxtinmoi\"><div class=\"catename marginbottom10\"><a href=\"", p.u(path), "\">Tin mới nhất</a></div>\n<ul class=\"list-news-img-style-1\">\n")
	from := (page - 1) * npPageSize
	for i := from; i < from+npPageSize && i < len(list); i++ {
		p.item(list[i])
	}
	p.w("</ul>\n")
	pages := (len(list) + npPageSize - 1) / npPageSize
	p.w("<div class=\"pagination\">")
	if page > 1 && page <= pages {
		p.w("<a class=\"prev\" href=\"", p.u(pageURL(page-1)), "\">‹ Trang trước</a>")
	}
	for n := max(1, page-2); n <= min(pages, page+2); n++ {
		if n == page {
			p.w("<span class=\"active\">", strconv.Itoa(n), "</span>")
		} else {
			p.w("<a href=\"", p.u(pageURL(n)), "\">", strconv.Itoa(n), "</a>")
		}
	}
	if page+2 < pages {
		p.w("<span>...</span><a href=\"", p.u(pageURL(pages)), "\">", strconv.Itoa(pages), "</a>")
	}
	if page < pages {
		p.w("<a class=\"next\" href=\"", p.u(pageURL(page+1)), "\">Trang sau ›</a>")
	}
	p.w("</div>\n</div>\n")
	if sec < 0 && page == 1 {
		// The home page's section boxes: the newest of each section again.
		for i, s := range npSections {
			p.w("<div class=\"box-cate-home\"><div class=\"catename\"><a href=\"", p.u("/"+s.slug+"/"), "\">", s.name, "</a></div><ul class=\"list-news-title\">\n")
			for _, a := range g.sec[i][:min(3, len(g.sec[i]))] {
				p.w("<li><a class=\"b-title\" href=\"", p.u(a.path), "\">", escape(a.title), "</a></li>\n")
			}
			p.w("</ul></div>\n")
		}
	}
	p.w("</div>\n")
	p.sidebar()
	p.w("</div></div></div>\n")
	p.footer(0)
	writeHTML(w, http.StatusOK, p.String())
}

// simple writes a newspaper page around content: the calendar, search, static and error pages.
func (np *newspaper) simple(g *npGen, title, canonical, content string) string {
	p := np.page(g, false)
	p.head(npHead{title: title + " - Báo Đồng Khởi", desc: title, canonical: canonical, bodyClass: "page-other"})
	p.top()
	p.w("<div class=\"main-content\"><div class=\"container\"><div class=\"row\">\n<div class=\"col-left col-md-8\">\n<div class=\"box-other\">\n<h1 class=\"title-other\">",
		escape(title), "</h1>\n", content, "</div>\n</div>\n")
	p.sidebar()
	p.w("</div></div></div>\n")
	p.footer(0)
	return p.String()
}

// calendar is the crawler trap: every day links to the day before and the day after, forever.
func (np *newspaper) calendar(w http.ResponseWriter, r *http.Request, g *npGen) {
	day, err := time.ParseInLocation("2006-01-02", r.URL.Query().Get("ngay"), ict)
	if err != nil {
		day, _ = time.ParseInLocation("2006-01-02", npCalendarDay, ict)
	}
	prev, next := day.AddDate(0, 0, -1), day.AddDate(0, 0, 1)
	content := fmt.Sprintf("<div class=\"calendar\"><p class=\"day\">%s, ngày %s</p>\n<ul class=\"events\">\n"+
		"<li>07:30 - Thường trực Tỉnh ủy giao ban định kỳ.</li>\n<li>08:00 - UBND tỉnh họp chuyên đề về công tác chuyển đổi số.</li>\n"+
		"<li>14:00 - Lãnh đạo tỉnh tiếp công dân định kỳ tại Trụ sở Tiếp công dân tỉnh.</li>\n</ul>\n"+
		"<p class=\"nav\"><a href=\"/lich/?ngay=%s\">‹ Ngày %s</a> | <a href=\"/lich/?ngay=%s\">Ngày %s ›</a></p></div>\n",
		weekday(day), day.Format("02/01/2006"), prev.Format("2006-01-02"), prev.Format("02/01/2006"), next.Format("2006-01-02"), next.Format("02/01/2006"))
	writeHTML(w, http.StatusOK, np.simple(g, "Lịch công tác ngày "+day.Format("02/01/2006"), np.s.Newspaper+"/lich/?ngay="+day.Format("2006-01-02"), content))
}

// search is disallowed by robots.txt; it answers anyway, so that a visit shows in the log.
func (np *newspaper) search(w http.ResponseWriter, r *http.Request, g *npGen) {
	var b strings.Builder
	fmt.Fprintf(&b, "<p>Kết quả tìm kiếm cho “%s”:</p>\n<ul>\n", escape(r.URL.Query().Get("q")))
	for _, a := range g.all[:min(5, len(g.all))] {
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", a.path, escape(a.title))
	}
	b.WriteString("</ul>\n")
	writeHTML(w, http.StatusOK, np.simple(g, "Tìm kiếm", np.s.Newspaper+"/tim-kiem/", b.String()))
}

// admin is disallowed by robots.txt: a login form.
func (np *newspaper) admin(w http.ResponseWriter) {
	writeHTML(w, http.StatusOK, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\" /><meta name=\"robots\" content=\"noindex, nofollow\" /><title>Đăng nhập quản trị</title></head>\n"+
		"<body><form method=\"post\" action=\"/admin/login\"><p>Tên đăng nhập: <input type=\"text\" name=\"username\" /></p><p>Mật khẩu: <input type=\"password\" name=\"password\" /></p><p><button type=\"submit\">Đăng nhập</button></p></form></body></html>\n")
}

// static serves the about and advertising pages, which are not articles.
func (np *newspaper) static(w http.ResponseWriter, g *npGen, path string) {
	title, text := "Giới thiệu Báo Đồng Khởi", "Báo Đồng Khởi là cơ quan ngôn luận của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Bến Tre, diễn đàn của nhân dân. Báo ra số đầu tiên năm 1960, năm Đồng Khởi. Từ ngày 1-7-2025, Báo Đồng Khởi hợp nhất cùng Báo Vĩnh Long."
	if path == "/lien-he-quang-cao.html" {
		title, text = "Liên hệ quảng cáo", "Phòng Trị sự - Quảng cáo, Báo Đồng Khởi. Điện thoại: (0275) 3822.145. Email: quangcao@baodongkhoi.vn. Nhận đăng quảng cáo trên báo in, báo điện tử và các nền tảng số của báo."
	}
	writeHTML(w, http.StatusOK, np.simple(g, title, np.s.Newspaper+path, "<p>"+escape(text)+"</p>\n"))
}

func (np *newspaper) notFound(w http.ResponseWriter, g *npGen) {
	writeHTML(w, http.StatusNotFound, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\" /><title>Không tìm thấy trang - Báo Đồng Khởi</title></head>\n"+
		"<body class=\"page-404\"><h1>404</h1><p>Trang bạn tìm không tồn tại hoặc đã bị gỡ bỏ.</p><p><a href=\"/\">Về trang chủ</a></p></body></html>\n")
}

// print is the print view of an article: the same text, and rel=canonical to the article.
func (np *newspaper) print(w http.ResponseWriter, g *npGen, a *npArticle) {
	p := np.page(g, false)
	canon := np.s.Newspaper + a.path
	p.w("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\" />\n<title>", escape(a.title), " - Báo Đồng Khởi</title>\n",
		"<meta name=\"robots\" content=\"noindex, follow\" />\n<link rel=\"canonical\" href=\"", canon, "\" />\n",
		"<style type=\"text/css\">body{font-family:Arial,Helvetica,sans-serif;width:680px;margin:0 auto}.content-fck p{text-align:justify}</style>\n</head>\n",
		"<body onload=\"window.print();\">\n<div class=\"print-header\"><img src=\"/images/logo.png\" alt=\"Báo Đồng Khởi\" /> <span>", canon, "</span></div>\n",
		"<div class=\"detail-news\">\n<h1 class=\"detail-title\">", escape(a.title), "</h1>\n<span class=\"pubdate\">", a.pub.Format("02/01/2006 - 15:04"), "</span>\n",
		"<div class=\"detail-desc\"><p><strong>", a.tag, "</strong> - ", escape(a.lead), "</p></div>\n<div id=\"newscontents\"><div class=\"content-fck\">\n")
	np.body(p, a)
	p.w("</div></div>\n</div>\n<p class=\"print-footer\">© Báo Đồng Khởi</p>\n</body>\n</html>\n")
	writeHTML(w, http.StatusOK, p.String())
}

// slow is the page behind npSlowPath, served after npSlowDelay: an article that a crawler with a
// shorter timeout never gets (it is not in Articles).
func (np *newspaper) slow(w http.ResponseWriter, g *npGen) {
	a := &npArticle{
		id: 999, sec: 2, path: npSlowPath, pub: time.Date(2026, 11, 18, 6, 10, 0, 0, ict),
		title: "Cảnh báo triều cường đạt đỉnh vượt mức báo động III", tag: "BDK.VN",
		lead:   "Đài Khí tượng Thủy văn tỉnh cảnh báo triều cường trên các sông chính đạt đỉnh vượt mức báo động III trong những ngày tới.",
		blocks: []npBlock{{npPara, "Người dân vùng ven sông cần chủ động gia cố bờ bao, bảo vệ sản xuất và tài sản; chính quyền các địa phương bố trí lực lượng ứng trực tại các điểm xung yếu."}},
		byline: "Tin: Trần Quân", views: 512,
	}
	a.mod = a.pub
	writeHTML(w, http.StatusOK, np.renderArticle(g, a))
}

// bigPage is the oversized page behind npBigPath: 3 MB of HTML, a table of households.
func (np *newspaper) bigPage(w http.ResponseWriter) {
	big := bigPageHTML()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(big)))
	w.Write(big)
}

// bigPageHTML is the oversized page's HTML, the same for every replica: built once a process
// (the end-to-end tests start a dozen replicas, and building it cost each a tenth of a second
// of CPU under -race) and never written to.
var bigPageHTML = sync.OnceValue(func() []byte {
	b := make([]byte, 0, npBigSize+4096)
	b = append(b, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\" />\n<title>Danh sách hộ gia đình được hỗ trợ sau đợt hạn mặn năm 2026 - Báo Đồng Khởi</title>\n</head>\n<body>\n"+
		"<h1 class=\"detail-title\">Danh sách hộ gia đình được hỗ trợ sau đợt hạn mặn năm 2026</h1>\n<span class=\"pubdate\">17/11/2026 - 09:00</span>\n"+
		"<div id=\"newscontents\"><div class=\"content-fck\">\n<table class=\"list-support\">\n<tr><th>STT</th><th>Họ và tên chủ hộ</th><th>Địa chỉ</th><th>Mức hỗ trợ</th></tr>\n"...)
	for i := 1; len(b) < npBigSize; i++ {
		b = append(b, "<tr><td>"...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, "</td><td>Hộ gia đình số "...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, "</td><td>Ấp "...)
		b = strconv.AppendInt(b, int64(i%12+1), 10)
		b = append(b, ", xã "...)
		b = strconv.AppendInt(b, int64(i%27+1), 10)
		b = append(b, ", "...)
		b = append(b, places[i%len(places)].Long...)
		b = append(b, "</td><td>"...)
		b = strconv.AppendInt(b, int64(1+i%5), 10)
		b = append(b, ".000.000 đồng</td></tr>\n"...)
	}
	return append(b, "</table>\n</div></div>\n</body>\n</html>\n"...)
})
