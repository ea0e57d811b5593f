/*
 * lead.c — which image stands for the article, and which are not content.
 *
 * News bodies carry more pictures than photographs: QR codes for the
 * site's app, logos, share icons, author avatars, emoji, "loading"
 * placeholders and 1×1 tracking pixels. A reader's lead image is none of
 * those. The judgement uses only what the markup says, in this order:
 *  - tracking pixel (never written at all): width and height hints of at
 *    most 1 (or 0), or a URL on a known tracker host or with a pixel-ish
 *    name (1x1.gif, spacer.gif, feedburner's ~r/ beacons …);
 *  - not content: a width or height hint under 100 px (icons, avatars,
 *    emoji), or a class, id, alt or URL that says qr/qrcode/二维码/
 *    erweima/logo/icon/avatar/emoji/loading/placeholder/app download.
 * The first image that passes is the lead image (clean.c); none passing
 * means NULL, and the caller falls back to the feed's image, then the
 * site's default. Whatever its source, a lead image is an absolute
 * http(s) URL (html_lead_url_ok): never data:, javascript: or a relative
 * path, which every card and page of a theme would show broken or worse.
 *
 * Deliberately not here: fetching images to learn their real size.
 */
#include "html/internal.h"

#include <stdlib.h>
#include <string.h>

/* Value of a size hint in px, or -1 when absent or not a plain number. */
static long size_hint(const GumboElement *img, const char *name)
{
    const char *v = html_attr(img, name);
    if (!v)
        return -1;
    while (*v == ' ')
        v++;
    if (*v < '0' || *v > '9')
        return -1;
    char *end;
    long n = strtol(v, &end, 10);
    while (*end == ' ')
        end++;
    if (*end && strcmp(end, "px"))
        return -1; /* "50%" says nothing about pixels */
    return n;
}

static const char *const tracker_hosts[] = {
    "google-analytics.com", "doubleclick.net", "scorecardresearch.com", "quantserve.com",
    "pixel.wp.com", "stats.wp.com", "hm.baidu.com", "cnzz.com", "feedburner.com",
    "feedsportal.com", "pixel.facebook.com", "analytics.twitter.com", "beacon.sina.com.cn",
    "pingjs.qq.com", "pixel.mathtag.com", "counter.yadro.ru", "mc.yandex.ru",
};

static const char *const tracker_paths[] = {
    "/1x1.", "1x1.gif", "/pixel.gif", "/pixel.png", "/spacer.gif", "/blank.gif", "/~r/",
    "/~ff/", "/beacon", "/track/open", "/open.gif", "/trans.gif",
};

static bool host_in(const char *url, const char *const *hosts, size_t n)
{
    const char *h = strstr(url, "//");
    if (!h)
        return false;
    h += 2;
    size_t hl = 0;
    while (h[hl] && h[hl] != '/' && h[hl] != ':' && h[hl] != '?' && h[hl] != '#')
        hl++;
    for (size_t i = 0; i < n; i++) {
        size_t sl = strlen(hosts[i]);
        if (sl <= hl && !nm_strncasecmp(h + hl - sl, hosts[i], sl) &&
            (sl == hl || h[hl - sl - 1] == '.'))
            return true;
    }
    return false;
}

bool html_img_is_tracker(const GumboElement *img, const char *src)
{
    long w = size_hint(img, "width"), h = size_hint(img, "height");
    if ((w >= 0 && w <= 1 && h >= 0 && h <= 1) || (w == 0 || h == 0))
        return true;
    if (host_in(src, tracker_hosts, NM_ARRAY_LEN(tracker_hosts)))
        return true;
    for (size_t i = 0; i < NM_ARRAY_LEN(tracker_paths); i++)
        if (strstr(src, tracker_paths[i]))
            return true;
    return false;
}

static const char *const non_content_words[] = {
    "qr", "qrcode", "qr_code", "qr-code", "erweima", "ewm", "二维码", "logo", "icon", "avatar",
    "emoji", "emoticon", "loading", "placeholder", "appdownload", "app_download",
    "app-download", "download", "share", "weixin", "wechat", "头像", "表情", "sprite",
    "badge", "button", "btn",
};

/* Case-insensitive substring test for ASCII words; exact for CJK. */
static bool contains_ci(const char *hay, const char *needle)
{
    size_t nl = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (!nm_strncasecmp(p, needle, nl))
            return true;
    return false;
}

static bool says_not_content(const char *v)
{
    if (!v || !v[0])
        return false;
    for (size_t i = 0; i < NM_ARRAY_LEN(non_content_words); i++)
        if (contains_ci(v, non_content_words[i]))
            return true;
    return false;
}

bool html_img_is_content(const GumboElement *img, const char *src)
{
    if (html_img_is_tracker(img, src))
        return false;
    long w = size_hint(img, "width"), h = size_hint(img, "height");
    if ((w >= 0 && w < 100) || (h >= 0 && h < 100))
        return false;
    if (says_not_content(html_attr(img, "class")) || says_not_content(html_attr(img, "id")) ||
        says_not_content(html_attr(img, "alt")))
        return false;
    /* Only the file part of the URL: a host such as "icon.example.com" is
     * not a verdict, a file named "qrcode.png" is. */
    const char *path = strstr(src, "//");
    path = path ? strchr(path + 2, '/') : src;
    return !says_not_content(path ? path : "");
}

bool html_lead_url_ok(const char *url)
{
    if (!url)
        return false;
    size_t skip;
    if (!nm_strncasecmp(url, "https://", 8))
        skip = 8;
    else if (!nm_strncasecmp(url, "http://", 7))
        skip = 7;
    else
        return false;
    if (!url[skip] || url[skip] == '/' || url[skip] == '?' || url[skip] == '#')
        return false; /* no host */
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '\'' || *p == '<' || *p == '>' ||
            *p == '\\' || *p == '`')
            return false;
    return true;
}
