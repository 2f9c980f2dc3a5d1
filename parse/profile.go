package parse

import (
	"net/url"
	"strings"
)

// Profile holds optional CSS selectors for one site family. Any selector may be empty; one that
// finds nothing on a page falls back to the generic extractor for that field.
type Profile struct {
	// Name identifies the profile in logs and in Article.Profile.
	Name string `yaml:"name" json:"name"`
	// Hosts are the hosts (or host suffixes starting with ".") the profile applies to when chosen
	// by URL.
	Hosts []string `yaml:"hosts" json:"hosts,omitempty"`
	// Title selects the article heading.
	Title string `yaml:"title" json:"title,omitempty"`
	// Date selects the element holding the publication date.
	Date string `yaml:"date" json:"date,omitempty"`
	// Lead selects the standfirst.
	Lead string `yaml:"lead" json:"lead,omitempty"`
	// Body selects the element holding the body paragraphs.
	Body string `yaml:"body" json:"body,omitempty"`
	// Byline selects the author or source line.
	Byline string `yaml:"byline" json:"byline,omitempty"`
	// Remove lists selectors of boilerplate removed before anything else is read.
	Remove []string `yaml:"remove" json:"remove,omitempty"`
}

// Matches reports whether the profile applies to pageURL's host.
func (p *Profile) Matches(pageURL string) bool {
	u, err := url.Parse(pageURL)
	if err != nil || u.Hostname() == "" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, h := range p.Hosts {
		h = strings.ToLower(h)
		if host == h || (strings.HasPrefix(h, ".") && strings.HasSuffix(host, h)) || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return false
}

// profileFor returns the first profile in profiles that matches pageURL, or nil.
func profileFor(profiles []*Profile, pageURL string) *Profile {
	for _, p := range profiles {
		if p.Matches(pageURL) {
			return p
		}
	}
	return nil
}
