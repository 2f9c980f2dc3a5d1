package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/newsarchive/newsarchive/parse"
)

type extractOptions struct {
	url     string
	format  string
	profile string
	explain bool
}

func newExtractCommand(g *globalOptions) *cobra.Command {
	var o extractOptions
	cmd := &cobra.Command{
		Use:   "extract [--url URL] [--format text|json] FILE|-",
		Short: "Print the article in a saved HTML page as clean text or JSON",
		Long: `Extract reads one HTML page (a file, or - for standard input) and prints its article:
title, date, lead, body paragraphs with captions in place, and byline, with the site's menus,
share bars, comment boxes and related links left out.

With --url, relative links resolve against the URL and the site's built-in profile (Báo Đồng
Khởi, the bentre.gov.vn portals) is used when its host matches; without it, the generic extractor
reads the page as is.

The JSON form has the keys url, title, published, author, lead, text, captions and is_article;
published is RFC 3339 with the +07:00 offset when the page gives a time, YYYY-MM-DD when it gives
only a date, and empty when it gives none.

With --explain, the command first prints how it chose the body: the winning block, the scored
candidates with their scores and the rules that weighed on them, and every large block dropped
before scoring with the rule or class word that hit ("class/id word \"related\"", "promo box",
"element <aside>"). Read it when a site's articles come out wrong: it tells which selector to put
in the site's profile (body, remove) or which class word misleads the generic extractor.`,
		Example: `  newsarchive extract page.html
  newsarchive extract --url https://baodongkhoi.vn/x-19042021-a1.html --format json page.html
  newsarchive extract --profile none --url https://sct.bentre.gov.vn/a.html page.html
  newsarchive extract --explain --url https://example.vn/bai.html page.html`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{errors.New("extract: give one FILE, or - for standard input")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExtract(cmd.OutOrStdout(), g, o, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.url, "url", "", "the page's URL: resolves links and picks the site profile")
	f.StringVar(&o.format, "format", "text", "output: text (as the archive's text export) or json")
	f.StringVar(&o.profile, "profile", "", "site profile by name, or none for the generic extractor (default: by the URL's host)")
	f.BoolVar(&o.explain, "explain", false, "first print which block won and why each large block was dropped")
	return cmd
}

// articleJSON is the JSON form of an extracted article; its keys are a public interface.
type articleJSON struct {
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Published string   `json:"published"`
	Author    string   `json:"author"`
	Lead      string   `json:"lead"`
	Text      string   `json:"text"`
	Captions  []string `json:"captions"`
	IsArticle bool     `json:"is_article"`
}

func runExtract(out io.Writer, g *globalOptions, o extractOptions, file string) error {
	if o.format != "text" && o.format != "json" {
		return usageError{fmt.Errorf("extract: --format: %q is not text or json", o.format)}
	}
	var body []byte
	var err error
	if file == "-" {
		body, err = io.ReadAll(io.LimitReader(g.stdin, parse.MaxInput+1))
	} else {
		body, err = os.ReadFile(file)
	}
	if err != nil {
		return fmt.Errorf("extract: read %s: %w", file, err)
	}
	x := parse.NewExtractor(g.logger(g.stderr))
	page := parse.Page{HTML: body, URL: o.url}
	switch o.profile {
	case "":
	case "none":
		x.Profiles = nil
	default:
		for _, p := range x.Profiles {
			if p.Name == o.profile {
				page.Profile = p
			}
		}
		if page.Profile == nil {
			return usageError{fmt.Errorf("extract: --profile: no profile named %q", o.profile)}
		}
	}
	a, trace, err := x.Explain(page)
	if err != nil {
		return fmt.Errorf("extract: %s: %w", file, err)
	}
	if o.explain {
		if err := trace.Write(out); err != nil {
			return fmt.Errorf("extract: %w", err)
		}
		if _, err := io.WriteString(out, "\nextracted:\n\n"); err != nil {
			return fmt.Errorf("extract: %w", err)
		}
	}
	if o.format == "json" {
		captions := a.Captions
		if captions == nil {
			captions = []string{}
		}
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(articleJSON{
			URL: a.URL, Title: a.Title, Published: a.Published.String(), Author: a.Author,
			Lead: a.Lead, Text: a.Text(), Captions: captions, IsArticle: a.IsArticle,
		})
	}
	_, err = io.WriteString(out, a.Document())
	return err
}
