package replica

import (
	_ "embed"
	"strings"
	"sync"
)

// corpusText is the real text of the seed articles, as parse/testdata/sites/*.truth.txt holds
// it: one block a line, KIND<TAB>SOURCE<TAB>TEXT.
//
//go:embed corpus.txt
var corpusText string

//go:embed newspaper.css
var newspaperCSS string

//go:embed portal.css
var portalCSS string

// texts are the blocks of the seed articles by kind, every string NFC with single spaces.
type texts struct {
	leads, captions, headings, paras []string
}

// corpus returns the seed text, with a few hand-written intertitles added to the seeds' two.
var corpus = sync.OnceValue(func() *texts {
	c := &texts{}
	for line := range strings.SplitSeq(corpusText, "\n") {
		kind, rest, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		_, text, _ := strings.Cut(rest, "\t")
		switch kind {
		case "L":
			c.leads = append(c.leads, text)
		case "C":
			c.captions = append(c.captions, text)
		case "H":
			c.headings = append(c.headings, text)
		case "P":
			c.paras = append(c.paras, text)
		}
	}
	c.headings = append(c.headings,
		"Nhiều kết quả nổi bật",
		"Phát huy sức mạnh đoàn kết",
		"Tạo chuyển biến rõ nét trong năm tới",
		"Khó khăn, hạn chế cần khắc phục",
		"Hướng đến phát triển bền vững",
		"Tập trung các giải pháp trọng tâm",
	)
	return c
})

// place is a district of Bến Tre: Short opens a title, Long sits inside a sentence.
type place struct{ Short, Long string }

var places = []place{
	{"Ba Tri", "huyện Ba Tri"},
	{"Bình Đại", "huyện Bình Đại"},
	{"Châu Thành", "huyện Châu Thành"},
	{"Chợ Lách", "huyện Chợ Lách"},
	{"Giồng Trôm", "huyện Giồng Trôm"},
	{"Mỏ Cày Bắc", "huyện Mỏ Cày Bắc"},
	{"Mỏ Cày Nam", "huyện Mỏ Cày Nam"},
	{"Thạnh Phú", "huyện Thạnh Phú"},
	{"TP. Bến Tre", "TP. Bến Tre"},
}

// story is a kind of newspaper article: its section, title and lead sentence, with {P} (the
// district, short form), {p} (long form) and {n} (a number) to fill in. n starts at base and
// grows by step each time the story comes round again, so no two titles are the same.
type story struct {
	section     int
	title, lead string
	base, step  int
}

var stories = []story{
	{0, "Hội nghị lần thứ {n} Ban Chấp hành Đảng bộ {p}",
		"Ban Chấp hành Đảng bộ {p} tổ chức hội nghị lần thứ {n} để đánh giá tình hình thực hiện nghị quyết trong quý, đề xuất các giải pháp trọng tâm cho thời gian tới.", 6, 1},
	{1, "{P} thu hút {n} dự án đầu tư mới",
		"Từ đầu năm đến nay, {p} đã thu hút {n} dự án đầu tư mới với tổng vốn đăng ký tăng khá so với cùng kỳ, tập trung vào chế biến dừa, thủy sản và thương mại - dịch vụ.", 5, 2},
	{2, "Trao {n} căn nhà đại đoàn kết cho hộ nghèo {p}",
		"Ủy ban MTTQ Việt Nam {p} phối hợp các nhà hảo tâm trao {n} căn nhà đại đoàn kết cho hộ nghèo, hộ cận nghèo có hoàn cảnh khó khăn về nhà ở.", 20, 5},
	{0, "{P} tổ chức kỳ họp thứ {n} Hội đồng nhân dân",
		"Hội đồng nhân dân {p} khai mạc kỳ họp thứ {n}, xem xét các báo cáo tình hình kinh tế - xã hội và thông qua nhiều nghị quyết quan trọng.", 3, 1},
	{1, "Nông dân {P} chuyển đổi {n} ha đất lúa sang trồng dừa",
		"Nông dân {p} đã chuyển đổi {n} ha đất trồng lúa kém hiệu quả sang trồng dừa xen ca cao và cây ăn trái, thu nhập tăng gấp nhiều lần.", 40, 10},
	{2, "{P} tiêm vắc xin cho hơn {n} trẻ em",
		"Trung tâm Y tế {p} đã tổ chức tiêm vắc xin cho hơn {n} trẻ em trong độ tuổi, bảo đảm an toàn tiêm chủng và đạt tỷ lệ bao phủ cao.", 900, 50},
	{0, "Đoàn đại biểu Quốc hội tỉnh tiếp xúc {n} cử tri {p}",
		"Đoàn đại biểu Quốc hội tỉnh có buổi tiếp xúc với {n} cử tri {p}, lắng nghe nhiều ý kiến, kiến nghị về giao thông nông thôn, giá nông sản và chính sách an sinh xã hội.", 150, 10},
	{1, "{P}: {n} doanh nghiệp mới thành lập từ đầu năm",
		"Chương trình “Đồng khởi khởi nghiệp” giúp {p} có thêm {n} doanh nghiệp mới thành lập từ đầu năm, góp phần giải quyết việc làm cho lao động tại chỗ.", 30, 4},
	{2, "Tặng {n} suất học bổng cho học sinh nghèo {p}",
		"Hội Khuyến học {p} trao tặng {n} suất học bổng cho học sinh nghèo vượt khó, học giỏi, giúp các em có thêm điều kiện đến trường.", 50, 10},
	{0, "Kiểm tra, giám sát {n} tổ chức đảng tại {p}",
		"Ủy ban Kiểm tra Đảng bộ {p} đã tiến hành kiểm tra, giám sát {n} tổ chức đảng, qua đó kịp thời chấn chỉnh những hạn chế, thiếu sót.", 12, 3},
	{1, "Hỗ trợ {n} hộ dân {p} phát triển sản xuất",
		"Từ nguồn vốn chương trình mục tiêu quốc gia, {p} đã hỗ trợ {n} hộ dân phát triển sản xuất, chăn nuôi bò, dê và trồng rau màu.", 60, 15},
	{2, "Khám bệnh, cấp thuốc miễn phí cho {n} người dân {p}",
		"Đoàn y, bác sĩ tình nguyện đã khám bệnh, cấp thuốc miễn phí cho {n} người dân {p}, chủ yếu là người cao tuổi và gia đình chính sách.", 300, 25},
	{0, "{P} kết nạp {n} đảng viên mới",
		"Từ đầu nhiệm kỳ đến nay, Đảng bộ {p} đã kết nạp {n} đảng viên mới, trong đó phần lớn là đoàn viên thanh niên ưu tú.", 70, 6},
	{1, "{P} xuất khẩu {n} container kẹo dừa và thạch dừa",
		"Các cơ sở chế biến ở {p} đã xuất khẩu {n} container kẹo dừa, thạch dừa sang các thị trường châu Á và châu Âu.", 15, 3},
	{2, "Giải quyết việc làm cho {n} lao động {p}",
		"Phòng Lao động - Thương binh và Xã hội {p} đã phối hợp các doanh nghiệp giải quyết việc làm cho {n} lao động, vượt kế hoạch đề ra.", 400, 40},
}

// bylines close the newspaper's articles, right-aligned and bold.
var bylines = []string{
	"Tin, ảnh: Thu Huyền", "Kiều Loan", "Tin, ảnh: Hữu Hiệp", "Bài, ảnh: Cẩm Trúc", "Phan Hân",
	"Tin, ảnh: Thanh Đồng", "Bài, ảnh: Minh Hải", "Tin: Trần Quân",
}

// fill replaces the {P}, {p} and {n} of a story template.
func fill(tpl string, pl place, n string) string {
	return strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(tpl, "{P}", pl.Short), "{p}", pl.Long), "{n}", n)
}
