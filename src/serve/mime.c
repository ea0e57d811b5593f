/*
 * mime.c — Content-Type by file extension.
 *
 * A static site needs a short, fixed list: the pages, styles, scripts and
 * feeds the builder writes and the images and fonts a theme ships. The
 * table is small enough to scan linearly. Text types say charset=utf-8
 * because everything newsmill writes is UTF-8 (and a browser guessing a
 * Chinese page's charset guesses wrong). Feeds are told apart by name:
 * atom.xml is Atom, rss.xml/rss2.xml are RSS, other .xml (sitemap.xml) is
 * plain XML.
 *
 * Deliberately not here: content sniffing, /etc/mime.types (the answer
 * must not depend on the machine).
 */
#include "serve.h"

#include <string.h>

static const struct {
    const char *ext;
    const char *type;
} types[] = {
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"map", "application/json; charset=utf-8"},
    {"xml", "application/xml; charset=utf-8"},
    {"xsl", "application/xml; charset=utf-8"},
    {"txt", "text/plain; charset=utf-8"},
    {"md", "text/markdown; charset=utf-8"},
    {"svg", "image/svg+xml; charset=utf-8"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"ico", "image/x-icon"},
    {"woff2", "font/woff2"},
    {"woff", "font/woff"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    {"pdf", "application/pdf"},
    {"wasm", "application/wasm"},
    {"mp4", "video/mp4"},
    {"webm", "video/webm"},
    {"mp3", "audio/mpeg"},
};

const char *serve_content_type(const char *name)
{
    const char *slash = strrchr(name, '/');
    const char *base = slash ? slash + 1 : name;
    if (nm_strcasecmp(base, "atom.xml") == 0)
        return "application/atom+xml; charset=utf-8";
    if (nm_strcasecmp(base, "rss.xml") == 0 || nm_strcasecmp(base, "rss2.xml") == 0)
        return "application/rss+xml; charset=utf-8";
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        for (size_t i = 0; i < NM_ARRAY_LEN(types); i++)
            if (nm_strcasecmp(dot + 1, types[i].ext) == 0)
                return types[i].type;
    return "application/octet-stream";
}
