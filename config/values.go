package config

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/url"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
)

// The functions here turn the text of one scalar into a value. Each returns the value and an
// empty problem, or a problem saying what is wrong with the text.

// parseInt reads a base-10 integer.
func parseInt(text string) (int, string) {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil {
		return 0, fmt.Sprintf("%q is not an integer", text)
	}
	return n, ""
}

// parseBool reads true or false, in any case.
func parseBool(text string) (bool, string) {
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "true":
		return true, ""
	case "false":
		return false, ""
	}
	return false, fmt.Sprintf("%q is not a boolean (true or false)", text)
}

// parseDuration reads a Go duration such as "1s", "90m" or "1h30m". A bare number is refused
// rather than guessed at: "2" could mean seconds or hours.
func parseDuration(text string) (time.Duration, string) {
	t := strings.TrimSpace(text)
	d, err := time.ParseDuration(t)
	if err == nil {
		return d, ""
	}
	if _, err := strconv.ParseFloat(t, 64); err == nil {
		return 0, fmt.Sprintf("%q is not a duration (give a unit, as in \"%ss\")", text, t)
	}
	return 0, fmt.Sprintf("%q is not a duration", text)
}

// formatDuration writes d as parseDuration reads it, without Go's trailing zero units:
// "720h" rather than "720h0m0s".
func formatDuration(d time.Duration) string {
	s := d.String()
	if t, ok := strings.CutSuffix(s, "m0s"); ok {
		s = t + "m"
	}
	if t, ok := strings.CutSuffix(s, "h0m"); ok {
		s = t + "h"
	}
	return s
}

// sizeUnits are the units parseSize knows, lower-cased: SI (powers of 1000) and IEC (powers of
// 1024).
func sizeUnits() map[string]int64 {
	return map[string]int64{
		"": 1, "b": 1,
		"kb": 1e3, "mb": 1e6, "gb": 1e9,
		"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30,
	}
}

// sizeRE splits a size into number and unit.
var sizeRE = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)$`)

// parseSize reads a byte count: a number of bytes, or a number with a unit, as in "10MB"
// (10,000,000 bytes) or "512KiB" (524,288 bytes). Units are case-insensitive.
func parseSize(text string) (int64, string) {
	problem := fmt.Sprintf("%q is not a size (a number of bytes, or one with a unit: B, KB, MB, GB, KiB, MiB, GiB)", text)
	m := sizeRE.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return 0, problem
	}
	unit, ok := sizeUnits()[strings.ToLower(m[2])]
	if !ok {
		return 0, problem
	}
	if n, err := strconv.ParseInt(m[1], 10, 64); err == nil {
		if n > math.MaxInt64/unit {
			return 0, fmt.Sprintf("%q is too large", text)
		}
		return n * unit, ""
	}
	f, err := strconv.ParseFloat(m[1], 64)
	if err != nil || f*float64(unit) >= math.MaxInt64 {
		return 0, fmt.Sprintf("%q is too large", text)
	}
	return int64(math.Round(f * float64(unit))), ""
}

// formatSize writes n in the form parseSize reads: with the unit that gives the shortest text
// ("10MB", "512KiB"), or as bytes when no unit divides it.
func formatSize(n int64) string {
	best := ""
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"GB", 1e9}, {"MiB", 1 << 20}, {"MB", 1e6}, {"KiB", 1 << 10}, {"KB", 1e3}} {
		if n != 0 && n%u.size == 0 {
			if s := strconv.FormatInt(n/u.size, 10) + u.name; best == "" || len(s) < len(best) {
				best = s
			}
		}
	}
	if best == "" {
		return strconv.FormatInt(n, 10)
	}
	return best
}

// parseHTTPURL reads an absolute http or https URL.
func parseHTTPURL(text string) (*url.URL, string) {
	u, err := url.Parse(text)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.Opaque != "" {
		return nil, fmt.Sprintf("%q is not an absolute http or https URL", text)
	}
	return u, ""
}

// hostnameRE matches a DNS name in ASCII (IDNs in punycode).
var hostnameRE = regexp.MustCompile(`^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$`)

// parseHost reads a host or host:port, as in "baodongkhoi.vn" or "127.0.0.1:8080", and returns
// it lower-cased.
func parseHost(text string) (string, string) {
	problem := fmt.Sprintf("%q is not a host or host:port", text)
	h := strings.ToLower(text)
	u, err := url.Parse("http://" + h)
	if err != nil || u.Host != h || u.Path != "" || u.RawQuery != "" || u.User != nil {
		return "", problem
	}
	name := u.Hostname()
	if net.ParseIP(name) == nil && !hostnameRE.MatchString(name) {
		return "", problem
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", problem
		}
	} else if strings.HasSuffix(h, ":") {
		return "", problem
	}
	return h, ""
}

// parsePattern compiles a regular expression (Go RE2 syntax).
func parsePattern(text string) (*regexp.Regexp, string) {
	re, err := regexp.Compile(text)
	if err == nil {
		return re, ""
	}
	var se *syntax.Error
	if errors.As(err, &se) {
		return nil, fmt.Sprintf("%q is not a regexp: %s", text, se.Code)
	}
	return nil, fmt.Sprintf("%q is not a regexp: %v", text, err)
}

// parseSelector checks a CSS selector group, as parse.Profile holds them.
func parseSelector(text string) string {
	if _, err := cascadia.ParseGroup(text); err != nil {
		return fmt.Sprintf("%q is not a CSS selector: %v", text, err)
	}
	return ""
}

// nameRE matches a valid site name.
var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// parseName checks a site name.
func parseName(text string) (string, string) {
	if !nameRE.MatchString(text) {
		return "", fmt.Sprintf("%q is not a site name (letters, digits, \".\", \"_\" and \"-\")", text)
	}
	return text, ""
}
