/*
 * policy.c — the two allowlists: which elements and attributes survive.
 *
 * FEED is feedparser's sanitizer (Debian's 6.0.10, `_HTMLSanitizer`): its
 * acceptable_elements and acceptable_attributes verbatim, `script`,
 * `style` and `applet` dropped with their content, every other element
 * unwrapped (its text kept). SVG and MathML are not kept (feedparser keeps
 * them only with an explicit xmlns, which HTML5 parsing never shows us):
 * their text stays, their markup goes.
 *
 * ARTICLE is newsmill's own policy for post bodies, in the spirit of
 * DOMPurify's and Miniflux's defaults, narrowed to what a news article
 * needs:
 *   kept:      text structure (p, div, section, article, headings, lists,
 *              blockquote, pre, hr, br, center), phrasing (a, b, i, em,
 *              strong, small, big, sub, sup, u, s, strike, del, ins, mark,
 *              q, cite, code, kbd, samp, var, tt, abbr, acronym, dfn, time,
 *              bdi, bdo, ruby/rt/rp, span, wbr), tables, figures, images,
 *              picture/source, video/audio, details/summary, and iframes
 *              from video hosts (checked in clean.c);
 *   dropped with content: script, style, template, noscript, forms and
 *              their controls, plugins (object, embed, applet), frames,
 *              head elements, svg, math, canvas, nav, dialog;
 *   renamed:   other block containers become <section>, other inline
 *              elements (font, label, custom tags) <span>, so that the tree
 *              the browser rebuilds from the output is the tree we wrote
 *              (unwrapping could, for example, put an <h2> straight into an
 *              <h1> and change how the output parses — see clean.c).
 *   attributes: title, lang, dir everywhere; per element only the few that
 *              carry meaning (href, src, alt, width, height, colspan …).
 *              Never id, name, class (except our own editor line), style or
 *              on*: they let content reach the page's CSS and scripts.
 *
 * Deliberately not here: URL values (urlsafe.c) and boilerplate (boiler.c).
 */
#include "html/html_int.h"

#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *key, const void *item)
{
    return strcmp((const char *)key, *(const char *const *)item);
}

#define IN_SET(set, name) \
    (bsearch((name), (set), NM_ARRAY_LEN(set), sizeof((set)[0]), cmp_str) != NULL)

/* feedparser's acceptable_elements, sorted. */
static const char *const feed_elements[] = {
    "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big",
    "blockquote", "br", "button", "canvas", "caption", "center", "cite", "code", "col",
    "colgroup", "command", "datagrid", "datalist", "dd", "del", "details", "dfn", "dialog",
    "dir", "div", "dl", "dt", "em", "event-source", "fieldset", "figcaption", "figure", "font",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "input",
    "ins", "kbd", "keygen", "label", "legend", "li", "m", "map", "menu", "meter", "multicol",
    "nav", "nextid", "noscript", "ol", "optgroup", "option", "output", "p", "pre", "progress",
    "q", "s", "samp", "section", "select", "small", "sound", "source",
    "spacer", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "textarea",
    "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "video",
};

/* feedparser's acceptable_attributes, sorted. */
static const char *const feed_attributes[] = {
    "abbr", "accept", "accept-charset", "accesskey", "action", "align", "alt",
    "autocomplete", "autofocus", "axis", "background", "balance", "bgcolor", "bgproperties",
    "border", "bordercolor", "bordercolordark", "bordercolorlight", "bottompadding",
    "cellpadding", "cellspacing", "ch", "challenge", "char", "charoff", "charset", "checked",
    "choff", "cite", "class", "clear", "color", "cols", "colspan", "compact",
    "contenteditable", "controls", "coords", "data", "datafld", "datapagesize", "datasrc",
    "datetime", "default", "delay", "dir", "disabled", "draggable", "dynsrc", "enctype", "end",
    "face", "for", "form", "frame", "galleryimg", "gutter", "headers", "height", "hidden",
    "hidefocus", "high", "href", "hreflang", "hspace", "icon", "id", "inputmode", "ismap",
    "keytype", "label", "lang", "leftspacing", "list", "longdesc", "loop", "loopcount",
    "loopend", "loopstart", "low", "lowsrc", "max", "maxlength", "media", "method", "min",
    "multiple", "name", "nohref", "noshade", "nowrap", "open", "optimum", "pattern", "ping",
    "point-size", "poster", "pqg", "preload", "prompt", "radiogroup", "readonly", "rel",
    "repeat-max", "repeat-min", "replace", "required", "rev", "rightspacing", "rows",
    "rowspan", "rules", "scope", "selected", "shape", "size", "span", "src", "start", "step",
    "style", "summary", "suppress", "tabindex", "target", "template", "title", "toppadding",
    "type", "unselectable", "urn", "usemap", "valign", "value", "variable", "volume", "vrml",
    "vspace", "width", "wrap", "xml:lang",
};

/* Attributes holding a URL (any policy), sorted. */
static const char *const url_attributes[] = {
    "action", "background", "cite", "codebase", "data", "dynsrc", "formaction", "href",
    "longdesc", "lowsrc", "ping", "poster", "src", "usemap", "xlink:href",
};

html_action html_policy_element(html_policy p, GumboTag tag, const char *name)
{
    if (p == HTML_POLICY_FEED) {
        if (!strcmp(name, "script") || !strcmp(name, "style") || !strcmp(name, "applet"))
            return HTML_DROP;
        return IN_SET(feed_elements, name) ? HTML_KEEP : HTML_UNWRAP;
    }
    switch (tag) {
    case GUMBO_TAG_A: case GUMBO_TAG_ABBR: case GUMBO_TAG_ACRONYM: case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_AUDIO: case GUMBO_TAG_B:
    case GUMBO_TAG_BDI: case GUMBO_TAG_BDO: case GUMBO_TAG_BIG: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BR: case GUMBO_TAG_CAPTION: case GUMBO_TAG_CENTER: case GUMBO_TAG_CITE:
    case GUMBO_TAG_CODE: case GUMBO_TAG_COL: case GUMBO_TAG_COLGROUP: case GUMBO_TAG_DD:
    case GUMBO_TAG_DEL: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DFN: case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_EM: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_HR: case GUMBO_TAG_I: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_IMG: case GUMBO_TAG_INS: case GUMBO_TAG_KBD: case GUMBO_TAG_LI:
    case GUMBO_TAG_MARK: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE:
    case GUMBO_TAG_Q: case GUMBO_TAG_RP: case GUMBO_TAG_RT: case GUMBO_TAG_RUBY:
    case GUMBO_TAG_S: case GUMBO_TAG_SAMP: case GUMBO_TAG_SECTION: case GUMBO_TAG_SMALL:
    case GUMBO_TAG_SOURCE: case GUMBO_TAG_SPAN: case GUMBO_TAG_STRIKE: case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SUB: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_SUP: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_TD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TIME: case GUMBO_TAG_TR: case GUMBO_TAG_TT:
    case GUMBO_TAG_U: case GUMBO_TAG_UL: case GUMBO_TAG_VAR: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_WBR:
        return HTML_KEEP;
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_OPTION: case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT: case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_OUTPUT: case GUMBO_TAG_PROGRESS: case GUMBO_TAG_METER:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_APPLET: case GUMBO_TAG_PARAM:
    case GUMBO_TAG_FRAME: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_TITLE: case GUMBO_TAG_HEAD: case GUMBO_TAG_META:
    case GUMBO_TAG_LINK: case GUMBO_TAG_BASE: case GUMBO_TAG_BASEFONT: case GUMBO_TAG_BGSOUND:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_CANVAS: case GUMBO_TAG_MAP:
    case GUMBO_TAG_AREA: case GUMBO_TAG_NAV: case GUMBO_TAG_FORM:
    case GUMBO_TAG_TRACK: case GUMBO_TAG_MENUITEM: case GUMBO_TAG_ISINDEX:
        return HTML_DROP;
    case GUMBO_TAG_HTML: case GUMBO_TAG_BODY:
        return HTML_UNWRAP;
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_LEGEND: case GUMBO_TAG_MAIN: case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_DIR: case GUMBO_TAG_MENU: case GUMBO_TAG_LISTING: case GUMBO_TAG_XMP:
    case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_MULTICOL:
    case GUMBO_TAG_MARQUEE: /* special in tree construction, like <section> */
        return HTML_AS_SECTION;
    default:
        /* font, label, nobr, blink, unknown and custom tags. */
        if (!strcmp(name, "picture"))
            return HTML_KEEP;
        if (!strcmp(name, "search"))
            return HTML_AS_SECTION;
        if (!strcmp(name, "dialog") || !strcmp(name, "portal") || !strcmp(name, "fencedframe"))
            return HTML_DROP;
        return HTML_AS_SPAN;
    }
}

html_action html_policy_foreign(html_policy p, GumboTag tag)
{
    (void)tag;
    return p == HTML_POLICY_FEED ? HTML_UNWRAP : HTML_DROP;
}

bool html_policy_attr(html_policy p, GumboTag tag, const char *name)
{
    if (p == HTML_POLICY_FEED)
        return IN_SET(feed_attributes, name);
    if (!strcmp(name, "title") || !strcmp(name, "lang") || !strcmp(name, "dir"))
        return true;
    switch (tag) {
    case GUMBO_TAG_A:
        return !strcmp(name, "href");
    case GUMBO_TAG_IMG:
        return !strcmp(name, "src") || !strcmp(name, "alt") || !strcmp(name, "width") ||
               !strcmp(name, "height");
    case GUMBO_TAG_TD: case GUMBO_TAG_TH:
        return !strcmp(name, "colspan") || !strcmp(name, "rowspan") ||
               !strcmp(name, "align") || !strcmp(name, "valign") ||
               (tag == GUMBO_TAG_TH && !strcmp(name, "scope"));
    case GUMBO_TAG_TR: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
        return !strcmp(name, "align") || !strcmp(name, "valign");
    case GUMBO_TAG_TABLE:
        return !strcmp(name, "border") || !strcmp(name, "cellpadding") ||
               !strcmp(name, "cellspacing") || !strcmp(name, "width") ||
               !strcmp(name, "align") || !strcmp(name, "summary");
    case GUMBO_TAG_COL: case GUMBO_TAG_COLGROUP:
        return !strcmp(name, "span") || !strcmp(name, "width");
    case GUMBO_TAG_OL:
        return !strcmp(name, "start") || !strcmp(name, "reversed") || !strcmp(name, "type");
    case GUMBO_TAG_UL:
        return !strcmp(name, "type");
    case GUMBO_TAG_LI:
        return !strcmp(name, "value");
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_Q:
        return !strcmp(name, "cite");
    case GUMBO_TAG_DEL: case GUMBO_TAG_INS:
        return !strcmp(name, "cite") || !strcmp(name, "datetime");
    case GUMBO_TAG_TIME:
        return !strcmp(name, "datetime");
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_CAPTION: case GUMBO_TAG_FIGURE:
        return !strcmp(name, "align");
    case GUMBO_TAG_VIDEO:
        return !strcmp(name, "src") || !strcmp(name, "poster") || !strcmp(name, "controls") ||
               !strcmp(name, "width") || !strcmp(name, "height");
    case GUMBO_TAG_AUDIO:
        return !strcmp(name, "src") || !strcmp(name, "controls");
    case GUMBO_TAG_SOURCE:
        return !strcmp(name, "src") || !strcmp(name, "type") || !strcmp(name, "media");
    case GUMBO_TAG_DETAILS:
        return !strcmp(name, "open");
    case GUMBO_TAG_IFRAME:
        return !strcmp(name, "src") || !strcmp(name, "width") || !strcmp(name, "height") ||
               !strcmp(name, "allowfullscreen");
    default:
        return false;
    }
}

bool html_attr_is_url(const char *name)
{
    return IN_SET(url_attributes, name);
}

bool html_attr_resolves(GumboTag tag, const char *name)
{
    /* feedparser's _RelativeURIResolver.relative_uris, for the elements a
     * fragment can hold. */
    switch (tag) {
    case GUMBO_TAG_A: case GUMBO_TAG_AREA: case GUMBO_TAG_LINK:
        return !strcmp(name, "href");
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DEL: case GUMBO_TAG_INS: case GUMBO_TAG_Q:
        return !strcmp(name, "cite");
    case GUMBO_TAG_FORM:
        return !strcmp(name, "action");
    case GUMBO_TAG_IMG:
        return !strcmp(name, "src") || !strcmp(name, "longdesc") || !strcmp(name, "usemap");
    case GUMBO_TAG_INPUT:
        return !strcmp(name, "src") || !strcmp(name, "usemap");
    case GUMBO_TAG_AUDIO: case GUMBO_TAG_SOURCE: case GUMBO_TAG_IFRAME:
        return !strcmp(name, "src");
    case GUMBO_TAG_VIDEO:
        return !strcmp(name, "src") || !strcmp(name, "poster");
    default:
        return false;
    }
}

bool html_tag_is_void(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_AREA: case GUMBO_TAG_BASE: case GUMBO_TAG_BR: case GUMBO_TAG_COL:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_HR: case GUMBO_TAG_IMG: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_KEYGEN: case GUMBO_TAG_LINK: case GUMBO_TAG_META: case GUMBO_TAG_PARAM:
    case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK: case GUMBO_TAG_WBR: case GUMBO_TAG_BASEFONT:
    case GUMBO_TAG_BGSOUND: case GUMBO_TAG_FRAME: case GUMBO_TAG_SPACER:
        return true;
    default:
        return false;
    }
}

bool html_tag_closes_p(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_CENTER: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU: case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_UL: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_PRE: case GUMBO_TAG_LISTING: case GUMBO_TAG_FORM:
    case GUMBO_TAG_LI: case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_HR: case GUMBO_TAG_XMP:
        return true;
    default:
        return false;
    }
}

bool html_tag_is_block(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_BR: case GUMBO_TAG_TR: case GUMBO_TAG_CAPTION: case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: case GUMBO_TAG_IMG: case GUMBO_TAG_FIGURE:
        return true;
    default:
        return html_tag_closes_p(tag);
    }
}

bool html_tag_is_special(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_APPLET: case GUMBO_TAG_AREA: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_BASE: case GUMBO_TAG_BASEFONT: case GUMBO_TAG_BGSOUND:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_BODY: case GUMBO_TAG_BR: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_CENTER: case GUMBO_TAG_COL: case GUMBO_TAG_COLGROUP:
    case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIR: case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_EMBED: case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM:
    case GUMBO_TAG_FRAME: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR:
    case GUMBO_TAG_HTML: case GUMBO_TAG_IFRAME: case GUMBO_TAG_IMG: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_KEYGEN: case GUMBO_TAG_LI: case GUMBO_TAG_LINK: case GUMBO_TAG_LISTING:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_MARQUEE: case GUMBO_TAG_MENU: case GUMBO_TAG_META:
    case GUMBO_TAG_NAV: case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PARAM:
    case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_PRE: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_SOURCE: case GUMBO_TAG_STYLE: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_TD: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TITLE: case GUMBO_TAG_TR: case GUMBO_TAG_TRACK: case GUMBO_TAG_UL:
    case GUMBO_TAG_WBR: case GUMBO_TAG_XMP:
        return true;
    default:
        return false;
    }
}
