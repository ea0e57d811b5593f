/*
 * urlsafe.c — is this URL safe to write into a page?
 *
 * The check reads a URL the way a browser's URL parser does, because that
 * is what an attacker targets: leading C0 controls and spaces are skipped,
 * tabs and newlines anywhere are removed ("java\tscript:" is
 * "javascript:"), and the scheme is compared case-insensitively. Entities
 * were already decoded by the HTML parser, so "&#106;avascript:" arrives
 * here as "javascript:". Then an allowlist of schemes decides: nothing
 * unknown passes.
 *
 * Video hosts for iframes are matched on the exact host (or a subdomain of
 * it), after the same normalization, and only over https or a
 * protocol-relative URL.
 *
 * Deliberately not here: resolving relative URLs (util's url_resolve).
 */
#include "html/html_int.h"

#include <string.h>

/* Copies url into out without leading C0/space and without any tab, CR or
 * LF, as the URL parser does before it reads the scheme. */
static void url_normalize(const char *url, char *out, size_t n)
{
    size_t j = 0;
    const unsigned char *p = (const unsigned char *)url;
    while (*p && *p <= 0x20)
        p++;
    for (; *p && j + 1 < n; p++) {
        if (*p == '\t' || *p == '\n' || *p == '\r')
            continue;
        out[j++] = (char)*p;
    }
    out[j] = 0;
}


static bool is_scheme_char(int c)
{
    return nm_is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

/* 1 with the lower-case scheme in out, 0 when the URL is relative, -1 when
 * what stands before ':' is too long to be a scheme we know (refused). */
static int scheme_of(const char *url, char *out, size_t n)
{
    char norm[40];
    url_normalize(url, norm, sizeof(norm));
    out[0] = 0;
    if (!nm_is_alpha((unsigned char)norm[0]))
        return 0;
    size_t i = 0;
    while (norm[i] && is_scheme_char((unsigned char)norm[i]))
        i++;
    if (i == sizeof(norm) - 1)
        return -1;
    if (norm[i] != ':')
        return 0;
    if (i + 1 > n)
        return -1;
    for (size_t k = 0; k < i; k++)
        out[k] = (char)((norm[k] >= 'A' && norm[k] <= 'Z') ? norm[k] + 32 : norm[k]);
    out[i] = 0;
    return 1;
}

void html_url_scheme(const char *url, char *out, size_t n)
{
    if (scheme_of(url, out, n) != 1)
        out[0] = 0;
}

/* feedparser's ACCEPTABLE_URI_SCHEMES. */
static const char *const feed_schemes[] = {
    "aim", "callto", "cvs", "facetime", "feed", "file", "ftp", "git", "gopher", "gtalk",
    "h323", "hdl", "http", "https", "imap", "irc", "irc6", "ircs", "itms", "magnet", "mailto",
    "mms", "msnim", "news", "nntp", "prospero", "rsync", "rtsp", "rtspu", "sftp", "shttp",
    "sip", "sips", "skype", "smb", "snews", "ssh", "svn", "svn+ssh", "telnet", "wais", "ymsg",
};

bool html_url_ok_feed(const char *url)
{
    char scheme[40];
    int k = scheme_of(url, scheme, sizeof(scheme));
    if (k <= 0)
        return k == 0;
    for (size_t i = 0; i < NM_ARRAY_LEN(feed_schemes); i++)
        if (!strcmp(scheme, feed_schemes[i]))
            return true;
    return false;
}

bool html_url_ok_article(const char *url, bool is_img)
{
    char scheme[40];
    int k = scheme_of(url, scheme, sizeof(scheme));
    if (k <= 0)
        return k == 0;
    if (!strcmp(scheme, "http") || !strcmp(scheme, "https") || !strcmp(scheme, "mailto"))
        return true;
    if (is_img && !strcmp(scheme, "data")) {
        char norm[40];
        url_normalize(url, norm, sizeof(norm));
        /* data:image/png;base64,… — but not image/svg+xml, which can script. */
        return !nm_strncasecmp(norm, "data:image/", 11) &&
               nm_strncasecmp(norm + 11, "svg", 3) != 0;
    }
    return false;
}

/* Host of an https or protocol-relative URL (the only embeds allowed),
 * read after url_normalize as a browser would (userinfo, backslashes),
 * lower-cased; "" if none. Stricter than util's url_host on purpose. */
static void embed_host(const char *url, char *out, size_t n)
{
    char norm[512];
    url_normalize(url, norm, sizeof(norm));
    const char *p = norm;
    out[0] = 0;
    if (!nm_strncasecmp(p, "https://", 8))
        p += 8;
    else if (!strncmp(p, "//", 2))
        p += 2;
    else
        return;
    size_t j = 0;
    for (; *p && *p != '/' && *p != '?' && *p != '#' && *p != ':' && *p != '\\' && j + 1 < n; p++) {
        if (*p == '@') { /* userinfo: the host comes after it */
            j = 0;
            continue;
        }
        out[j++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
    }
    out[j] = 0;
}

/* Video hosts whose players may be embedded (YouTube, Vimeo, Bilibili,
 * Youku, Tencent video), each with its subdomains. */
static const char *const video_hosts[] = {
    "www.youtube.com", "www.youtube-nocookie.com", "youtube.com", "youtube-nocookie.com",
    "player.vimeo.com", "player.bilibili.com", "player.youku.com", "v.qq.com",
};

bool html_url_is_video(const char *url)
{
    char host[256];
    embed_host(url, host, sizeof(host));
    if (!host[0])
        return false;
    size_t hl = strlen(host);
    for (size_t i = 0; i < NM_ARRAY_LEN(video_hosts); i++) {
        size_t vl = strlen(video_hosts[i]);
        if (hl == vl && !strcmp(host, video_hosts[i]))
            return true;
    }
    return false;
}
