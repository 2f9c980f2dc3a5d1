package config

import (
	"fmt"
	"regexp"

	"github.com/goccy/go-yaml"

	"github.com/newsarchive/newsarchive/parse"
)

// The types here mirror Config in the form the file is written in: durations, sizes and
// patterns as text, every key present. Their yaml tags must match the keys the decoder knows;
// the round-trip test holds them to it.

type fileYAML struct {
	UserAgent string     `yaml:"user_agent"`
	Sites     []siteYAML `yaml:"sites"`
}

type siteYAML struct {
	Name              string         `yaml:"name"`
	StartURLs         []string       `yaml:"start_urls"`
	AllowedDomains    []string       `yaml:"allowed_domains"`
	Feeds             []string       `yaml:"feeds"`
	Sitemaps          []string       `yaml:"sitemaps"`
	UseRobotsSitemaps bool           `yaml:"use_robots_sitemaps"`
	Images            bool           `yaml:"images"`
	ArticlePattern    string         `yaml:"article_pattern"`
	ListingPatterns   []string       `yaml:"listing_patterns"`
	Exclude           []string       `yaml:"exclude"`
	Pagination        paginationYAML `yaml:"pagination"`
	MaxDepth          int            `yaml:"max_depth"`
	MaxPages          int            `yaml:"max_pages"`
	MaxURLLength      int            `yaml:"max_url_length"`
	Robots            bool           `yaml:"robots"`
	Delay             string         `yaml:"delay"`
	Parallelism       int            `yaml:"parallelism"`
	Timeout           string         `yaml:"timeout"`
	MaxBodySize       string         `yaml:"max_body_size"`
	Retries           int            `yaml:"retries"`
	RetryBackoff      string         `yaml:"retry_backoff"`
	MaxRetryAfter     string         `yaml:"max_retry_after"`
	Recrawl           []recrawlYAML  `yaml:"recrawl"`
	ErrorBudget       int            `yaml:"error_budget"`
	AlertAfter        int            `yaml:"alert_after"`
	Profile           *profileYAML   `yaml:"profile,omitempty"`
}

type paginationYAML struct {
	Param         string `yaml:"param"`
	MaxPages      int    `yaml:"max_pages"`
	BackfillPages int    `yaml:"backfill_pages"`
}

type recrawlYAML struct {
	YoungerThan string `yaml:"younger_than,omitempty"`
	Every       string `yaml:"every"`
}

type profileYAML struct {
	Name   string   `yaml:"name"`
	Hosts  []string `yaml:"hosts"`
	Title  string   `yaml:"title"`
	Date   string   `yaml:"date"`
	Lead   string   `yaml:"lead"`
	Body   string   `yaml:"body"`
	Byline string   `yaml:"byline"`
	Remove []string `yaml:"remove"`
}

// YAML returns the effective configuration as YAML: every key of every site, with the defaults
// applied and profiles written out in full. Parsing it gives back an equal Config.
func (c *Config) YAML() ([]byte, error) {
	f := fileYAML{UserAgent: c.UserAgent, Sites: make([]siteYAML, len(c.Sites))}
	for i, s := range c.Sites {
		f.Sites[i] = siteToYAML(s)
	}
	out, err := yaml.MarshalWithOptions(f, yaml.Indent(2), yaml.IndentSequence(true))
	if err != nil {
		return nil, fmt.Errorf("config: write yaml: %w", err)
	}
	return out, nil
}

// siteToYAML converts a site to its written form.
func siteToYAML(s *Site) siteYAML {
	y := siteYAML{
		Name:              s.Name,
		StartURLs:         nonNil(s.StartURLs),
		AllowedDomains:    nonNil(s.AllowedDomains),
		Feeds:             nonNil(s.Feeds),
		Sitemaps:          nonNil(s.Sitemaps),
		UseRobotsSitemaps: s.UseRobotsSitemaps,
		Images:            s.Images,
		ListingPatterns:   patternStrings(s.ListingPatterns),
		Exclude:           patternStrings(s.Exclude),
		Pagination:        paginationYAML(s.Pagination),
		MaxDepth:          s.MaxDepth,
		MaxPages:          s.MaxPages,
		MaxURLLength:      s.MaxURLLength,
		Robots:            s.Robots,
		Delay:             formatDuration(s.Delay),
		Parallelism:       s.Parallelism,
		Timeout:           formatDuration(s.Timeout),
		MaxBodySize:       formatSize(s.MaxBodySize),
		Retries:           s.Retries,
		RetryBackoff:      formatDuration(s.RetryBackoff),
		MaxRetryAfter:     formatDuration(s.MaxRetryAfter),
		Recrawl:           []recrawlYAML{},
		ErrorBudget:       s.ErrorBudget,
		AlertAfter:        s.AlertAfter,
		Profile:           profileToYAML(s.Profile),
	}
	if s.ArticlePattern != nil {
		y.ArticlePattern = s.ArticlePattern.String()
	}
	for _, r := range s.Recrawl {
		ry := recrawlYAML{Every: formatDuration(r.Every)}
		if r.YoungerThan != 0 {
			ry.YoungerThan = formatDuration(r.YoungerThan)
		}
		y.Recrawl = append(y.Recrawl, ry)
	}
	return y
}

// profileToYAML converts a profile to its written form; nil stays nil.
func profileToYAML(p *parse.Profile) *profileYAML {
	if p == nil {
		return nil
	}
	return &profileYAML{
		Name: p.Name, Hosts: nonNil(p.Hosts),
		Title: p.Title, Date: p.Date, Lead: p.Lead, Body: p.Body, Byline: p.Byline,
		Remove: nonNil(p.Remove),
	}
}

// patternStrings returns the source text of each pattern.
func patternStrings(res []*regexp.Regexp) []string {
	out := []string{}
	for _, re := range res {
		out = append(out, re.String())
	}
	return out
}

// nonNil returns s, or an empty slice for nil, so that an empty list is written as [].
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
