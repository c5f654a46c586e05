package web

import (
	"html/template"
	"strconv"
	"strings"
)

// htmlText escapes s as html/template does for text and quoted attribute
// values (its htmlEscaper: NUL, quotes, &, + and angle brackets), so that a
// card printed here is byte for byte what the template printed.
var htmlText = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// cardHTML prints a board card, its move form included, as the board
// template did with one action per field: 120 cards made ~2,000 escaper
// calls through reflection, a third of the page's time. Every text goes
// through htmlText; the URL is the org's path (a validated slug) and a
// number; Options is already HTML. TestBoardCardHTML checks the output
// against the template it replaces, hostile strings included.
func (c *boardCard) cardHTML(w *boardWords, back string) template.HTML {
	var b strings.Builder
	b.Grow(900 + len(c.Options))
	id := strconv.FormatInt(c.ID, 10)
	url := htmlText.Replace(c.URL)
	b.WriteString("\n    <article class=\"opp-card\" id=\"opp-")
	b.WriteString(id)
	b.WriteString(`" data-stage="`)
	b.WriteString(strconv.FormatInt(c.StageID, 10))
	b.WriteString(`"`)
	if c.Draggable {
		b.WriteString(` draggable="true"`)
	}
	b.WriteString(">\n      <a href=\"")
	b.WriteString(url)
	b.WriteString(`">`)
	htmlText.WriteString(&b, c.Title)
	b.WriteString("</a>\n      <div class=\"meta\"><span>")
	if c.AccountName != "" {
		htmlText.WriteString(&b, c.AccountName)
	} else {
		b.WriteString(`<span class="flag">`)
		htmlText.WriteString(&b, w.NoAccount)
		b.WriteString(`</span>`)
	}
	b.WriteString(`</span><span>`)
	htmlText.WriteString(&b, c.Amount)
	b.WriteString("</span></div>\n      <div class=\"meta\"><span>")
	htmlText.WriteString(&b, c.OwnerName)
	b.WriteString("</span>\n        ")
	switch {
	case c.NextOn == "":
		b.WriteString(`<span class="flag">`)
		htmlText.WriteString(&b, w.NoNextAction)
		b.WriteString("</span>\n        ")
	case c.Late != "":
		b.WriteString(`<span class="late">`)
		htmlText.WriteString(&b, c.Late)
		b.WriteString("</span>\n        ")
	default:
		b.WriteString(`<span>`)
		htmlText.WriteString(&b, c.NextOn)
		b.WriteString(`</span>`)
	}
	b.WriteString("</div>\n      ")
	if c.Can {
		b.WriteString("\n      <details>\n        <summary>")
		htmlText.WriteString(&b, w.Move)
		b.WriteString("</summary>\n        <form method=\"post\" class=\"move\" action=\"")
		b.WriteString(url)
		b.WriteString("/stage\">\n          <input type=\"hidden\" name=\"version\" value=\"")
		b.WriteString(strconv.Itoa(c.Version))
		b.WriteString("\">\n          <input type=\"hidden\" name=\"back\" value=\"")
		htmlText.WriteString(&b, back)
		b.WriteString("\">\n          <label for=\"stage-of-")
		b.WriteString(id)
		b.WriteString(`">`)
		htmlText.WriteString(&b, w.MoveTo)
		b.WriteString("</label>\n          <select id=\"stage-of-")
		b.WriteString(id)
		b.WriteString(`" name="stage">`)
		b.WriteString(string(c.Options))
		b.WriteString("</select>\n          <button type=\"submit\">")
		htmlText.WriteString(&b, w.MoveSubmit)
		b.WriteString("</button>\n        </form>\n      </details>\n      ")
	}
	b.WriteString("\n    </article>\n    ")
	return template.HTML(b.String())
}
