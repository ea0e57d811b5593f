/*
 * sniff.c — what an image's bytes are and how many pixels they declare,
 * read from the header alone.
 *
 * A server's Content-Type is a claim, not a fact (an error page served as
 * image/jpeg is common); the magic numbers decide. The picture's size is
 * read where each format writes it, so that a decoder (the build's
 * libvips, a reader's browser) is never handed a 50,000 x 50,000 canvas:
 *   PNG   the IHDR chunk, which must come first;
 *   JPEG  the first SOFn segment (baseline, progressive, lossless …),
 *         found by walking the marker segments by their lengths;
 *   GIF   the logical screen, grown to hold each frame's extent;
 *   WebP  VP8 (lossy: the key frame's 14-bit sizes), VP8L (lossless: the
 *         14-bit sizes after the signature) or VP8X (extended: the 24-bit
 *         canvas);
 *   AVIF  an ISO-BMFF `ftyp` box naming avif/avis, then meta/iprp/ipco
 *         and the largest `ispe` property found there.
 * Every read is bounds-checked against n; a header that is cut short or
 * declares a zero size is refused.
 *
 * Not here: decoding (the build side's), the limits' values (mirror.c).
 */
#include "mirror.h"

#include <string.h>

static uint32_t be16(const unsigned char *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static uint32_t le16(const unsigned char *p) { return (uint32_t)p[1] << 8 | p[0]; }
static uint32_t le24(const unsigned char *p)
{
    return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

const char *mirror_ext(mirror_type t)
{
    switch (t) {
    case MIRROR_JPEG: return "jpg";
    case MIRROR_PNG: return "png";
    case MIRROR_GIF: return "gif";
    case MIRROR_WEBP: return "webp";
    case MIRROR_AVIF: return "avif";
    default: return "";
    }
}

static int sniff_png(const unsigned char *p, size_t n, mirror_info *out, const char **why)
{
    /* signature, then IHDR: length 13, "IHDR", width, height */
    if (n < 24 || be32(p + 8) != 13 || memcmp(p + 12, "IHDR", 4) != 0) {
        *why = "a PNG without its IHDR header";
        return -1;
    }
    out->type = MIRROR_PNG;
    out->width = be32(p + 16);
    out->height = be32(p + 20);
    return 0;
}

static int sniff_jpeg(const unsigned char *p, size_t n, mirror_info *out, const char **why)
{
    size_t i = 2;
    while (i + 4 <= n) {
        if (p[i] != 0xff) {
            *why = "a JPEG with a broken marker";
            return -1;
        }
        unsigned m = p[i + 1];
        if (m == 0xff) { /* fill byte */
            i++;
            continue;
        }
        if (m == 0xd8 || m == 0x01 || (m >= 0xd0 && m <= 0xd7)) { /* no length */
            i += 2;
            continue;
        }
        if (m == 0xd9 || m == 0xda) /* end, or scan data before any frame */
            break;
        size_t seg = be16(p + i + 2);
        if (seg < 2)
            break;
        /* SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC) */
        if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
            if (i + 9 > n || seg < 7)
                break;
            out->type = MIRROR_JPEG;
            out->height = be16(p + i + 5);
            out->width = be16(p + i + 7);
            return 0;
        }
        i += 2 + seg;
    }
    *why = "a JPEG without a frame header (SOF) in its first bytes";
    return -1;
}

/* A GIF's frames may reach past its logical screen, and a decoder may
 * allocate what a frame declares: the size is the screen grown to hold
 * every frame's extent. The blocks are walked by their lengths: image
 * descriptors (and their color tables and data sub-blocks), extensions. */
static int sniff_gif(const unsigned char *p, size_t n, mirror_info *out, const char **why)
{
    if (n < 13) {
        *why = "a GIF cut short";
        return -1;
    }
    uint32_t w = le16(p + 6), h = le16(p + 8);
    size_t i = 13;
    if (p[10] & 0x80)
        i += (size_t)3 << ((p[10] & 7) + 1); /* global color table */
    while (i < n && p[i] != 0x3b) {
        if (p[i] == 0x21) {        /* extension: label, sub-blocks */
            i += 2;
        } else if (p[i] == 0x2c) { /* image descriptor */
            if (i + 10 > n)
                break;
            uint32_t right = le16(p + i + 1) + le16(p + i + 5);
            uint32_t bottom = le16(p + i + 3) + le16(p + i + 7);
            w = right > w ? right : w;
            h = bottom > h ? bottom : h;
            unsigned flags = p[i + 9];
            i += 10;
            if (flags & 0x80)
                i += (size_t)3 << ((flags & 7) + 1); /* local color table */
            i++;                                       /* LZW minimum code size */
        } else {
            break;                 /* garbage after the frames: a decoder stops too */
        }
        while (i < n && p[i])
            i += (size_t)p[i] + 1;
        i++;                       /* the block terminator */
    }
    out->type = MIRROR_GIF;
    out->width = w;
    out->height = h;
    return 0;
}

static int sniff_webp(const unsigned char *p, size_t n, mirror_info *out, const char **why)
{
    /* RIFF size WEBP, then the first chunk: fourcc, size, payload at 20 */
    if (n >= 30 && memcmp(p + 12, "VP8 ", 4) == 0) {
        /* 3-byte frame tag, start code 9d 01 2a, then 14-bit sizes */
        if (p[23] == 0x9d && p[24] == 0x01 && p[25] == 0x2a) {
            out->type = MIRROR_WEBP;
            out->width = le16(p + 26) & 0x3fff;
            out->height = le16(p + 28) & 0x3fff;
            return 0;
        }
    } else if (n >= 25 && memcmp(p + 12, "VP8L", 4) == 0) {
        if (p[20] == 0x2f) {
            uint32_t bits = (uint32_t)p[21] | (uint32_t)p[22] << 8 | (uint32_t)p[23] << 16 |
                            (uint32_t)p[24] << 24;
            out->type = MIRROR_WEBP;
            out->width = (bits & 0x3fff) + 1;
            out->height = ((bits >> 14) & 0x3fff) + 1;
            return 0;
        }
    } else if (n >= 30 && memcmp(p + 12, "VP8X", 4) == 0) {
        out->type = MIRROR_WEBP;
        out->width = le24(p + 24) + 1;
        out->height = le24(p + 27) + 1;
        return 0;
    }
    *why = "a WebP without a VP8, VP8L or VP8X header";
    return -1;
}

/* ---- AVIF: ISO base media boxes ------------------------------------------- */

typedef struct avif_scan {
    uint32_t width, height;
    int depth;
} avif_scan;

/* Walks the boxes of p[0, n) looking for ispe inside meta/iprp/ipco. */
static void avif_boxes(avif_scan *s, const unsigned char *p, size_t n)
{
    if (++s->depth > 8) {
        s->depth--;
        return;
    }
    size_t i = 0;
    while (i + 8 <= n) {
        uint64_t size = be32(p + i);
        size_t head = 8;
        if (size == 1) { /* 64-bit size */
            if (i + 16 > n)
                break;
            size = (uint64_t)be32(p + i + 8) << 32 | be32(p + i + 12);
            head = 16;
        } else if (size == 0) {
            size = n - i; /* to the end */
        }
        if (size < head || size > n - i)
            break;
        const unsigned char *type = p + i + 4;
        const unsigned char *body = p + i + head;
        size_t len = (size_t)size - head;
        if (memcmp(type, "meta", 4) == 0 && len >= 4)
            avif_boxes(s, body + 4, len - 4); /* a full box: version and flags first */
        else if (memcmp(type, "iprp", 4) == 0 || memcmp(type, "ipco", 4) == 0)
            avif_boxes(s, body, len);
        else if (memcmp(type, "ispe", 4) == 0 && len >= 12) {
            uint32_t w = be32(body + 4), h = be32(body + 8);
            if ((uint64_t)w * h > (uint64_t)s->width * s->height) {
                s->width = w;
                s->height = h;
            }
        }
        i += (size_t)size;
    }
    s->depth--;
}

static bool avif_brand(const unsigned char *p, size_t n)
{
    /* ftyp: major brand, minor version, compatible brands */
    size_t size = be32(p);
    if (size < 16 || size > n)
        return false;
    if (!memcmp(p + 8, "avif", 4) || !memcmp(p + 8, "avis", 4))
        return true;
    for (size_t i = 16; i + 4 <= size; i += 4)
        if (!memcmp(p + i, "avif", 4) || !memcmp(p + i, "avis", 4))
            return true;
    return false;
}

static int sniff_avif(const unsigned char *p, size_t n, mirror_info *out, const char **why)
{
    if (!avif_brand(p, n)) {
        *why = "an ISO media file that is not AVIF (HEIC or video?)";
        return -1;
    }
    avif_scan s = {0};
    avif_boxes(&s, p, n);
    if (!s.width || !s.height) {
        *why = "an AVIF without its size (ispe)";
        return -1;
    }
    out->type = MIRROR_AVIF;
    out->width = s.width;
    out->height = s.height;
    return 0;
}

/* ---- the rest: what it is when it is not an image ---------------------- */

static bool starts_ci(const unsigned char *p, size_t n, const char *s)
{
    size_t m = strlen(s);
    return n >= m && nm_strncasecmp((const char *)p, s, m) == 0;
}

static const char *what_else(const unsigned char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
        i = 3; /* UTF-8 BOM */
    while (i < n && nm_is_space((char)p[i]))
        i++;
    const unsigned char *t = p + i;
    size_t m = n - i;
    /* SVG: "<svg", or XML / a doctype / a comment with <svg in the first KB */
    size_t look = n < 1024 ? n : 1024;
    bool svg = false;
    for (size_t k = 0; k + 4 <= look; k++)
        if (p[k] == '<' && starts_ci(p + k + 1, look - k - 1, "svg"))
            svg = true;
    if (svg && m && t[0] == '<')
        return "an SVG image (not mirrored: it can carry script)";
    if (starts_ci(t, m, "<!doctype html") || starts_ci(t, m, "<html") ||
        starts_ci(t, m, "<head") || starts_ci(t, m, "<body") || starts_ci(t, m, "<!--") ||
        starts_ci(t, m, "<p") || starts_ci(t, m, "<div"))
        return "HTML, not an image";
    if (m && (t[0] == '{' || t[0] == '['))
        return "JSON or text, not an image";
    if (starts_ci(t, m, "<?xml"))
        return "XML, not an image";
    if (n == 0)
        return "empty";
    return "not a JPEG, PNG, GIF, WebP or AVIF image";
}

int mirror_sniff(const void *bytes, size_t n, mirror_info *out, const char **why)
{
    const unsigned char *p = bytes;
    memset(out, 0, sizeof(*out));
    int rc;
    if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8))
        rc = sniff_png(p, n, out, why);
    else if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
        rc = sniff_jpeg(p, n, out, why);
    else if (n >= 6 && (!memcmp(p, "GIF87a", 6) || !memcmp(p, "GIF89a", 6)))
        rc = sniff_gif(p, n, out, why);
    else if (n >= 16 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4))
        rc = sniff_webp(p, n, out, why);
    else if (n >= 12 && !memcmp(p + 4, "ftyp", 4))
        rc = sniff_avif(p, n, out, why);
    else {
        *why = what_else(p, n);
        return -1;
    }
    if (rc == 0 && (out->width == 0 || out->height == 0)) {
        *why = "an image that declares a zero width or height";
        rc = -1;
    }
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}
