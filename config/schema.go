package config

import (
	"github.com/goccy/go-yaml/ast"
)

// siteFields are the keys of a site, and of the defaults block, in the order YAML() writes them.
func siteFields() []field[Site] {
	type f = field[Site]
	return []f{
		{"name", true, func(d *decoder, v ast.Node, p string, s *Site) { d.setName(v, p, &s.Name) }},
		{"start_urls", true, func(d *decoder, v ast.Node, p string, s *Site) { d.setURLs(v, p, &s.StartURLs) }},
		{"allowed_domains", true, func(d *decoder, v ast.Node, p string, s *Site) { d.setHosts(v, p, &s.AllowedDomains) }},
		{"feeds", true, func(d *decoder, v ast.Node, p string, s *Site) { d.setURLs(v, p, &s.Feeds) }},
		{"sitemaps", true, func(d *decoder, v ast.Node, p string, s *Site) { d.setURLs(v, p, &s.Sitemaps) }},
		{"use_robots_sitemaps", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setBool(v, p, &s.UseRobotsSitemaps) }},
		{"images", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setBool(v, p, &s.Images) }},
		{"article_pattern", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setPattern(v, p, &s.ArticlePattern) }},
		{"listing_patterns", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setPatterns(v, p, &s.ListingPatterns) }},
		{"exclude", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setPatterns(v, p, &s.Exclude) }},
		{"pagination", false, func(d *decoder, v ast.Node, p string, s *Site) {
			decodeFields(d, v, p, paginationFields(), &s.Pagination, plain)
		}},
		{"max_depth", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setInt(v, p, &s.MaxDepth, 0) }},
		{"max_pages", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setInt(v, p, &s.MaxPages, 0) }},
		{"max_url_length", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setInt(v, p, &s.MaxURLLength, 0) }},
		{"robots", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setBool(v, p, &s.Robots) }},
		{"delay", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setDuration(v, p, &s.Delay, false) }},
		{"parallelism", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setInt(v, p, &s.Parallelism, 1) }},
		{"timeout", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setDuration(v, p, &s.Timeout, true) }},
		{"max_body_size", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setSize(v, p, &s.MaxBodySize) }},
		{"retries", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setInt(v, p, &s.Retries, 0) }},
		{"retry_backoff", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setDuration(v, p, &s.RetryBackoff, false) }},
		{"max_retry_after", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setDuration(v, p, &s.MaxRetryAfter, true) }},
		{"recrawl", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setRecrawl(v, p, &s.Recrawl) }},
		{"error_budget", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setInt(v, p, &s.ErrorBudget, 0) }},
		{"alert_after", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setInt(v, p, &s.AlertAfter, 1) }},
		{"profile", false, func(d *decoder, v ast.Node, p string, s *Site) { d.setProfile(v, p, &s.Profile) }},
	}
}

// paginationFields are the keys of a site's pagination block.
func paginationFields() []field[Pagination] {
	type f = field[Pagination]
	return []f{
		{"param", false, func(d *decoder, v ast.Node, p string, g *Pagination) { d.setString(v, p, &g.Param) }},
		{"max_pages", false, func(d *decoder, v ast.Node, p string, g *Pagination) { d.setInt(v, p, &g.MaxPages, 1) }},
		{"backfill_pages", false, func(d *decoder, v ast.Node, p string, g *Pagination) { d.setInt(v, p, &g.BackfillPages, 1) }},
	}
}

// recrawlRuleFields are the keys of one recrawl rule.
func recrawlRuleFields() []field[RecrawlRule] {
	type f = field[RecrawlRule]
	return []f{
		{"younger_than", false, func(d *decoder, v ast.Node, p string, r *RecrawlRule) { d.setDuration(v, p, &r.YoungerThan, true) }},
		{"every", false, func(d *decoder, v ast.Node, p string, r *RecrawlRule) { d.setDuration(v, p, &r.Every, true) }},
	}
}
