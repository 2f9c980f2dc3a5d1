package warc

import "testing"

func TestSURT(t *testing.T) {
	tests := []struct{ in, want string }{
		// From the surt library's tests (WaybackURLKeyMakerTest and the canonicalizer tests).
		{"http://www.archive.org/", "org,archive)/"},
		{"http://archive.org/", "org,archive)/"},
		{"http://archive.org/goo/", "org,archive)/goo"},
		{"http://archive.org/goo/?", "org,archive)/goo"},
		{"http://archive.org/goo/?b&a", "org,archive)/goo?a&b"},
		{"http://archive.org/goo/?a=2&b&a=1", "org,archive)/goo?a=1&a=2&b"},
		{"http://archive.org/index.php?PHPSESSID=0123456789abcdefghijklemopqrstuv&action=profile;u=4221",
			"org,archive)/index.php?action=profile;u=4221"},
		{"whois://whois.isoc.org.il/shaveh.co.il", "il,org,isoc,whois)/shaveh.co.il"},
		{"http://visit.webhosting.yahoo.com/visit.gif?&r=http%3A//web.archive.org/web/20090517140029/http%3A//anthonystewarthead.electric-chi.com/&b=Netscape%205.0%20%28Windows%3B%20en-US%29&s=1366x768&o=Win32&c=24&j=true&v=1.2",
			"com,yahoo,webhosting,visit)/visit.gif?&b=netscape%205.0%20(windows;%20en-us)&c=24&j=true&o=win32&r=http://web.archive.org/web/20090517140029/http://anthonystewarthead.electric-chi.com/&s=1366x768&v=1.2"},
		{"dns:archive.org", "dns:archive.org"},
		{"mailto:foo@example.com", "mailto:foo@example.com"},
		{"warcinfo:foo.warc.gz", "warcinfo:foo.warc.gz"},
		{"filedesc:foo.arc.gz", "filedesc:foo.arc.gz"},
		{"http://www34.archive.org/index.html?b=a&b=b&a=b", "org,archive)/index.html?a=b&b=a&b=b"},
		{"http://ARCHIVE.ORG/", "org,archive)/"},
		{"http://www.archive.org:80/", "org,archive)/"},
		{"https://www.archive.org:80/", "org,archive:80)/"},
		{"http://www.archive.org:443/", "org,archive:443)/"},
		{"https://www.archive.org:443/", "org,archive)/"},
		{"http://www.archive.org/big/", "org,archive)/big"},
		{"http://host/%25%32%35", "host)/%25"},
		{"http://host/%2525252525252525", "host)/%25"},
		{"http://host/%%%25%32%35asd%%", "host)/%25%25%25asd%25%25"},
		{"http://www.GOOgle.com/", "com,google)/"},
		{"http://www.google.com.../", "com,google)/"},
		{"http://3279880203/blah", "11,0,127,195)/blah"},
		{"http://017.0.0.1/", "1,0,0,15)/"},
		{"http://www.google.com/blah/..", "com,google)/"},
		{"www.google.com", "com,google)/"},
		{"  http://www.google.com/  ", "com,google)/"},
		{"http://www.google.com/foo\tbar\rbaz\n2", "com,google)/foobarbaz2"},
		{"http://evil.com/foo#bar#baz", "com,evil)/foo"},
		{"http://evil.com/foo;", "com,evil)/foo;"},
		{"http://host.com//twoslashes?more//slashes", "com,host)/twoslashes?more//slashes"},
		{"http://host.com/ab%23cd", "com,host)/ab%23cd"},
		{"http://mineral.galleries.com:/minerals/silicate/chabazit/chabazit.htm",
			"com,galleries,mineral)/minerals/silicate/chabazit/chabazit.htm"},
		{"http://https://order.1and1.com", "com,1and1,order)/"},
		{"http:////////////////www.vikings.com", "com,vikings)/"},
		{"http://b\u00fccher.ch:8080/", "ch,xn--bcher-kva:8080)/"},
		{"http://example.com/foo?X=Y", "com,example)/foo?x=y"},

		// This project's sites.
		{"https://baodongkhoi.vn/hoi-nghi-19042021-a80176.html", "vn,baodongkhoi)/hoi-nghi-19042021-a80176.html"},
		{"https://www.bentre.gov.vn/", "vn,gov,bentre)/"},
		{"https://www.bentre.gov.vn", "vn,gov,bentre)/"},
		{"https://sct.bentre.gov.vn/Pages/tin-tuc.aspx?ItemID=12&Cat=3", "vn,gov,bentre,sct)/pages/tin-tuc.aspx?cat=3&itemid=12"},
		{"https://user:pw@Example.VN:443/A/B/?Z=1&a=2#frag", "vn,example)/a/b?a=2&z=1"},
		{"https://dongkhoi.baovinhlong.vn/tin-tức/bến-tre", "vn,baovinhlong,dongkhoi)/tin-t%e1%bb%a9c/b%e1%ba%bfn-tre"},
		{"https://dongkhoi.baovinhlong.vn/tin-t%E1%BB%A9c/b%E1%BA%BFn-tre", "vn,baovinhlong,dongkhoi)/tin-t%e1%bb%a9c/b%e1%ba%bfn-tre"},
		{"https://www.Example.vn/Tin-Tuc/?b=2&a=1#top", "vn,example)/tin-tuc?a=1&b=2"},
		{"http://127.0.0.1:8080/x?b", "1,0,0,127:8080)/x?b"},
		{"https://tìnhhình.vn/", "vn,xn--tnhhnh-wvad)/"},
	}
	for _, tt := range tests {
		got, err := SURT(tt.in)
		if err != nil {
			t.Errorf("SURT(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("SURT(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSURTErrors(t *testing.T) {
	for _, in := range []string{"", "   ", "http://", "http:///", "http://example.com:abc/", "http://example.com:99999/"} {
		if got, err := SURT(in); err == nil {
			t.Errorf("SURT(%q) = %q, want an error", in, got)
		}
	}
}
