package replica

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	ptPageSize = 4
	ptSource   = "Nguồn: Bentre.gov.vn"
)

// ptArticle is one article of the department portal. Its text is the lead-image caption, three
// paragraphs, a second photo's caption, the other paragraphs and the source line, as in sct-000.
type ptArticle struct {
	id          int
	title, path string
	date        time.Time
	avatarCap   string
	cap2        string
	paras       []string
	views       int
	isNew       bool
}

func (a *ptArticle) text() string {
	parts := []string{a.avatarCap}
	for i, p := range a.paras {
		if i == 3 {
			parts = append(parts, a.cap2)
		}
		parts = append(parts, p)
	}
	return joinText(append(parts, ptSource))
}

// sapo is the listing's teaser: the start of the first paragraph, cut at a word.
func (a *ptArticle) sapo() string {
	s := a.paras[0]
	if len(s) <= 160 {
		return s
	}
	cut := strings.LastIndexByte(s[:160], ' ')
	return strings.TrimRight(s[:cut], ",;:") + "..."
}

// portal serves the department portal replica (sct.bentre.gov.vn markup).
type portal struct {
	s    *Sites
	gens [3][]*ptArticle // newest first
}

func newPortal(s *Sites) *portal {
	c := corpus()
	defs := []struct {
		id    int
		title string
		day   int
	}{
		{1827, "Đảng bộ Sở Công Thương quán triệt Nghị quyết Đại hội Đảng bộ tỉnh", 2},
		{1834, "Hội nghị sơ kết công tác xây dựng Đảng 10 tháng đầu năm 2026", 5},
		{1841, "Chi bộ Trung tâm Khuyến công và Xúc tiến thương mại tổ chức sinh hoạt chuyên đề", 9},
		{1856, "Ngành Công Thương triển khai nhiệm vụ phát triển kinh tế - xã hội quý IV", 12},
		{1862, "Đưa hàng Việt về nông thôn tại huyện Thạnh Phú năm 2026", 16},
		{1870, "Kết nối cung cầu hàng hóa giữa TP. Hồ Chí Minh và Bến Tre năm 2026", 19},
		{1883, "Tổng kết Chương trình khuyến công địa phương giai đoạn 2021-2025", 21}, // generation 2
	}
	p := &portal{s: s}
	var all []*ptArticle
	for i, d := range defs {
		a := &ptArticle{
			id: d.id, title: d.title, date: time.Date(2026, 11, d.day, 0, 0, 0, 0, ict),
			avatarCap: c.captions[(i*3+1)%len(c.captions)], cap2: c.captions[(i*3+2)%len(c.captions)],
			views: 120 + i*57, isNew: i == len(defs)-1,
		}
		a.path = "/tin-tuc/chi-tiet/" + strconv.Itoa(d.id) + "/" + slugify(d.title)
		for j := range 5 {
			a.paras = append(a.paras, c.paras[(i*9+j*7+2)%len(c.paras)])
		}
		all = append(all, a)
	}
	for i, j := 0, len(all)-1; i < j; i, j = i+1, j-1 {
		all[i], all[j] = all[j], all[i]
	}
	p.gens[2] = all
	p.gens[1] = all[1:]
	return p
}

func (p *portal) articles(gen int) []Article {
	var out []Article
	for _, a := range p.gens[gen] {
		out = append(out, Article{
			Site: SitePortal, URL: p.s.Portal + a.path, Title: a.title, Published: a.date.Format("2006-01-02"),
			Text: a.text(), New: gen == 2 && a.isNew,
		})
	}
	return out
}

func (p *portal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	list := p.gens[p.s.Generation()]
	path := r.URL.Path
	switch path {
	case "/":
		p.home(w, list)
		return
	case "/robots.txt":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("User-agent: *\nDisallow:\n"))
		return
	case "/sitemap.xml":
		var b strings.Builder
		b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
		fmt.Fprintf(&b, "<url><loc>%s/</loc><changefreq>daily</changefreq></url>\n<url><loc>%s/tin-tuc/</loc><changefreq>daily</changefreq></url>\n", p.s.Portal, p.s.Portal)
		for _, a := range list {
			fmt.Fprintf(&b, "<url><loc>%s%s</loc><lastmod>%s</lastmod></url>\n", p.s.Portal, a.path, a.date.Format("2006-01-02"))
		}
		b.WriteString("</urlset>\n")
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.Write([]byte(b.String()))
		return
	case "/tin-tuc":
		http.Redirect(w, r, "/tin-tuc/", http.StatusMovedPermanently)
		return
	case "/tin-tuc/":
		p.listing(w, r, list)
		return
	case "/gioi-thieu", "/van-ban", "/lien-he":
		p.static(w, list, path)
		return
	}
	for _, a := range list {
		if a.path == path {
			p.article(w, list, a)
			return
		}
	}
	writeHTML(w, http.StatusNotFound, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\" /><title>Không tìm thấy trang</title></head><body><h2>Trang không tồn tại</h2><p><a href=\"/\">Về trang chủ</a></p></body></html>\n")
}

// ptPage writes a portal page.
type ptPage struct {
	strings.Builder
	p    *portal
	list []*ptArticle
}

func (pp *ptPage) w(parts ...string) {
	for _, s := range parts {
		pp.WriteString(s)
	}
}

func (p *portal) page(list []*ptArticle, title, desc, canonical string) *ptPage {
	pp := &ptPage{p: p, list: list}
	pp.Grow(48 << 10)
	today := time.Date(2026, 11, 20, 0, 0, 0, 0, ict)
	if len(list) > 0 && list[0].date.After(today) {
		today = list[0].date
	}
	pp.w("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />\n",
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>", escape(title), " | Sở Công Thương tỉnh Bến Tre</title>\n",
		"<meta name=\"description\" content=\"", escape(desc), "\" />\n",
		"<meta name=\"keywords\" content=\"Sở Công Thương Bến Tre, công thương, khuyến công, xúc tiến thương mại, Bến Tre\" />\n",
		"<meta property=\"og:type\" content=\"article\" />\n<meta property=\"og:title\" content=\"", escape(title), "\" />\n",
		"<meta property=\"og:description\" content=\"", escape(desc), "\" />\n<meta property=\"og:url\" content=\"", escape(canonical), "\" />\n",
		"<link href=\"/Content/bootstrap.min.css\" rel=\"stylesheet\" type=\"text/css\" />\n<link href=\"/Content/site.css?v=20200601\" rel=\"stylesheet\" type=\"text/css\" />\n<link href=\"/Content/menu.css\" rel=\"stylesheet\" type=\"text/css\" />\n",
		"<style type=\"text/css\">\n", portalCSS, "</style>\n",
		"<script src=\"/Scripts/jquery-1.10.2.min.js\" type=\"text/javascript\"></script>\n<script src=\"/Scripts/bootstrap.min.js\" type=\"text/javascript\"></script>\n",
		"<script type=\"text/javascript\">\n  (function(i,s,o,g,r,a,m){i['GoogleAnalyticsObject']=r;i[r]=i[r]||function(){\n  (i[r].q=i[r].q||[]).push(arguments)},i[r].l=1*new Date();a=s.createElement(o),\n  m=s.getElementsByTagName(o)[0];a.async=1;a.src=g;m.parentNode.insertBefore(a,m)\n  })(window,document,'script','https://www.google-analytics.com/analytics.js','ga');\n  ga('create', 'UA-87214532-1', 'auto');\n  ga('send', 'pageview');\n</script>\n",
		"</head>\n<body>\n<div id=\"wrapper\">\n<div id=\"header\">\n<div class=\"header-top clearfix\">\n<div class=\"header-contact\">\n  <ul class=\"list-contact\">\n",
		"    <li><span class=\"bullet\">•</span> <b>EMAIL:</b>\n    <p><a href=\"mailto:sct@bentre.gov.vn\">sct@bentre.gov.vn</a></p></li>\n",
		"    <li><span class=\"bullet\">•</span> <b>ĐIỆN THOẠI:</b>\n    <p>0275.3822 365- 3822 251</p></li>\n",
		"    <li><span class=\"bullet\">•</span> <b>ĐƠN VỊ TRỰC THUỘC:</b>\n    <p>Trung tâm Khuyến công &amp; Xúc tiến thương mại</p>\n    <p>0275.6281888 - 0275.3822403</p></li>\n  </ul>\n</div>\n",
		"<div class=\"header-right\"><span class=\"today\">", weekday(today), ", ngày ", today.Format("02/01/2006"), "</span> | <a href=\"/lien-he\">Liên hệ</a></div>\n</div>\n",
		"<div class=\"banner\"><a href=\"/\"><img src=\"/Content/images/banner-sct.png\" alt=\"Sở Công Thương tỉnh Bến Tre\" /></a><div class=\"banner-text\"><span class=\"line1\">ỦY BAN NHÂN DÂN TỈNH BẾN TRE</span><span class=\"line2\">SỞ CÔNG THƯƠNG</span><span class=\"line3\">BEN TRE DEPARTMENT OF INDUSTRY AND TRADE</span></div></div>\n",
		"<div id=\"menu\"><ul class=\"nav-main\">\n<li><a href=\"/\">Trang chủ</a></li>\n<li><a href=\"/gioi-thieu\">Giới thiệu</a>\n<ul class=\"sub\"><li><span>Chức năng, nhiệm vụ</span></li><li><span>Cơ cấu tổ chức</span></li><li><span>Lãnh đạo Sở</span></li><li><span>Các phòng chuyên môn</span></li><li><span>Đơn vị trực thuộc</span></li></ul>\n</li>\n",
		"<li><a href=\"/tin-tuc/\">Tin tức - Sự kiện</a></li>\n<li><a href=\"/van-ban\">Văn bản</a>\n<ul class=\"sub\"><li><span>Văn bản pháp quy</span></li><li><span>Văn bản chỉ đạo, điều hành</span></li><li><span>Dự thảo văn bản</span></li></ul>\n</li>\n",
		"<li><span>Thủ tục hành chính</span></li>\n<li><span>Khuyến công</span></li>\n<li><span>Xúc tiến thương mại</span></li>\n<li><span>Thông tin giá cả</span></li>\n<li><a href=\"/lien-he\">Liên hệ</a></li>\n",
		"</ul><form class=\"frm-search\" action=\"/tim-kiem\" method=\"get\"><input type=\"text\" name=\"keyword\" placeholder=\"Nhập từ khóa...\" /><input type=\"submit\" value=\"Tìm\" /></form></div>\n",
		"<div class=\"marquee-bar\"><marquee scrollamount=\"3\" onmouseover=\"this.stop()\" onmouseout=\"this.start()\">Hưởng ứng cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” &nbsp;&nbsp;•&nbsp;&nbsp; Đường dây nóng Sở Công Thương: 0275.3822 365 &nbsp;&nbsp;•&nbsp;&nbsp; Tích cực chuyển đổi số trong hoạt động thương mại</marquee></div>\n",
		"</div>\n<div id=\"main\" class=\"clearfix\">\n<div class=\"col-left\">\n<div class=\"left-menu\"><div class=\"left-title\">DANH MỤC</div><ul>\n")
	for _, item := range [][2]string{{"/gioi-thieu", "Chức năng, nhiệm vụ"}, {"/tin-tuc/", "Tin hoạt động"}, {"", "Công nghiệp"}, {"", "Thương mại"}, {"", "Năng lượng"},
		{"", "An toàn thực phẩm"}, {"", "Khuyến công"}, {"", "Xúc tiến thương mại"}, {"", "Hội nhập kinh tế quốc tế"}, {"", "Thương mại điện tử"},
		{"", "Quản lý điện"}, {"", "Cải cách hành chính"}, {"", "Thi đua - Khen thưởng"}, {"/van-ban", "Phổ biến giáo dục pháp luật"}, {"/van-ban", "Công khai ngân sách"}, {"/lien-he", "Liên hệ, góp ý"}} {
		if item[0] == "" {
			pp.w("<li><span class=\"arrow\">»</span> ", item[1], "</li>\n")
		} else {
			pp.w("<li><a href=\"", item[0], "\"><span class=\"arrow\">»</span> ", item[1], "</a></li>\n")
		}
	}
	pp.w("</ul></div>\n<div class=\"left-box\"><div class=\"left-title\">VĂN BẢN MỚI</div><ul class=\"list-vanban\">\n",
		"<li><a href=\"/van-ban\"><b>1627/QĐ-UBND</b>: Quyết định ban hành Kế hoạch phát triển thương mại điện tử tỉnh Bến Tre giai đoạn 2026 - 2030</a></li>\n",
		"<li><a href=\"/van-ban\"><b>35/2026/QĐ-UBND</b>: Quy định quản lý cụm công nghiệp trên địa bàn tỉnh</a></li>\n",
		"<li><a href=\"/van-ban\"><b>864/SCT-QLTM</b>: Về việc tăng cường công tác quản lý kinh doanh xăng dầu</a></li>\n",
		"<li><a href=\"/van-ban\"><b>1121/KH-SCT</b>: Kế hoạch tổ chức Chương trình đưa hàng Việt về nông thôn năm 2026</a></li>\n",
		"<li><a href=\"/van-ban\"><b>97/TB-SCT</b>: Thông báo lịch tiếp công dân của Lãnh đạo Sở tháng 12/2026</a></li>\n</ul></div>\n",
		ptLeftBoxes,
		"<div class=\"left-box banners\">\n<a href=\"https://dichvucong.bentre.gov.vn\" target=\"_blank\"><img src=\"/Uploads/banner/dvc.png\" alt=\"Cổng dịch vụ công tỉnh Bến Tre\" /></a>\n",
		"<a href=\"https://qlvb.bentre.gov.vn\" target=\"_blank\"><img src=\"/Uploads/banner/qlvb.png\" alt=\"Hệ thống quản lý văn bản và điều hành\" /></a>\n",
		"<a href=\"https://thutuc.dichvucong.gov.vn\" target=\"_blank\"><img src=\"/Uploads/banner/csdl-tthc.png\" alt=\"Cơ sở dữ liệu quốc gia về thủ tục hành chính\" /></a>\n</div></div>\n<div class=\"col-center\">\n")
	return pp
}

// end writes the right column and the footer.
func (pp *ptPage) end() string {
	hits := pp.p.s.hits.Load()
	pp.w("</div>\n<div class=\"col-right\">\n<div class=\"right-box\"><div class=\"right-title\">TIN MỚI</div><ul class=\"list-news-right\">\n")
	for _, a := range pp.list[:min(5, len(pp.list))] {
		pp.w("<li><a href=\"", a.path, "\">", escape(a.title), "</a> <span class=\"date\">(", a.date.Format("02/01/2006"), ")</span></li>\n")
	}
	pp.w("</ul></div>\n<div class=\"right-box\"><div class=\"right-title\">ĐỌC NHIỀU</div><ol class=\"list-most-read\">\n")
	for i := range min(4, len(pp.list)) {
		a := pp.list[(i*3+1)%len(pp.list)]
		pp.w("<li><a href=\"", a.path, "\">", escape(a.title), "</a></li>\n")
	}
	pp.w("</ol></div>\n<div class=\"right-box gallery\"><div class=\"right-title\">HÌNH ẢNH HOẠT ĐỘNG</div><div class=\"gallery-list\">\n")
	for i, t := range []string{"Hội chợ Thương mại - Nông nghiệp Bến Tre", "Lãnh đạo Sở kiểm tra cửa hàng xăng dầu", "Tập huấn thương mại điện tử cho doanh nghiệp",
		"Khánh thành mô hình trình diễn kỹ thuật thạch dừa", "Phiên chợ hàng Việt về nông thôn huyện Thạnh Phú", "Hội nghị kết nối cung cầu tại TP. Hồ Chí Minh"} {
		pp.w("<img src=\"/Uploads/gallery/thumb-0", strconv.Itoa(i+1), ".jpg\" alt=\"", t, "\" title=\"", t, "\" width=\"80\" height=\"60\" />\n")
	}
	pp.w("</div></div>\n<div class=\"right-box video\"><div class=\"right-title\">VIDEO</div><iframe width=\"220\" height=\"150\" src=\"https://www.youtube.com/embed/x8Kq2LmN0aQ\" frameborder=\"0\" allowfullscreen></iframe>",
		"<ul class=\"list-video\"><li>Khuyến công đồng hành cùng cơ sở công nghiệp nông thôn</li><li>Bến Tre phát triển thương mại điện tử</li><li>Sản phẩm OCOP xứ dừa</li></ul></div>\n",
		ptRightBoxes,
		"<div class=\"right-box\"><div class=\"right-title\">LIÊN KẾT WEBSITE</div><select onchange=\"if(this.value!='')window.open(this.value);\"><option value=\"\">--- Chọn liên kết ---</option><option value=\"https://moit.gov.vn\">Bộ Công Thương</option><option value=\"https://www.bentre.gov.vn\">Cổng TTĐT tỉnh Bến Tre</option><option value=\"https://congthuong.vn\">Báo Công Thương</option></select></div>\n",
		"<div class=\"right-box\"><div class=\"right-title\">THĂM DÒ Ý KIẾN</div><p>Bạn đánh giá thế nào về giao diện website mới?</p><label><input type=\"radio\" name=\"poll\" value=\"1\" /> Đẹp, dễ sử dụng</label><br /><label><input type=\"radio\" name=\"poll\" value=\"2\" /> Bình thường</label><br /><label><input type=\"radio\" name=\"poll\" value=\"3\" /> Khó sử dụng</label><br /><input type=\"button\" value=\"Bình chọn\" /></div>\n",
		"<div class=\"right-box\"><div class=\"right-title\">THỐNG KÊ TRUY CẬP</div><p>Đang online: <b>", strconv.FormatInt(30+hits%50, 10), "</b></p><p>Hôm nay: <b>", strconv.FormatInt(600+hits%400, 10),
		"</b></p><p>Tổng lượt truy cập: <b>", strconv.FormatInt(1428086+hits, 10), "</b></p></div>\n</div>\n</div>\n",
		ptFooterLinks,
		"<div id=\"footer\">\n  <div class=\"footer-menu\"><a href=\"/\">Trang chủ</a> | <a href=\"/gioi-thieu\">Giới thiệu</a> | <a href=\"/tin-tuc/\">Tin tức - Sự kiện</a> | <a href=\"/van-ban\">Văn bản</a> | <a href=\"/lien-he\">Liên hệ</a></div>\n",
		"  <div class=\"footer-info\">\n    <p><b>SỞ CÔNG THƯƠNG TỈNH BẾN TRE</b></p>\n    <p>Địa chỉ: Số 5, đường Cách Mạng Tháng Tám, Phường 3, TP. Bến Tre, tỉnh Bến Tre</p>\n",
		"    <p>Điện thoại: 0275.3822 365 - Fax: 0275.3822 251 - Email: sct@bentre.gov.vn</p>\n    <p>Chịu trách nhiệm chính: Giám đốc Sở Công Thương tỉnh Bến Tre</p>\n",
		"    <p>Giấy phép số 08/GP-TTĐT do Sở Thông tin và Truyền thông tỉnh Bến Tre cấp ngày 12/3/2018</p>\n",
		"    <p class=\"copyright\">Ghi rõ nguồn “Sở Công Thương tỉnh Bến Tre” hoặc “sct.bentre.gov.vn” khi phát hành lại thông tin từ website này.</p>\n  </div>\n</div>\n</div>\n",
		"<script src=\"/Scripts/jquery.marquee.min.js\" type=\"text/javascript\"></script>\n<script src=\"/Scripts/site.js?v=20200601\" type=\"text/javascript\"></script>\n",
		"<script type=\"text/javascript\">\n$(document).ready(function () {\n    $('#menu .nav-main > li').hover(function () { $(this).find('ul.sub').stop(true, true).slideDown(150); },\n                                     function () { $(this).find('ul.sub').stop(true, true).slideUp(100); });\n    $('.btn-print').click(function () { window.print(); return false; });\n});\n</script>\n</body>\n</html>\n")
	return pp.String()
}

// article writes an article page in the markup of sct-000.
func (p *portal) article(w http.ResponseWriter, list []*ptArticle, a *ptArticle) {
	canon := p.s.Portal + a.path
	pp := p.page(list, a.title, a.sapo(), canon)
	pp.w("<div class=\"breadcrumb\"><a href=\"/\">Trang chủ</a> » <a href=\"/tin-tuc/\">Tin tức - Sự kiện</a></div>\n",
		"<div class=\"page-title-bar\"><div class=\"title-cate\"><span class=\"icon-cate\"></span><h2>", escape(a.title), "</h2></div></div>\n",
		"<div class=\"news-detail\">\n<div class=\"title-news\"><h1>", escape(a.title), "</h1></div>\n",
		"<div class=\"news-avatar\"><img src=\"/Uploads/images/", a.date.Format("2006/1/2"), "/avatar-", strconv.Itoa(a.id), ".jpg\" alt=\"", escape(a.avatarCap), "\" /><div class=\"avatar-caption\">", escape(a.avatarCap), "</div></div>\n",
		"<div class=\"info-news\"><span class=\"date-update\">(Cập nhật: ", a.date.Format("02/01/2006"), ")</span> <span class=\"view-count\">Lượt xem: ", strconv.FormatInt(int64(a.views)+p.s.hits.Load(), 10), "</span></div>\n",
		"<div class=\"news-content\">\n")
	for i, para := range a.paras {
		if i == 3 {
			pp.w("<p style=\"text-align: center;\">&nbsp;<img src=\"/Uploads/images/", a.date.Format("2006/1/2"), "/img2-", strconv.Itoa(a.id), ".jpg\" alt=\"\" style=\"width: 550px; height: 366px;\" /></p>\n",
				"<p style=\"text-align: center;\"><em>", escape(a.cap2), "&nbsp;</em></p>\n")
		}
		pp.w("<p style=\"text-align: justify;\">", escape(para), "</p>\n")
	}
	pp.w("<p>&nbsp;</p>\n</div>\n<div class=\"news-source\" style=\"text-align: right;\"><b>", ptSource, "</b></div>\n",
		"<div class=\"news-tools\"><a href=\"#\" class=\"btn-print\"><img src=\"/Content/images/print.gif\" alt=\"\" /> In trang</a> | <a href=\"mailto:?subject=", escape(a.title), "&amp;body=", canon, "\"><img src=\"/Content/images/email.gif\" alt=\"\" /> Gửi email</a> | <a href=\"javascript:history.back()\">Quay lại</a></div>\n",
		"<div class=\"share-social\">Chia sẻ: <a href=\"https://www.facebook.com/sharer.php?u=", canon, "\" target=\"_blank\">Facebook</a> <a href=\"https://twitter.com/share?url=", canon, "\" target=\"_blank\">Twitter</a></div>\n",
		"<div class=\"other-news\"><div class=\"other-title\">CÁC TIN KHÁC</div><ul>\n")
	for _, o := range list {
		if o != a {
			pp.w("<li><a href=\"", o.path, "\">", escape(o.title), "</a> <span class=\"date\">(", o.date.Format("02/01/2006"), ")</span></li>\n")
		}
	}
	pp.w("</ul><div class=\"paging\"><a href=\"/tin-tuc/\">Xem tiếp »</a></div></div>\n</div>\n")
	writeHTML(w, http.StatusOK, pp.end())
}

// listing is /tin-tuc/?page=n, ptPageSize articles a page, newest first.
func (p *portal) listing(w http.ResponseWriter, r *http.Request, list []*ptArticle) {
	page := pageNumber(r, "page")
	canon := p.s.Portal + "/tin-tuc/"
	if page > 1 {
		canon += "?page=" + strconv.Itoa(page)
	}
	pp := p.page(list, "Tin tức - Sự kiện", "Tin tức, sự kiện của ngành Công Thương tỉnh Bến Tre", canon)
	pp.w("<div class=\"breadcrumb\"><a href=\"/\">Trang chủ</a> » <a href=\"/tin-tuc/\">Tin tức - Sự kiện</a></div>\n",
		"<div class=\"page-title-bar\"><div class=\"title-cate\"><span class=\"icon-cate\"></span><h2>Tin tức - Sự kiện</h2></div></div>\n<div class=\"list-news\">\n")
	from := (page - 1) * ptPageSize
	if from >= len(list) {
		pp.w("<p class=\"empty\">Không có tin nào.</p>\n")
	}
	for i := from; i < from+ptPageSize && i < len(list); i++ {
		a := list[i]
		pp.w("<div class=\"item clearfix\"><a class=\"thumb\" href=\"", a.path, "\"><img src=\"/Uploads/images/", a.date.Format("2006/1/2"), "/avatar-", strconv.Itoa(a.id), ".jpg\" alt=\"", escape(a.title), "\" /></a>",
			"<h3><a href=\"", a.path, "\">", escape(a.title), "</a></h3><span class=\"date\">(", a.date.Format("02/01/2006"), ")</span></div>\n")
	}
	pp.w("</div>\n<div class=\"paging\">Trang: ")
	pages := (len(list) + ptPageSize - 1) / ptPageSize
	for n := 1; n <= pages; n++ {
		if n == page {
			pp.w("<span class=\"current\">", strconv.Itoa(n), "</span> ")
		} else {
			pp.w("<a href=\"/tin-tuc/?page=", strconv.Itoa(n), "\">", strconv.Itoa(n), "</a> ")
		}
	}
	if page < pages {
		pp.w("<a class=\"next\" href=\"/tin-tuc/?page=", strconv.Itoa(page+1), "\">Sau »</a>")
	}
	pp.w("</div>\n")
	writeHTML(w, http.StatusOK, pp.end())
}

// home is the portal's home page: a slider and the news block.
func (p *portal) home(w http.ResponseWriter, list []*ptArticle) {
	pp := p.page(list, "Trang chủ", "Trang thông tin điện tử Sở Công Thương tỉnh Bến Tre", p.s.Portal+"/")
	pp.w("<div class=\"slider\">\n")
	for _, a := range list[:min(4, len(list))] {
		pp.w("<div class=\"slide\"><a href=\"", a.path, "\"><img src=\"/Uploads/images/", a.date.Format("2006/1/2"), "/avatar-", strconv.Itoa(a.id), ".jpg\" alt=\"", escape(a.title), "\" /></a>",
			"<h3><a href=\"", a.path, "\">", escape(a.title), "</a></h3><p class=\"sapo\">", escape(a.sapo()), "</p></div>\n")
	}
	pp.w("</div>\n<div class=\"home-block\"><div class=\"block-title\"><a href=\"/tin-tuc/\">TIN TỨC - SỰ KIỆN</a></div><ul>\n")
	for _, a := range list {
		pp.w("<li><a href=\"", a.path, "\">", escape(a.title), "</a> <span class=\"date\">(", a.date.Format("02/01/2006"), ")</span></li>\n")
	}
	pp.w("</ul><a class=\"more\" href=\"/tin-tuc/\">Xem tất cả »</a></div>\n",
		"<div class=\"home-block\"><div class=\"block-title\">THÔNG TIN GIÁ CẢ THỊ TRƯỜNG</div><table class=\"price\"><tr><th>Mặt hàng</th><th>Đơn vị</th><th>Giá (đồng)</th></tr>",
		"<tr><td>Dừa khô</td><td>chục</td><td>95.000</td></tr><tr><td>Bưởi da xanh</td><td>kg</td><td>38.000</td></tr><tr><td>Sầu riêng Ri6</td><td>kg</td><td>72.000</td></tr><tr><td>Heo hơi</td><td>kg</td><td>61.000</td></tr></table></div>\n")
	writeHTML(w, http.StatusOK, pp.end())
}

func (p *portal) static(w http.ResponseWriter, list []*ptArticle, path string) {
	page := map[string][2]string{
		"/gioi-thieu": {"Giới thiệu", "Sở Công Thương là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh Bến Tre, tham mưu, giúp Ủy ban nhân dân tỉnh quản lý nhà nước về công nghiệp và thương mại."},
		"/van-ban":    {"Văn bản", "Danh mục văn bản quy phạm pháp luật, văn bản chỉ đạo, điều hành của ngành Công Thương tỉnh Bến Tre."},
		"/lien-he":    {"Liên hệ", "Sở Công Thương tỉnh Bến Tre, số 5, đường Cách Mạng Tháng Tám, Phường 3, TP. Bến Tre. Điện thoại: 0275.3822 365."},
	}[path]
	pp := p.page(list, page[0], page[1], p.s.Portal+path)
	pp.w("<div class=\"page-title-bar\"><div class=\"title-cate\"><h2>", page[0], "</h2></div></div>\n<div class=\"page-content\"><p>", escape(page[1]), "</p></div>\n")
	writeHTML(w, http.StatusOK, pp.end())
}

// ptLeftBoxes are the left column's notices and services, text only.
const ptLeftBoxes = `<div class="left-box"><div class="left-title">THÔNG BÁO</div><ul class="list-thongbao">
<li><span class="new">Mới</span> Thông báo lịch tiếp công dân định kỳ của Giám đốc Sở Công Thương tháng 12/2026.</li>
<li>Thông báo tuyển chọn cơ sở công nghiệp nông thôn tham gia Chương trình khuyến công địa phương năm 2027.</li>
<li>Thông báo về việc tổ chức Hội chợ Thương mại - Nông nghiệp Bến Tre năm 2026 tại Quảng trường Đồng Khởi.</li>
<li>Thông báo kết quả bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh năm 2026.</li>
<li>Thông báo thay đổi địa điểm tiếp nhận hồ sơ thủ tục hành chính lĩnh vực công thương.</li>
<li>Thông báo giá bán lẻ điện sinh hoạt bậc thang áp dụng từ ngày 1/11/2026.</li>
</ul></div>
<div class="left-box"><div class="left-title">DỊCH VỤ CÔNG TRỰC TUYẾN</div><ul class="list-dvc">
<li>Cấp Giấy phép bán lẻ sản phẩm rượu</li>
<li>Cấp Giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu</li>
<li>Cấp Giấy phép mua bán nguyên liệu thuốc lá</li>
<li>Đăng ký hoạt động khuyến mại</li>
<li>Cấp Giấy chứng nhận đủ điều kiện sản xuất hóa chất</li>
<li>Xác nhận đăng ký tổ chức hội chợ, triển lãm thương mại</li>
</ul><p class="hotline-dvc">Hỗ trợ: 0275.3822 365 (giờ hành chính)</p></div>
`

// ptRightBoxes are the right column's calendar and statistics, text only.
const ptRightBoxes = `<div class="right-box"><div class="right-title">LỊCH CÔNG TÁC</div><ul class="list-lich">
<li><b>Thứ hai:</b> Giám đốc Sở chủ trì giao ban lãnh đạo Sở; làm việc với Phòng Quản lý Công nghiệp.</li>
<li><b>Thứ ba:</b> Phó Giám đốc Sở dự họp UBND tỉnh về tình hình thực hiện Chương trình đưa hàng Việt về nông thôn.</li>
<li><b>Thứ tư:</b> Lãnh đạo Sở kiểm tra công tác bảo đảm an toàn điện mùa mưa bão tại huyện Bình Đại.</li>
<li><b>Thứ năm:</b> Giám đốc Sở tiếp công dân định kỳ tại Trụ sở Tiếp công dân tỉnh.</li>
<li><b>Thứ sáu:</b> Hội nghị trực tuyến với Bộ Công Thương về xuất khẩu nông sản.</li>
</ul></div>
<div class="right-box"><div class="right-title">SỐ LIỆU THỐNG KÊ</div><table class="stat">
<tr><td>Giá trị sản xuất công nghiệp 10 tháng</td><td>25.418 tỷ đồng</td></tr>
<tr><td>Tổng mức bán lẻ hàng hóa và dịch vụ</td><td>61.204 tỷ đồng</td></tr>
<tr><td>Kim ngạch xuất khẩu</td><td>1.372 triệu USD</td></tr>
<tr><td>Kim ngạch nhập khẩu</td><td>598 triệu USD</td></tr>
<tr><td>Số cụm công nghiệp đang hoạt động</td><td>8</td></tr>
</table></div>
`

// ptFooterLinks are the portal's links to the province's other sites (outside the crawl).
const ptFooterLinks = `<div id="footer-links"><div class="footer-links-title">CÁC TRANG THÔNG TIN ĐIỆN TỬ TRONG TỈNH</div><ul class="footer-links">
<li><a href="https://www.bentre.gov.vn" target="_blank">Cổng Thông tin điện tử tỉnh Bến Tre</a></li>
<li><a href="https://dichvucong.bentre.gov.vn" target="_blank">Cổng Dịch vụ công tỉnh Bến Tre</a></li>
<li><a href="https://dost-bentre.gov.vn" target="_blank">Sở Khoa học và Công nghệ</a></li>
<li><a href="https://sokhdt.bentre.gov.vn" target="_blank">Sở Kế hoạch và Đầu tư</a></li>
<li><a href="https://sonongnghiep.bentre.gov.vn" target="_blank">Sở Nông nghiệp và Phát triển nông thôn</a></li>
<li><a href="https://sotaichinh.bentre.gov.vn" target="_blank">Sở Tài chính</a></li>
<li><a href="https://soyte.bentre.gov.vn" target="_blank">Sở Y tế</a></li>
<li><a href="https://sogddt.bentre.gov.vn" target="_blank">Sở Giáo dục và Đào tạo</a></li>
<li><a href="https://sovhttdl.bentre.gov.vn" target="_blank">Sở Văn hóa, Thể thao và Du lịch</a></li>
<li><a href="https://sotnmt.bentre.gov.vn" target="_blank">Sở Tài nguyên và Môi trường</a></li>
<li><a href="https://soldtbxh.bentre.gov.vn" target="_blank">Sở Lao động - Thương binh và Xã hội</a></li>
<li><a href="https://sotuphap.bentre.gov.vn" target="_blank">Sở Tư pháp</a></li>
<li><a href="https://snv.bentre.gov.vn" target="_blank">Sở Nội vụ</a></li>
<li><a href="https://sxd.bentre.gov.vn" target="_blank">Sở Xây dựng</a></li>
<li><a href="https://sgtvt.bentre.gov.vn" target="_blank">Sở Giao thông vận tải</a></li>
<li><a href="https://stttt.bentre.gov.vn" target="_blank">Sở Thông tin và Truyền thông</a></li>
</ul><p class="footer-note">Trang thông tin điện tử Sở Công Thương tỉnh Bến Tre được xây dựng theo Quyết định số 1819/QĐ-TTg của Thủ tướng Chính phủ về Chương trình quốc gia về ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước. Thông tin trên trang được cập nhật thường xuyên từ các phòng, đơn vị thuộc Sở; mọi ý kiến đóng góp xin gửi về địa chỉ thư điện tử sct@bentre.gov.vn.</p></div>
`
