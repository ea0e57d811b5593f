/*
 * fuzz_html.c — random HTML through the ARTICLE cleaner (and the FEED one).
 *
 * Fails (abort) when the ARTICLE output holds a <script tag, an on…=
 * attribute or a javascript: URL inside any tag, or when cleaning the
 * output again changes it (the cleaner must be idempotent). Every '<' in
 * the output starts a tag we wrote (text '<' is always escaped), so the
 * tags can be checked as text. The FEED policy is run too, for crashes
 * and for the absence of <script. Output must be valid UTF-8. Seeds:
 * tests/fuzz/corpus/html/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html/html.h"

static void fail(const char *why, const char *in, size_t len, const char *out)
{
    fprintf(stderr, "fuzz_html: %s\n--- input (%zu bytes)\n%.*s\n--- output\n%s\n", why, len,
            (int)len, in, out);
    abort();
}

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static bool has_ci(const char *s, size_t n, const char *needle)
{
    size_t nl = strlen(needle);
    for (size_t i = 0; i + nl <= n; i++) {
        size_t k = 0;
        while (k < nl && lower((unsigned char)s[i + k]) == needle[k])
            k++;
        if (k == nl)
            return true;
    }
    return false;
}

/* The URL a browser would read from an attribute value as we wrote it:
 * our escapes decoded, leading C0/space skipped, tab/LF/CR removed,
 * lower-cased, first 16 bytes. */
static void browser_view(const char *v, size_t n, char out[17])
{
    size_t j = 0;
    bool lead = true;
    for (size_t i = 0; i < n && j < 16;) {
        char ch = v[i];
        size_t adv = 1;
        if (ch == '&') {
            static const struct { const char *ent; char ch; } ents[] = {
                {"&amp;", '&'}, {"&quot;", '"'}, {"&lt;", '<'}, {"&gt;", '>'},
                {"&#10;", '\n'}, {"&#13;", '\r'}, {"&#9;", '\t'}, {"&nbsp;", ' '}};
            for (size_t k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
                size_t l = strlen(ents[k].ent);
                if (i + l <= n && !memcmp(v + i, ents[k].ent, l)) {
                    ch = ents[k].ch;
                    adv = l;
                    break;
                }
            }
        }
        i += adv;
        if (lead && (unsigned char)ch <= 0x20)
            continue;
        lead = false;
        if (ch == '\t' || ch == '\n' || ch == '\r')
            continue;
        out[j++] = (char)lower((unsigned char)ch);
    }
    out[j] = 0;
}

/* Checks each tag of out: no <script, no on*= attribute, no javascript:,
 * vbscript: or (outside <img src>) data: URL in any URL attribute. */
static const char *bad_tag(const char *out)
{
    for (const char *p = strchr(out, '<'); p; p = strchr(p + 1, '<')) {
        const char *e = strchr(p, '>');
        if (!e)
            return "unterminated tag";
        size_t n = (size_t)(e - p);
        if (has_ci(p, n, "<script"))
            return "<script in output";
        bool is_img = !strncmp(p, "<img ", 5);
        /* attributes: ' name="value"'; values never hold a raw '"' */
        for (const char *q = p; q < e; q++) {
            if (*q != ' ')
                continue;
            const char *name = q + 1;
            const char *eq = name;
            while (eq < e && *eq != '=' && *eq != ' ' && *eq != '/')
                eq++;
            if (eq - name >= 2 && lower((unsigned char)name[0]) == 'o' &&
                lower((unsigned char)name[1]) == 'n')
                return "on…= attribute in output";
            if (eq >= e || *eq != '=' || eq[1] != '"')
                continue;
            const char *val = eq + 2;
            const char *vend = strchr(val, '"');
            if (!vend || vend > e)
                return "unterminated attribute value";
            q = vend;
            static const char *const url_attrs[] = {
                "href=", "src=", "action=", "formaction=", "poster=", "cite=", "background=",
                "data=", "srcset=", "xlink:href=", "longdesc=", "dynsrc=", "lowsrc=", "ping="};
            bool is_url = false;
            for (size_t k = 0; k < sizeof(url_attrs) / sizeof(url_attrs[0]); k++)
                is_url |= !strncmp(name, url_attrs[k], strlen(url_attrs[k]));
            if (!is_url)
                continue; /* title="javascript:…" is only text */
            char view[17];
            browser_view(val, (size_t)(vend - val), view);
            if (!strncmp(view, "javascript:", 11) || !strncmp(view, "vbscript:", 9))
                return "script URL in output";
            if (!strncmp(view, "data:", 5) &&
                !(is_img && !strncmp(name, "src=", 4) && !strncmp(view, "data:image/", 11) &&
                  strncmp(view, "data:image/svg", 14)))
                return "data: URL in output";
        }
    }
    return NULL;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    arena *a = arena_new(0);
    const char *in = (const char *)data;
    html_opts o = {.policy = HTML_POLICY_ARTICLE, .base_url = "https://news.example.com/a/b.html"};
    html_result r1, r2;
    nm_error err;
    if (html_clean(a, in, size, &o, &r1, &err) != 0)
        fail("html_clean failed", in, size, "");
    if (!utf8_valid(r1.html, r1.html_len) || !utf8_valid(r1.text, strlen(r1.text)))
        fail("output is not valid UTF-8", in, size, r1.html);
    const char *why = bad_tag(r1.html);
    if (why)
        fail(why, in, size, r1.html);
    if (html_clean(a, r1.html, r1.html_len, &o, &r2, &err) != 0)
        fail("second html_clean failed", in, size, r1.html);
    if (r2.html_len != r1.html_len || memcmp(r1.html, r2.html, r1.html_len))
        fail("not idempotent", r1.html, r1.html_len, r2.html);
    (void)html_excerpt(a, r1.text, 40);

    html_opts f = {.policy = HTML_POLICY_FEED, .base_url = "https://news.example.com/"};
    if (html_clean(a, in, size, &f, &r2, &err) != 0)
        fail("feed html_clean failed", in, size, "");
    for (const char *p = strchr(r2.html, '<'); p; p = strchr(p + 1, '<'))
        if (has_ci(p, 7, "<script"))
            fail("<script in FEED output", in, size, r2.html);
    (void)html_to_text(a, in, size, HTML_TEXT_JOINED);
    arena_free(a);
    return 0;
}
