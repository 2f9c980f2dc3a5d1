package parse

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh must resolve on machines without a zoneinfo database.
)

// Location returns Asia/Ho_Chi_Minh, where every local time on these sites is given.
var Location = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return loc
})

var (
	reISODate = regexp.MustCompile(`(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?`)
	reDMY     = regexp.MustCompile(`(?:^|[^\d])(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?:[^\d]|$)`)
	// reClock reads "10:12", "10:12:35 AM", "10h12", "10g12", "10 giờ 12 phút".
	reClock = regexp.MustCompile(`(?i)(?:^|[^\d/.\-])(\d{1,2})\s*(?::|h|g|giờ)\s*(\d{1,2})(?:\s*:\s*(\d{2}))?\s*(?:phút)?\s*(SA|CH|AM|PM|A\.M\.|P\.M\.|sáng|chiều|tối|trưa)?(?:[^\d\pL]|$)`)
	// reWords reads "ngày 28 tháng 3 năm 2025", "28 tháng 03, 2025" and "28 tháng 3/2025".
	reWords = regexp.MustCompile(`(?i)(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,|/|năm)?\s*(?:năm\s+)?(\d{4})`)
	// reURLDates are tried in order: DDMMYYYY as Báo Đồng Khởi writes it, then /YYYY/MM/DD/, then
	// YYYYMMDD.
	reURLDates = []*regexp.Regexp{
		regexp.MustCompile(`[-/_](\d{2})(\d{2})(\d{4})[-/_.]`),
		regexp.MustCompile(`/(\d{4})/(\d{2})/(\d{2})/`),
		regexp.MustCompile(`[-/_](\d{4})(\d{2})(\d{2})[-/_.]`),
	}
	reGMT = regexp.MustCompile(`(?i)(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?`)
)

// ParseDate reads a publication date from text such as "19/04/2021 - 14:06", "(Cập nhật:
// 23/07/2020)", "Thứ hai, 19/04/2021 14:06 (GMT+7)", "10:12 28/3/2025", "Cập nhật: 10 giờ 12 phút,
// ngày 28-3-2025", "ngày 5 tháng 3 năm 2021" or an ISO 8601 timestamp. Day comes before month, as
// in Vietnamese, except where only month-first makes a date ("3/24/2024") or where an English
// AM/PM clock follows the date, as ASP.NET's en-US culture writes it ("3/4/2024 7:12:35 AM" is
// 4 March). Local times are Asia/Ho_Chi_Minh unless the text gives an offset. A text with no
// plausible date returns false.
func ParseDate(s string) (Date, bool) {
	if len(s) > 512 {
		s = s[:512]
	}
	if m := reISODate.FindStringSubmatch(s); m != nil {
		if d, ok := isoDate(m); ok {
			return d, true
		}
	}
	var y, mo, d int
	var before, after string
	usOrder := false
	if m := reDMY.FindStringSubmatchIndex(s); m != nil {
		d, mo, y = atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]])
		before, after = s[:m[2]], s[m[7]:]
		usOrder = true
	} else if m := reWords.FindStringSubmatchIndex(s); m != nil {
		d, mo, y = atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]])
		before, after = s[:m[2]], s[m[7]:]
	} else {
		return Date{}, false
	}
	loc := zoneIn(s)
	h, mi, sec, clock, mark := -1, 0, 0, false, ""
	if c := reClock.FindStringSubmatch(after); c != nil {
		h, mi, sec, mark, clock = atoi(c[1]), atoi(c[2]), atoi(c[3]), c[4], true
	} else if c := reClock.FindStringSubmatch(before); c != nil {
		h, mi, sec, mark, clock = atoi(c[1]), atoi(c[2]), atoi(c[3]), c[4], true
		// A clock before the date is the Vietnamese order; its AM/PM says nothing of the date's.
		usOrder = false
	}
	if usOrder && d <= 12 && mo <= 12 && !englishMark(mark) {
		usOrder = false
	}
	if usOrder || (mo > 12 && d <= 12) {
		if _, ok := makeTime(y, d, mo, 0, 0, 0, Location()); ok {
			d, mo = mo, d
		}
	}
	if clock {
		if t, ok := makeTime(y, mo, d, adjust12h(h, mark), mi, sec, loc); ok {
			return Date{Time: t, HasTime: true}, true
		}
	}
	if t, ok := makeTime(y, mo, d, 0, 0, 0, Location()); ok {
		return Date{Time: t}, true
	}
	return Date{}, false
}

// englishMark reports an English AM/PM marker, which CMSes print only with month-first dates
// when it follows the date.
func englishMark(mark string) bool {
	switch strings.ToLower(strings.ReplaceAll(mark, ".", "")) {
	case "am", "pm":
		return true
	}
	return false
}

// dateFromURL reads a date embedded in a URL path: "-19042021-a123.html" (DDMMYYYY, as Báo Đồng
// Khởi does), "/2021/04/19/", or "-20210419-".
func dateFromURL(u string) (Date, bool) {
	if len(u) > 2048 {
		u = u[:2048]
	}
	for i, re := range reURLDates {
		for _, m := range re.FindAllStringSubmatch(u, -1) {
			y, mo, d := atoi(m[1]), atoi(m[2]), atoi(m[3])
			if i == 0 {
				d, y = y, d
			}
			if t, ok := makeTime(y, mo, d, 0, 0, 0, Location()); ok {
				return Date{Time: t}, true
			}
		}
	}
	return Date{}, false
}

func isoDate(m []string) (Date, bool) {
	y, mo, d := atoi(m[1]), atoi(m[2]), atoi(m[3])
	if m[4] == "" {
		t, ok := makeTime(y, mo, d, 0, 0, 0, Location())
		return Date{Time: t}, ok
	}
	loc := Location()
	if z := m[7]; z != "" {
		loc = parseOffset(z)
	}
	t, ok := makeTime(y, mo, d, atoi(m[4]), atoi(m[5]), atoi(m[6]), loc)
	if !ok {
		return Date{}, false
	}
	return Date{Time: t.In(Location()), HasTime: true}, true
}

func parseOffset(z string) *time.Location {
	if z == "Z" {
		return time.UTC
	}
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	z = strings.ReplaceAll(z[1:], ":", "")
	if len(z) != 4 {
		return Location()
	}
	secs := sign * (atoi(z[:2])*3600 + atoi(z[2:])*60)
	if secs == 7*3600 {
		return Location()
	}
	return time.FixedZone("", secs)
}

// zoneIn honours an explicit "GMT+7"; anything else is taken as local time.
func zoneIn(s string) *time.Location {
	m := reGMT.FindStringSubmatch(s)
	if m == nil {
		return Location()
	}
	secs := atoi(m[2])*3600 + atoi(m[3])*60
	if m[1] == "-" {
		secs = -secs
	}
	if secs == 7*3600 || secs > 14*3600 || secs < -12*3600 {
		return Location()
	}
	return time.FixedZone("", secs)
}

func adjust12h(h int, mark string) int {
	switch strings.ToLower(strings.ReplaceAll(mark, ".", "")) {
	case "ch", "pm", "chiều", "tối":
		if h < 12 {
			return h + 12
		}
	case "trưa":
		if h < 6 {
			return h + 12
		}
	case "sa", "am", "sáng":
		if h == 12 {
			return 0
		}
	}
	return h
}

// makeTime builds a time only when every field is in range, so "31/02" or "25:61" is no date.
func makeTime(y, mo, d, h, mi, sec int, loc *time.Location) (time.Time, bool) {
	if y < 1970 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc)
	if t.Day() != d || int(t.Month()) != mo {
		return time.Time{}, false
	}
	if loc != Location() {
		t = t.In(Location())
	}
	return t, true
}

// atoi reads a matched group; an absent optional group counts as zero.
func atoi(s string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return -1
	}
	return n
}
