/*
 * tokenize.c — the "newsmill" FTS5 tokenizer: words for scripts that put
 * spaces between words, bigrams for the ones that do not.
 *
 * The input is walked one code point at a time and each is one of three
 * kinds:
 *   - CJK (Han, Hiragana, Katakana, Hangul): a run of them is emitted as
 *     overlapping bigrams, 互联网 → 互联 联网, each with the byte span of
 *     its two characters; a run of one character is a unigram. Chinese
 *     and Japanese have no spaces, and bigrams find any word of two or
 *     more characters without a dictionary (the classic CJK approach of
 *     Lucene's CJKAnalyzer).
 *   - word (other letters, marks, digits): a run is one term, normalized
 *     with NFKC and case folding (utf8proc), so ＡＢＣ１２３, ABC123 and
 *     abc123 are one term; ASCII runs take a fast path.
 *   - separator: everything else — spaces, punctuation (also the
 *     full-width 。，、「」), symbols, emoji, invalid UTF-8 bytes.
 *
 * One-character queries. Documents also get a unigram for every CJK
 * character, co-located with (at the same position as) the bigram that
 * starts there, and the run's last character with the last bigram:
 * 互联网 → 互联+互 联网+联+网. A query of one character (网) is then one
 * exact term, as fast as any other. Co-located terms do not shift
 * positions, so the phrase of bigrams a longer query becomes still
 * matches; queries never emit unigrams for runs of two or more. This
 * costs about twice the postings for CJK text (a unigram column would
 * cost the same); the first design, a prefix query "网"* on bigrams,
 * cost nothing in size but merged hundreds of doclists: 25 times slower
 * than a word query (bench/search, 2,000 posts). highlight() skips
 * co-located tokens, so a one-character match highlights a bigram that
 * holds it. Any change to the terms emitted here must bump
 * SCHEMA_VERSION (index.c).
 *
 * Not here: stemming, stop words, dictionary segmentation, folding of
 * accents (café ≠ cafe), and joining half-width kana with their separate
 * voiced marks.
 */
#include "search_int.h"

#include <string.h>
#include <utf8proc.h>

enum { K_SEP, K_WORD, K_CJK };

static bool is_cjk(int32_t c)
{
    if (c < 0x1100)
        return false;
    return (c >= 0x4E00 && c <= 0x9FFF) ||                  /* Han */
           (c >= 0x3040 && c <= 0x309F) ||                  /* Hiragana */
           (c >= 0x30A1 && c <= 0x30FF && c != 0x30FB) ||   /* Katakana (not ゠ ・) */
           (c >= 0xAC00 && c <= 0xD7AF) ||                  /* Hangul syllables */
           (c >= 0x3400 && c <= 0x4DBF) ||                  /* Han ext A */
           c == 0x3005 || c == 0x3006 || c == 0x3007 ||     /* 々 〆 〇 */
           (c >= 0x1100 && c <= 0x11FF) ||                  /* Hangul jamo */
           (c >= 0x3130 && c <= 0x318F) ||                  /* Hangul compat jamo */
           (c >= 0x31F0 && c <= 0x31FF) ||                  /* Katakana ext */
           (c >= 0xA960 && c <= 0xA97F) || (c >= 0xD7B0 && c <= 0xD7FF) ||
           (c >= 0xF900 && c <= 0xFAFF) ||                  /* compatibility ideographs */
           (c >= 0xFF66 && c <= 0xFF9F) ||                  /* half-width Katakana */
           (c >= 0x20000 && c <= 0x323AF);                  /* Han ext B-H, compat supp */
}

static int kind_of(int32_t c)
{
    if (c < 0x80) {
        if (nm_is_alnum(c))
            return K_WORD;
        return K_SEP;
    }
    if (is_cjk(c))
        return K_CJK;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return K_WORD;
    default:
        return K_SEP;
    }
}

/* Decodes the code point at p[i]; *n its length. Invalid bytes give -1
 * with length 1, so every byte is consumed exactly once. */
static int32_t decode(const unsigned char *p, int len, int i, int *n)
{
    if (p[i] < 0x80) {
        *n = 1;
        return p[i];
    }
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate(p + i, len - i, &c);
    if (k <= 0) {
        *n = 1;
        return -1;
    }
    *n = (int)k;
    return c;
}

/* Normalized text of one term: NFKC + case folding of text[start, end),
 * at most SEARCH_TOKEN_MAX bytes (cut at a character). */
typedef struct norm {
    char out[SEARCH_TOKEN_MAX + 8];
    int len;
    utf8proc_int32_t cps[SEARCH_TOKEN_MAX + 1]; /* room for reencode's NUL */
} norm;

static void normalize(norm *nm, const unsigned char *p, int start, int end)
{
    bool ascii = true;
    for (int i = start; i < end && ascii; i++)
        ascii = p[i] < 0x80;
    if (ascii) {
        int n = end - start < SEARCH_TOKEN_MAX ? end - start : SEARCH_TOKEN_MAX;
        for (int i = 0; i < n; i++) {
            unsigned char c = p[start + i];
            nm->out[i] = (char)nm_to_lower(c);
        }
        nm->len = n;
        return;
    }
    /* Decompose (compatibility + case fold) one character at a time into
     * cps, then let utf8proc_reencode compose and write UTF-8 in place. */
    utf8proc_ssize_t ncp = 0;
    const utf8proc_option_t opt = UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE |
                                  UTF8PROC_STABLE;
    const utf8proc_ssize_t room = SEARCH_TOKEN_MAX / 4; /* code points whose UTF-8 fits */
    for (int i = start; i < end;) {
        int k;
        int32_t c = decode(p, end, i, &k);
        i += k;
        if (c < 0)
            continue;
        int last;
        utf8proc_ssize_t r = utf8proc_decompose_char(c, ncp < room ? nm->cps + ncp : NULL,
                                                     ncp < room ? room - ncp : 0, opt, &last);
        if (r < 0)
            continue;
        if (ncp + r > room)
            break;
        ncp += r;
    }
    if (ncp == 0) {
        nm->len = 0;
        return;
    }
    utf8proc_ssize_t n = utf8proc_reencode(nm->cps, ncp, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0) {
        nm->len = 0;
        return;
    }
    memcpy(nm->out, nm->cps, (size_t)n);
    nm->len = (int)n;
}

/* A CJK character's normalized bytes: the common blocks are already in
 * normal form; others (compatibility ideographs, half-width kana) go
 * through utf8proc. */
static int cjk_norm(const unsigned char *p, int start, int end, char out[16])
{
    int32_t c;
    int k;
    c = decode(p, end, start, &k);
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3040 && c <= 0x30FF) ||
        (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x3400 && c <= 0x4DBF)) {
        memcpy(out, p + start, (size_t)(end - start));
        return end - start;
    }
    utf8proc_int32_t cps[8];
    int last;
    utf8proc_ssize_t r = utf8proc_decompose_char(c, cps, 3,
                                                 UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                                     UTF8PROC_DECOMPOSE | UTF8PROC_STABLE,
                                                 &last);
    if (r <= 0 || r > 3) {
        memcpy(out, p + start, (size_t)(end - start));
        return end - start;
    }
    r = utf8proc_reencode(cps, r, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (r <= 0 || r > 12) {
        memcpy(out, p + start, (size_t)(end - start));
        return end - start;
    }
    memcpy(out, cps, (size_t)r);
    return (int)r;
}

/* Emits the terms of the CJK run whose characters start at offs[0..n)
 * and ends at offs[n]; last: this is the end of the run (not a window
 * with more to come), whose last character gets its unigram. */
static int emit_cjk(const unsigned char *p, const int *offs, int n, int mode, bool last,
                    search_token_fn fn, void *ctx)
{
    char a[16], b[16], tok[32];
    if (n == 1) {
        int la = cjk_norm(p, offs[0], offs[1], a);
        return fn(ctx, SEARCH_TOKEN_CJK, a, la, offs[0], offs[1]);
    }
    int la = cjk_norm(p, offs[0], offs[1], a);
    bool doc = mode == SEARCH_TOKENIZE_DOCUMENT;
    for (int i = 0; i + 1 < n; i++) {
        int lb = cjk_norm(p, offs[i + 1], offs[i + 2], b);
        memcpy(tok, a, (size_t)la);
        memcpy(tok + la, b, (size_t)lb);
        int rc = fn(ctx, SEARCH_TOKEN_CJK, tok, la + lb, offs[i], offs[i + 2]);
        if (!rc && doc)
            rc = fn(ctx, SEARCH_TOKEN_COLOCATED | SEARCH_TOKEN_CJK, a, la, offs[i], offs[i + 1]);
        if (rc)
            return rc;
        memcpy(a, b, (size_t)lb);
        la = lb;
    }
    if (doc && last)
        return fn(ctx, SEARCH_TOKEN_COLOCATED | SEARCH_TOKEN_CJK, a, la, offs[n - 1], offs[n]);
    return 0;
}

/* CJK runs are emitted in windows of this many characters; a longer run
 * continues with the next window overlapping by one character, so the
 * bigrams are the same as for one long run. */
#define CJK_WINDOW 256

int search_tokenize(const char *text, int len, int mode, search_token_fn fn, void *ctx)
{
    const unsigned char *p = (const unsigned char *)text;
    int offs[CJK_WINDOW + 1];
    norm nm;
    int i = 0;
    if (!text || len <= 0)
        return 0;
    while (i < len) {
        int k;
        int32_t c = decode(p, len, i, &k);
        int kind = c < 0 ? K_SEP : kind_of(c);
        if (kind == K_SEP) {
            i += k;
        } else if (kind == K_WORD) {
            int start = i;
            i += k;
            while (i < len) {
                c = decode(p, len, i, &k);
                if (c < 0 || kind_of(c) != K_WORD)
                    break;
                i += k;
            }
            normalize(&nm, p, start, i);
            if (nm.len > 0) {
                int rc = fn(ctx, 0, nm.out, nm.len, start, i);
                if (rc)
                    return rc;
            }
        } else {
            int n = 0;
            offs[n++] = i;
            i += k;
            for (;;) {
                bool more = false;
                if (i < len) {
                    c = decode(p, len, i, &k);
                    more = c >= 0 && kind_of(c) == K_CJK;
                }
                if (!more || n == CJK_WINDOW) {
                    offs[n] = i;
                    if (more) {
                        /* a full window: its bigrams, then restart at its
                         * last character (whose unigram comes with the
                         * next window's first bigram) */
                        int rc = emit_cjk(p, offs, n, mode, false, fn, ctx);
                        if (rc)
                            return rc;
                        offs[0] = offs[n - 1];
                        n = 1;
                        continue;
                    }
                    int rc = emit_cjk(p, offs, n, mode, true, fn, ctx);
                    if (rc)
                        return rc;
                    break;
                }
                offs[n++] = i;
                i += k;
            }
        }
    }
    return 0;
}

/* ---- FTS5 glue ------------------------------------------------------------ */

typedef struct fts_ctx {
    void *pctx;
    int (*xToken)(void *, int, const char *, int, int, int);
} fts_ctx;

static int fts_token(void *ctx, int flags, const char *token, int len, int start, int end)
{
    fts_ctx *f = ctx;
    return f->xToken(f->pctx, flags & SEARCH_TOKEN_COLOCATED ? FTS5_TOKEN_COLOCATED : 0, token,
                     len, start, end);
}

static int tok_create(void *user, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)user, (void)argv, (void)argc;
    static int dummy;
    *out = (Fts5Tokenizer *)&dummy; /* stateless */
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
    (void)t;
}

static int tok_tokenize(Fts5Tokenizer *t, void *pctx, int flags, const char *text, int len,
                        int (*xToken)(void *, int, const char *, int, int, int))
{
    (void)t;
    fts_ctx f = {pctx, xToken};
    /* FTS5_TOKENIZE_AUX (snippet, highlight) must see the document's terms. */
    int mode = (flags & FTS5_TOKENIZE_QUERY) ? SEARCH_TOKENIZE_QUERY : SEARCH_TOKENIZE_DOCUMENT;
    return search_tokenize(text, len, mode, fts_token, &f);
}

int search_register_tokenizer(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api || api->iVersion < 2)
        return -1;
    static fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
    return api->xCreateTokenizer(api, "newsmill", NULL, &tok, NULL) == SQLITE_OK ? 0 : -1;
}
