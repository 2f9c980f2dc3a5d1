package parse

import "testing"

func TestIsByline(t *testing.T) {
	tests := []struct {
		in    string
		right bool
		want  bool
	}{
		{"Tin, ảnh: Thu Huyền", false, true},
		{"Bài, ảnh: Hữu Hiệp", false, true},
		{"Nguồn: Bentre.gov.vn", false, true},
		{"Theo TTXVN", false, true},
		{"Tác giả: Nguyễn Văn A", false, true},
		{"Kiều Loan", false, true},
		{"H. Hiệp", false, true},
		{"BAN CHẤP HÀNH ĐẢNG BỘ TỈNH KHÓA XI", true, true},
		{"Theo Bí thư Thành ủy TP. Bến Tre Nguyễn Văn Tuấn, năm 2021 là năm đầu tiên thực hiện", false, false},
		{"(Bí thư Thành ủy TP. Bến Tre Nguyễn Văn Tuấn)", false, false},
		{"Đại biểu phát biểu thảo luận tại hội nghị.", false, false},
		{"Trong quý I-2021, Đảng bộ và nhân dân thành phố đã tập trung lãnh đạo.", true, false},
	}
	for _, tt := range tests {
		if got := isByline(tt.in, tt.right); got != tt.want {
			t.Errorf("isByline(%q, %v) = %v, want %v", tt.in, tt.right, got, tt.want)
		}
	}
}

func TestIsBoilerplateLine(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Chia sẻ bài viết", true},
		{"BÌNH LUẬN", true},
		{"Tin liên quan", true},
		{"Đọc thêm", true},
		{"Lượt xem: 1.234", true},
		{"• EMAIL: sct@bentre.gov.vn", true},
		{"ĐIỆN THOẠI: 0275.3822 365", true},
		{"ĐƠN VỊ TRỰC THUỘC:", true},
		{"(Cập nhật: 23/07/2020)", true},
		{"Từ khóa: Đại hội, Bến Tre", true},
		{"Người dân chia sẻ bài viết trên mạng xã hội về kết quả đại hội.", false},
		{"Ban biên tập đã đọc thêm nhiều ý kiến bình luận của bạn đọc.", false},
		{"Tin liên quan đến dịch bệnh được cập nhật liên tục trong ngày 19-4.", false},
	}
	for _, tt := range tests {
		if got := isBoilerplateLine(tt.in); got != tt.want {
			t.Errorf("isBoilerplateLine(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
