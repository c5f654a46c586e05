package main

import "net/url"

// parseURL returns a URL with its password hidden.
func parseURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", err
	}
	return u.Redacted(), nil
}
