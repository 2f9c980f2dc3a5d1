package replica

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

const lgPageSize = 3

// lgArticle is one article of the old table-layout site. Its text is the bold lead, a photo
// caption, then intertitles and paragraphs, and the right-aligned byline, as in legacy-1258-004.
type lgArticle struct {
	id      int
	title   string
	pub     time.Time
	lead    string
	caption string
	blocks  []npBlock // npPara and npHeading
	byline  string
}

func (a *lgArticle) path() string { return "/xem.asp?id=" + strconv.Itoa(a.id) }

func (a *lgArticle) text() string {
	parts := []string{a.lead, a.caption}
	for _, b := range a.blocks {
		parts = append(parts, b.text)
	}
	return joinText(append(parts, a.byline))
}

// legacy serves the windows-1258 replica (www.tuyengiaobentre.org.vn markup). Both generations
// are the same.
type legacy struct {
	s    *Sites
	list []*lgArticle // newest first
}

func newLegacy(s *Sites) *legacy {
	c := corpus()
	defs := []struct {
		id                  int
		title, lead, byline string
		pub                 time.Time
	}{
		{2587, "Hội nghị báo cáo viên Tỉnh ủy tháng 11 năm 2020",
			"BDK - Ngày 27-11-2020, Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị báo cáo viên tháng 11, thông tin tình hình thời sự trong nước, quốc tế và những vấn đề dư luận xã hội quan tâm.",
			"Kiều Loan", time.Date(2020, 11, 30, 6, 58, 0, 0, ict)},
		{2591, "Triển khai hướng dẫn tuyên truyền kỷ niệm 61 năm Ngày Đồng Khởi",
			"BDK - Ban Tuyên giáo Tỉnh ủy vừa ban hành hướng dẫn tuyên truyền kỷ niệm 61 năm Ngày Đồng Khởi (17-1-1960 - 17-1-2021), gắn với chào mừng Đại hội đại biểu toàn quốc lần thứ XIII của Đảng.",
			"Minh Nguyệt", time.Date(2020, 12, 2, 8, 15, 0, 0, ict)},
		{2602, "Ba Tri học tập, quán triệt Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XI",
			"BDK - Ngày 4-12-2020, Huyện ủy Ba Tri tổ chức hội nghị học tập, quán triệt Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XI, nhiệm kỳ 2020 - 2025 cho hơn 400 cán bộ chủ chốt.",
			"Thanh Đồng", time.Date(2020, 12, 5, 14, 30, 0, 0, ict)},
		{2610, "Định hướng thông tin tuyên truyền tháng 12 năm 2020",
			"BDK - Ban Tuyên giáo Tỉnh ủy định hướng nội dung thông tin tuyên truyền tháng 12-2020, tập trung vào các hoạt động chào mừng Đại hội XIII của Đảng và nhiệm vụ phát triển kinh tế - xã hội cuối năm.",
			"Hữu Hiệp", time.Date(2020, 12, 9, 9, 5, 0, 0, ict)},
	}
	l := &legacy{s: s}
	for i, d := range defs {
		a := &lgArticle{id: d.id, title: d.title, pub: d.pub, lead: d.lead, byline: d.byline, caption: c.captions[(i*4+3)%len(c.captions)]}
		para := func(j int) npBlock { return npBlock{npPara, c.paras[(i*11+j*3+5)%len(c.paras)]} }
		a.blocks = []npBlock{
			{npHeading, c.headings[(i*2)%len(c.headings)]}, para(0), para(1),
			{npHeading, c.headings[(i*2+1)%len(c.headings)]}, para(2), para(3),
		}
		l.list = append([]*lgArticle{a}, l.list...)
	}
	return l
}

func (l *legacy) articles(int) []Article {
	var out []Article
	for _, a := range l.list {
		out = append(out, Article{Site: SiteLegacy, URL: l.s.Legacy + a.path(), Title: a.title, Published: rfc3339(a.pub), Text: a.text()})
	}
	return out
}

func (l *legacy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/", "/default.asp":
		l.listing(w, 1, true)
		return
	case "/tin.asp":
		l.listing(w, pageNumber(r, "trang"), false)
		return
	case "/xem.asp":
		id := atoi(r.URL.Query().Get("id"))
		for _, a := range l.list {
			if a.id == id {
				l.article(w, a)
				return
			}
		}
	}
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusNotFound)
	w.Write([]byte("<html><head><title>The page cannot be found</title></head><body><h2>HTTP 404 - File not found</h2><p>Internet Information Services</p></body></html>\n"))
}

// lgPage writes a page of the old site; send encodes it in windows-1258.
type lgPage struct {
	strings.Builder
	l *legacy
}

func (p *lgPage) w(parts ...string) {
	for _, s := range parts {
		p.WriteString(s)
	}
}

func (p *lgPage) send(w http.ResponseWriter) {
	body := encode1258(p.String())
	w.Header().Set("Content-Type", "text/html; charset=windows-1258")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("Server", "Microsoft-IIS/6.0")
	w.Header().Set("X-Powered-By", "ASP.NET")
	w.Write(body)
}

func (l *legacy) page(title string) *lgPage {
	p := &lgPage{l: l}
	p.Grow(40 << 10)
	hits := l.s.hits.Load()
	p.w("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n<HTML>\n<HEAD>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\">\n",
		"<TITLE>", escape(title), " - Ban Tuyên giáo Tỉnh ủy Bến Tre</TITLE>\n",
		"<meta name=\"keywords\" content=\"tuyên giáo, Bến Tre, tin tức, Nghị quyết, Đảng bộ\">\n<meta name=\"description\" content=\"Trang thông tin điện tử Ban Tuyên giáo Tỉnh ủy Bến Tre\">\n",
		"<LINK href=\"css/style.css\" type=text/css rel=stylesheet>\n<script type=\"text/javascript\" language=\"JavaScript1.2\" src=\"js/menu_com.js\"></script>\n",
		lgStyle, lgScript,
		"</HEAD>\n<BODY leftMargin=0 topMargin=0 marginheight=\"0\" marginwidth=\"0\" onLoad=\"MM_preloadImages('images/menu_on.gif')\">\n",
		"<TABLE width=778 border=0 align=center cellPadding=0 cellSpacing=0 bgcolor=\"#FFFFFF\">\n  <TR>\n    <TD><IMG src=\"images/banner.jpg\" width=778 height=130 border=0 alt=\"Ban Tuyên giáo Tỉnh ủy Bến Tre\"></TD>\n  </TR>\n",
		"  <TR>\n    <TD height=26 bgcolor=\"#CC0000\" align=center><a href=\"default.asp\" class=\"menu\"><font face=\"Arial\" size=\"2\" color=\"#FFFFFF\"><b>TRANG CHỦ</b></font></a> <font color=\"#FFFFFF\">|</font> ",
		"<font face=\"Arial\" size=\"2\" color=\"#FFFFFF\"><b>GIỚI THIỆU</b></font> <font color=\"#FFFFFF\">|</font> <a href=\"tin.asp?trang=1\" class=\"menu\"><font face=\"Arial\" size=\"2\" color=\"#FFFFFF\"><b>TIN TỨC</b></font></a> <font color=\"#FFFFFF\">|</font> ",
		"<font face=\"Arial\" size=\"2\" color=\"#FFFFFF\"><b>NGHIÊN CỨU - TRAO ĐỔI</b></font> <font color=\"#FFFFFF\">|</font> <font face=\"Arial\" size=\"2\" color=\"#FFFFFF\"><b>VĂN BẢN</b></font> <font color=\"#FFFFFF\">|</font> <font face=\"Arial\" size=\"2\" color=\"#FFFFFF\"><b>LIÊN HỆ</b></font></TD>\n  </TR>\n",
		"  <TR>\n    <TD height=22 bgcolor=\"#FFFFCC\"><font face=\"Arial\" size=\"1\" color=\"#990000\">&nbsp;&nbsp;<b>", weekday(l.list[0].pub), ", ", l.list[0].pub.Format("02/01/2006"),
		"</b> &nbsp;|&nbsp; <marquee width=\"560\" scrollamount=\"2\">Chào mừng Đại hội đại biểu toàn quốc lần thứ XIII của Đảng</marquee></font></TD>\n  </TR>\n",
		"  <TR>\n    <TD>\n      <TABLE width=\"100%\" border=0 cellspacing=0 cellpadding=0>\n        <TR>\n          <TD width=170 valign=top bgcolor=\"#F3F3F3\">\n",
		"            <TABLE width=\"100%\" border=0 cellspacing=1 cellpadding=3>\n              <TR><TD class=left_title>&nbsp;CHUYÊN MỤC</TD></TR>\n",
		"              <TR><TD><IMG src=\"images/arrow.gif\" width=7 height=7> <a href=\"tin.asp?trang=1\" class=\"menu\"><font face=\"Arial\" size=\"2\" color=\"#000066\">Tin trong tỉnh</font></a></TD></TR>\n")
	for _, c := range []string{"Tin trong nước", "Xây dựng Đảng", "Học tập và làm theo Bác", "Dư luận xã hội", "Báo cáo viên", "Văn hóa - Văn nghệ", "Khoa giáo", "Lịch sử Đảng bộ", "Gương điển hình"} {
		p.w("              <TR><TD><IMG src=\"images/arrow.gif\" width=7 height=7> <font face=\"Arial\" size=\"2\" color=\"#000066\">", c, "</font></TD></TR>\n")
	}
	p.w("              <TR><TD class=left_title>&nbsp;VĂN BẢN MỚI</TD></TR>\n",
		"              <TR><TD><font face=\"Arial\" size=\"1\"><b>Hướng dẫn 42-HD/BTGTU</b>: Hướng dẫn tuyên truyền kỷ niệm 61 năm Ngày Đồng Khởi</font></TD></TR>\n",
		"              <TR><TD><font face=\"Arial\" size=\"1\"><b>Kế hoạch 118-KH/BTGTU</b>: Kế hoạch tuyên truyền Đại hội đại biểu toàn quốc lần thứ XIII của Đảng</font></TD></TR>\n",
		"              <TR><TD><font face=\"Arial\" size=\"1\"><b>Công văn 765-CV/BTGTU</b>: Về việc định hướng thông tin tuyên truyền tháng 12/2020</font></TD></TR>\n",
		"              <TR><TD><font face=\"Arial\" size=\"1\"><b>Thông báo 25-TB/BTGTU</b>: Thông báo kết luận hội nghị báo cáo viên tháng 11/2020</font></TD></TR>\n",
		"              <TR><TD><font face=\"Arial\" size=\"1\"><b>Hướng dẫn 39-HD/BTGTU</b>: Hướng dẫn nghiên cứu, học tập Nghị quyết Đại hội XI Đảng bộ tỉnh</font></TD></TR>\n",
		"              <TR><TD><font face=\"Arial\" size=\"1\"><b>Kế hoạch 121-KH/BTGTU</b>: Kế hoạch tổ chức cuộc thi tìm hiểu lịch sử Đảng bộ tỉnh</font></TD></TR>\n",
		"              <TR><TD><font face=\"Arial\" size=\"1\"><b>Công văn 770-CV/BTGTU</b>: Về việc tuyên truyền phòng, chống dịch bệnh mùa mưa</font></TD></TR>\n",
		"              <TR><TD class=left_title>&nbsp;LIÊN KẾT</TD></TR>\n",
		"              <TR><TD align=center><a href=\"http://www.dangcongsan.vn\" target=\"_blank\"><IMG src=\"images/lk_dcs.gif\" width=150 height=50 border=0 alt=\"Đảng Cộng sản Việt Nam\"></a><br><a href=\"http://www.tuyengiao.vn\" target=\"_blank\"><IMG src=\"images/lk_tuyengiao.gif\" width=150 height=50 border=0 alt=\"Tuyên giáo\"></a></TD></TR>\n",
		"              <TR><TD class=left_title>&nbsp;THỐNG KÊ</TD></TR>\n",
		"              <TR><TD><font face=\"Arial\" size=\"1\">Đang truy cập: <b>", strconv.FormatInt(20+hits%30, 10), "</b><br>Lượt truy cập: <b>", strconv.FormatInt(364154+hits, 10), "</b></font></TD></TR>\n",
		"            </TABLE>\n          </TD>\n          <TD width=8>&nbsp;</TD>\n          <TD width=430 valign=top>\n")
	return p
}

// end writes the right column and the footer, and returns the page.
func (p *lgPage) end() {
	p.w("          </TD>\n          <TD width=8>&nbsp;</TD>\n          <TD width=162 valign=top bgcolor=\"#F3F3F3\">\n            <TABLE width=\"100%\" border=0 cellspacing=1 cellpadding=3>\n",
		"              <TR><TD class=left_title>&nbsp;TIN MỚI</TD></TR>\n")
	for _, a := range p.l.list {
		p.w("              <TR><TD><font face=\"Arial\" size=\"1\"><a href=\"xem.asp?id=", strconv.Itoa(a.id), "\" class=\"menu\">", escape(a.title), "</a></font></TD></TR>\n")
	}
	p.w("              <TR><TD class=left_title>&nbsp;LỊCH CÔNG TÁC</TD></TR>\n",
		"              <TR><TD><font face=\"Arial\" size=\"1\"><b>Thứ hai:</b> Giao ban Ban Tuyên giáo.<br><b>Thứ ba:</b> Hội nghị báo cáo viên Tỉnh ủy.<br><b>Thứ tư:</b> Kiểm tra công tác tuyên giáo tại Đảng bộ huyện Chợ Lách.<br><b>Thứ năm:</b> Họp Ban Chỉ đạo 35 tỉnh.<br><b>Thứ sáu:</b> Sơ kết công tác tuyên giáo tháng.</font></TD></TR>\n",
		"              <TR><TD class=left_title>&nbsp;THĂM DÒ Ý KIẾN</TD></TR>\n",
		"              <TR><TD><form name=\"frmPoll\" method=\"post\" action=\"poll.asp\"><font face=\"Arial\" size=\"1\">Bạn thường tìm hiểu thông tin thời sự qua kênh nào?<br>\n",
		"              <input type=\"radio\" name=\"opt\" value=\"1\"> Báo in<br><input type=\"radio\" name=\"opt\" value=\"2\"> Báo điện tử<br><input type=\"radio\" name=\"opt\" value=\"3\"> Truyền hình<br><input type=\"radio\" name=\"opt\" value=\"4\"> Mạng xã hội<br>\n",
		"              <input type=\"submit\" value=\"Bình chọn\"></font></form></TD></TR>\n",
		"              <TR><TD class=left_title>&nbsp;TIN ẢNH</TD></TR>\n",
		"              <TR><TD align=center><IMG src=\"upload/album/thumb_1.jpg\" width=140 height=95 border=0 alt=\"Lễ kỷ niệm 90 năm Ngày truyền thống ngành Tuyên giáo\"><br><font face=\"Arial\" size=\"1\">Lễ kỷ niệm 90 năm Ngày truyền thống ngành Tuyên giáo</font></TD></TR>\n",
		"              <TR><TD align=center><IMG src=\"upload/album/thumb_2.jpg\" width=140 height=95 border=0 alt=\"Hội nghị báo cáo viên Tỉnh ủy\"><br><font face=\"Arial\" size=\"1\">Hội nghị báo cáo viên Tỉnh ủy</font></TD></TR>\n",
		"              <TR><TD align=center><IMG src=\"upload/album/thumb_3.jpg\" width=140 height=95 border=0 alt=\"Hội thi tuyên truyền viên giỏi năm 2020\"><br><font face=\"Arial\" size=\"1\">Hội thi tuyên truyền viên giỏi năm 2020</font></TD></TR>\n",
		"              <TR><TD align=center><IMG src=\"upload/album/thumb_4.jpg\" width=140 height=95 border=0 alt=\"Trao giải báo chí về xây dựng Đảng\"><br><font face=\"Arial\" size=\"1\">Trao giải báo chí về xây dựng Đảng</font></TD></TR>\n",
		"              <TR><TD align=center><IMG src=\"images/qc_bentre.gif\" width=150 height=200 border=0 alt=\"Quảng cáo\"></TD></TR>\n",
		"            </TABLE>\n          </TD>\n        </TR>\n      </TABLE>\n    </TD>\n  </TR>\n",
		"  <TR>\n    <TD bgcolor=\"#CC0000\" align=center height=70><font face=\"Arial\" size=\"1\" color=\"#FFFFFF\"><b>BAN TUYÊN GIÁO TỈNH ỦY BẾN TRE</b><br>\n",
		"    Địa chỉ: Số 9, đường Cách Mạng Tháng Tám, Phường 3, TP. Bến Tre - Điện thoại: (0275) 3822 491 - Fax: (0275) 3825 473<br>\n    Email: bantuyengiao@bentre.org.vn<br>\n",
		"    Bản quyền © 2008 Ban Tuyên giáo Tỉnh ủy Bến Tre. Thiết kế: Trung tâm Tin học Bến Tre. Xem tốt nhất với độ phân giải 800x600.</font></TD>\n  </TR>\n</TABLE>\n</BODY>\n</HTML>\n")
}

// article writes an article in the markup of legacy-1258-004.
func (l *legacy) article(w http.ResponseWriter, a *lgArticle) {
	p := l.page(a.title)
	id := strconv.Itoa(a.id)
	p.w("            <TABLE width=\"100%\" border=0 cellspacing=0 cellpadding=0>\n",
		"              <TR><TD height=24 background=\"images/bg_title.gif\"><font face=\"Arial\" size=\"2\" color=\"#CC0000\"><b>&nbsp;TIN TRONG TỈNH</b></font></TD></TR>\n              <TR><TD height=8></TD></TR>\n",
		"              <TR><TD><font class=\"tieude\">", escape(a.title), "</font></TD></TR>\n",
		"              <TR><TD><font class=\"ngay\">", weekday(a.pub), ", ", a.pub.Format("02/01/2006 15:04"), " (GMT+7)</font></TD></TR>\n              <TR><TD height=6></TD></TR>\n",
		"              <TR><TD class=noidung><font face=\"Arial\" size=\"2\">\n<b>", escape(a.lead), "</b><br><br>\n",
		"<TABLE align=center border=0 cellpadding=2 cellspacing=0 width=400><TR><TD align=center><IMG src=\"upload/images/", a.pub.Format("2006/01"), "/img1_", id, ".jpg\" width=400 height=267 border=0 alt=\"", escape(a.caption),
		"\"></TD></TR><TR><TD align=center><font face=\"Arial\" size=\"1\"><i>", strings.Replace(escape(a.caption), "Ảnh: ", "Ảnh:&nbsp;", 1), "</i></font></TD></TR></TABLE>\n")
	for _, b := range a.blocks {
		if b.kind == npHeading {
			p.w("<b>", escape(b.text), "</b><br><br>\n")
		} else {
			p.w(escape(b.text), "<br><br>\n")
		}
	}
	p.w("<div align=\"right\"><b>&nbsp;&nbsp; ", escape(a.byline), "</b></div>\n</font></TD></TR>\n              <TR><TD height=10></TD></TR>\n",
		"              <TR><TD align=right><font face=\"Arial\" size=\"1\" color=\"#666666\">Lượt xem: ", strconv.FormatInt(300+int64(a.id%97)+l.s.hits.Load(), 10),
		" &nbsp;|&nbsp; <a href=\"javascript:openPrint(", id, ")\">In bài này</a> &nbsp;|&nbsp; <a href=\"#top\">Về đầu trang</a></font></TD></TR>\n",
		"              <TR><TD height=10></TD></TR>\n              <TR><TD bgcolor=\"#EEEEEE\"><font face=\"Arial\" size=\"2\" color=\"#CC0000\"><b>&nbsp;Ý kiến bạn đọc</b></font></TD></TR>\n",
		"              <TR><TD>\n                <form name=\"frmYKien\" method=\"post\" action=\"ykien_save.asp\" onSubmit=\"return checkYKien(this);\">\n                <input type=\"hidden\" name=\"NewsID\" value=\"", id, "\">\n",
		"                <TABLE width=\"100%\" border=0 cellspacing=2 cellpadding=0>\n",
		"                  <TR><TD width=90><font face=\"Arial\" size=\"1\">Họ tên:</font></TD><TD><input type=\"text\" name=\"HoTen\" size=\"30\" maxlength=\"50\"></TD></TR>\n",
		"                  <TR><TD><font face=\"Arial\" size=\"1\">Email:</font></TD><TD><input type=\"text\" name=\"Email\" size=\"30\" maxlength=\"50\"></TD></TR>\n",
		"                  <TR><TD valign=top><font face=\"Arial\" size=\"1\">Nội dung:</font></TD><TD><textarea name=\"NoiDung\" cols=\"40\" rows=\"5\"></textarea></TD></TR>\n",
		"                  <TR><TD></TD><TD><input type=\"submit\" value=\"Gửi ý kiến\"> <input type=\"reset\" value=\"Nhập lại\"><br><font face=\"Arial\" size=\"1\" color=\"#999999\">(Vui lòng gõ tiếng Việt có dấu. Ý kiến sẽ được Ban biên tập xem xét trước khi đăng)</font></TD></TR>\n",
		"                </TABLE>\n                </form>\n              </TD></TR>\n",
		"              <TR><TD bgcolor=\"#EEEEEE\"><font face=\"Arial\" size=\"2\" color=\"#CC0000\"><b>&nbsp;Các tin khác:</b></font></TD></TR>\n              <TR><TD class=tinkhac>\n")
	for _, o := range l.list {
		if o != a {
			p.w("                <IMG src=\"images/dot.gif\" width=5 height=5> <a href=\"xem.asp?id=", strconv.Itoa(o.id), "\">", escape(o.title), "</a> <font size=\"1\" color=\"#999999\">(", o.pub.Format("02/01/2006"), ")</font><br>\n")
		}
	}
	p.w("              </TD></TR>\n            </TABLE>\n")
	p.end()
	p.send(w)
}

// listing writes /tin.asp?trang=n (or the home page), lgPageSize articles a page.
func (l *legacy) listing(w http.ResponseWriter, page int, home bool) {
	title := "Tin trong tỉnh"
	if home {
		title = "Trang chủ"
	}
	p := l.page(title)
	p.w("            <TABLE width=\"100%\" border=0 cellspacing=0 cellpadding=0>\n",
		"              <TR><TD height=24 background=\"images/bg_title.gif\"><font face=\"Arial\" size=\"2\" color=\"#CC0000\"><b>&nbsp;TIN TRONG TỈNH</b></font></TD></TR>\n")
	from := (page - 1) * lgPageSize
	for i := from; i < from+lgPageSize && i < len(l.list); i++ {
		a := l.list[i]
		p.w("              <TR><TD class=tinkhac><IMG src=\"images/dot.gif\" width=5 height=5> <a href=\"xem.asp?id=", strconv.Itoa(a.id), "\"><b>", escape(a.title), "</b></a> <font size=\"1\" color=\"#999999\">(",
			a.pub.Format("02/01/2006"), ")</font><br><font face=\"Arial\" size=\"2\">", escape(a.lead), "</font></TD></TR>\n              <TR><TD height=8></TD></TR>\n")
	}
	p.w("              <TR><TD align=center><font face=\"Arial\" size=\"2\">Trang: ")
	pages := (len(l.list) + lgPageSize - 1) / lgPageSize
	for n := 1; n <= pages; n++ {
		if n == page && !home {
			p.w("<b>[", strconv.Itoa(n), "]</b> ")
		} else {
			p.w("<a href=\"tin.asp?trang=", strconv.Itoa(n), "\">", strconv.Itoa(n), "</a> ")
		}
	}
	p.w("</font></TD></TR>\n            </TABLE>\n")
	p.end()
	p.send(w)
}

const lgStyle = `<style type="text/css">
<!--
body { margin: 0px; background-image: url(images/bg.gif); }
.menu { text-decoration: none; }
.menu:hover { text-decoration: underline; }
.tieude { font-family: Arial; font-size: 16px; font-weight: bold; color: #003399; }
.ngay { font-family: Arial; font-size: 11px; color: #666666; }
.noidung { font-family: Arial; font-size: 13px; line-height: 19px; text-align: justify; }
.tinkhac a { font-family: Arial; font-size: 12px; color: #000066; text-decoration: none; }
.left_title { font-family: Arial; font-size: 12px; font-weight: bold; color: #FFFFFF; background-color: #CC0000; }
-->
</style>
`

const lgScript = `<script language="JavaScript" type="text/JavaScript">
<!--
function MM_swapImgRestore() { //v3.0
  var i,x,a=document.MM_sr; for(i=0;a&&i<a.length&&(x=a[i])&&x.oSrc;i++) x.src=x.oSrc;
}
function MM_preloadImages() { //v3.0
  var d=document; if(d.images){ if(!d.MM_p) d.MM_p=new Array();
    var i,j=d.MM_p.length,a=MM_preloadImages.arguments; for(i=0; i<a.length; i++)
    if (a[i].indexOf("#")!=0){ d.MM_p[j]=new Image; d.MM_p[j++].src=a[i];}}
}
function MM_findObj(n, d) { //v4.01
  var p,i,x;  if(!d) d=document; if((p=n.indexOf("?"))>0&&parent.frames.length) {
    d=parent.frames[n.substring(p+1)].document; n=n.substring(0,p);}
  if(!(x=d[n])&&d.all) x=d.all[n]; for (i=0;!x&&i<d.forms.length;i++) x=d.forms[i][n];
  for(i=0;!x&&d.layers&&i<d.layers.length;i++) x=MM_findObj(n,d.layers[i].document);
  if(!x && d.getElementById) x=d.getElementById(n); return x;
}
function MM_swapImage() { //v3.0
  var i,j=0,x,a=MM_swapImage.arguments; document.MM_sr=new Array; for(i=0;i<(a.length-2);i+=3)
   if ((x=MM_findObj(a[i]))!=null){document.MM_sr[j++]=x; if(!x.oSrc) x.oSrc=x.src; x.src=a[i+2];}
}
var NoOffFirstLineMenus=4;
var LowBgColor="#CC0000";
var HighBgColor="#990000";
var FontLowColor="#FFFFFF";
var FontHighColor="#FFFF00";
var BorderColor="#FFFFFF";
var FontFamily="Arial";
var FontSize=9;
var FontBold=1;
var MenuTextCentered="left";
var MenuCentered="center";
var MenuVerticalCentered="top";
var ChildOverlap=.1;
var StartTop=156;
var StartLeft=0;
var FirstLineHorizontal=1;
var DissapearDelay=800;
var UnfoldDelay=100;
var TargetLoc="";
var BaseHref="";
var Arrws=["images/tri.gif",5,10,"images/tridown.gif",10,5,"images/trileft.gif",5,10,"images/triup.gif",10,5];
Menu1=new Array("TRANG CHỦ","default.asp","",0,26,80);
Menu2=new Array("GIỚI THIỆU","default.asp","",2,26,130);
  Menu2_1=new Array("Chức năng, nhiệm vụ","default.asp","",0,22,210);
  Menu2_2=new Array("Cơ cấu tổ chức","default.asp","",0,22,210);
Menu3=new Array("TIN TỨC","tin.asp?trang=1","",3,26,124);
  Menu3_1=new Array("Tin trong tỉnh","tin.asp?trang=1","",0,22,210);
  Menu3_2=new Array("Tin trong nước","tin.asp?trang=1","",0,22,210);
  Menu3_3=new Array("Tin quốc tế","tin.asp?trang=1","",0,22,210);
Menu4=new Array("LIÊN HỆ","default.asp","",0,26,70);
function BeforeStart(){return}
function AfterBuild(){return}
function BeforeFirstOpen(){return}
function AfterCloseAll(){return}
function checkYKien(f) {
  if (f.HoTen.value == "") { alert("Xin vui lòng nhập họ tên!"); f.HoTen.focus(); return false; }
  if (f.NoiDung.value == "") { alert("Xin vui lòng nhập nội dung ý kiến!"); f.NoiDung.focus(); return false; }
  return true;
}
function openPrint(id) { window.open('print.asp?NewsID=' + id, 'print', 'width=700,height=600,scrollbars=yes'); }
//-->
</script>
`
