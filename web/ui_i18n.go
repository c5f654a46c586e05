package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"closer"
)

//go:embed i18n
var catalogFiles embed.FS

// langs are the interface languages; the first is the default.
var langs = []string{"fr", "en"}

// catalog maps a message key to its text in one language. Keys are short
// identifiers for the app's own words ("nav.today") and, for the domain's
// error messages, their English format ("The title is required.").
type catalog map[string]string

// catalogs holds every language's messages, loaded once at start.
var catalogs = mustLoadCatalogs()

// mustLoadCatalogs reads i18n/<lang>/*.json (one file per area of the app);
// a key defined twice is a mistake that stops the start.
func mustLoadCatalogs() map[string]catalog {
	out := map[string]catalog{}
	for _, l := range langs {
		files, err := fs.Glob(catalogFiles, "i18n/"+l+"/*.json")
		if err != nil {
			panic(err)
		}
		c := catalog{}
		for _, f := range files {
			b, err := catalogFiles.ReadFile(f)
			if err != nil {
				panic(err)
			}
			part := catalog{}
			if err := json.Unmarshal(b, &part); err != nil {
				panic(fmt.Sprintf("%s: %v", f, err))
			}
			for k, v := range part {
				if _, dup := c[k]; dup {
					panic(fmt.Sprintf("%s: key %q is already defined in another file", f, k))
				}
				c[k] = v
			}
		}
		out[l] = c
	}
	return out
}

// translate returns the text of key in lang with args, falling back to
// English and then to the key itself.
func translate(lang, key string, args ...any) string {
	s, ok := catalogs[lang][key]
	if !ok {
		if s, ok = catalogs["en"][key]; !ok {
			s = key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// errorText returns an application error's message in lang.
func errorText(lang string, err error) string {
	if br, ok := err.(*badRequest); ok {
		err = br.err // the same message, answered 400
	}
	if e, ok := err.(*closer.Error); ok && e.Format != "" {
		if s, ok := catalogs[lang][e.Format]; ok {
			return fmt.Sprintf(s, phraseArgs(lang, e.Args)...)
		}
	}
	if lang == "fr" && closer.ErrorCode(err) == closer.EINTERNAL {
		return "Erreur interne."
	}
	return closer.ErrorMessage(err)
}

// phraseArgs returns args with each closer.Phrase among them said in lang
// (in English when the catalog does not know its format), so that a detail
// reads in the language of the message around it.
func phraseArgs(lang string, args []any) []any {
	var out []any // a copy, made at the first phrase: args belong to the error
	for i, a := range args {
		p, ok := a.(closer.Phrase)
		if !ok {
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		format, ok := catalogs[lang][p.Format]
		if !ok {
			format = p.Format
		}
		out[i] = fmt.Sprintf(format, phraseArgs(lang, p.Args)...)
	}
	if out == nil {
		return args
	}
	return out
}

// preferredLang picks the language of a request: the user's choice, else
// the browser's Accept-Language, else French.
func preferredLang(u *closer.User, r *http.Request) string {
	if u != nil && (u.Lang == "fr" || u.Lang == "en") {
		return u.Lang
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		for _, l := range langs {
			if tag == l || strings.HasPrefix(tag, l+"-") {
				return l
			}
		}
	}
	return langs[0]
}
