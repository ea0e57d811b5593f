/*
 * query.c — what a user typed, turned into a safe FTS5 query, run and
 * ranked.
 *
 * FTS5's query language (AND, OR, NOT, NEAR, quotes, *, ^, column
 * filters, parentheses) is not for users: a stray `"` or `AND(` is a
 * syntax error. So the text is cut by our own tokenizer first, and every
 * piece — a word, or a whole CJK run — is written back as a quoted FTS5
 * string ("" for a quote inside), which FTS5 tokenizes again with the
 * same tokenizer into a phrase: a CJK run becomes the phrase of its
 * bigrams, 互联网 → "互联 联网", so it matches exactly where 互联网 is
 * written. A CJK run of one character is one term, which matches the
 * unigram documents keep for every CJK character (tokenize.c). The
 * pieces are ANDed.
 *
 * Ranking is bm25 with per-column weights (title 10, categories 2,
 * author 2, body 1), then the newest post, then the path, so that equal
 * scores come out in a stable order; a bounded top-k: matches are taken
 * newest first in blocks of SEARCH_RANK_BLOCK (doc ids follow dates,
 * index.c, and FTS5 walks a term's posts by rowid, so a block costs its
 * own matches, not the term's), and each block is ranked on its own
 * before the next, older one. A query with at most one block of matches
 * is ranked over all of them; a term in 100,000 posts costs the scores of
 * one block, not 100,000, and every match is still reached by paging.
 * Titles and snippets (highlight(), snippet()) are made only for the
 * page of hits returned, by rowid.
 *
 * Filters (category:, author:, since:, until:) and exclusions (-word,
 * -"phrase") are taken out first (filters.c): the first two become FTS5
 * column filters, the dates a condition on doc.date, the exclusions NOT.
 *
 * Not here: OR, fuzzy matching.
 */
#include "search_int.h"

#include <string.h>

#define MAX_PIECES 32
#define MAX_QUERY 4096 /* bytes of a query that are read */

typedef struct piece_ctx {
    int start[MAX_PIECES], end[MAX_PIECES];
    bool cjk[MAX_PIECES];
    size_t n;
    int base;      /* offset of the text being cut within the query */
} piece_ctx;

static int on_token(void *ctx, int flags, const char *token, int len, int start, int end)
{
    (void)token, (void)len;
    piece_ctx *p = ctx;
    if (flags & SEARCH_TOKEN_GAP)
        return 0;
    bool cjk = flags & SEARCH_TOKEN_CJK;
    start += p->base;
    end += p->base;
    /* A bigram overlapping the previous one continues its run. */
    if (p->n > 0 && cjk && p->cjk[p->n - 1] && start < p->end[p->n - 1]) {
        p->end[p->n - 1] = end;
        return 0;
    }
    if (p->n == MAX_PIECES)
        return 1;
    p->start[p->n] = start;
    p->end[p->n] = end;
    p->cjk[p->n] = cjk;
    p->n++;
    return 0;
}

void search_query_pieces(const char *q, size_t len, search_piece_fn fn, void *ctx)
{
    /* Text between a pair of '"' is one phrase; an unpaired '"' is a
     * separator like any punctuation. */
    size_t i = 0;
    while (i < len) {
        const char *open = memchr(q + i, '"', len - i);
        const char *close = open ? memchr(open + 1, '"', len - (size_t)(open + 1 - q)) : NULL;
        size_t plain_end = close ? (size_t)(open - q) : len;
        if (plain_end > i) {
            piece_ctx p = {.base = (int)i};
            search_tokenize(q + i, (int)(plain_end - i), SEARCH_TOKENIZE_QUERY, on_token, &p);
            for (size_t k = 0; k < p.n; k++)
                fn(ctx, q + p.start[k], (size_t)(p.end[k] - p.start[k]), false);
        }
        if (!close)
            break;
        size_t s = (size_t)(open + 1 - q), e = (size_t)(close - q);
        piece_ctx p = {.base = (int)s};
        search_tokenize(q + s, (int)(e - s), SEARCH_TOKENIZE_QUERY, on_token, &p);
        if (p.n == 1)
            fn(ctx, q + p.start[0], (size_t)(p.end[0] - p.start[0]), false);
        else if (p.n > 1)
            fn(ctx, q + p.start[0], (size_t)(p.end[p.n - 1] - p.start[0]), true);
        i = e + 1;
    }
}

typedef struct expr_ctx {
    nm_buf b;
    size_t n;
} expr_ctx;

static void add_piece(void *ctx, const char *s, size_t n, bool phrase)
{
    (void)phrase;
    expr_ctx *x = ctx;
    if (x->n == MAX_PIECES)
        return;
    x->n++;
    if (x->b.len)
        buf_putc(&x->b, ' ');
    buf_putc(&x->b, '"');
    for (size_t k = 0; k < n; k++) {
        if (s[k] == '"')
            buf_putc(&x->b, '"');
        buf_putc(&x->b, s[k]);
    }
    buf_putc(&x->b, '"');
}

char *search_match_expr(arena *a, const char *q, size_t *nterms)
{
    size_t len = q ? strlen(q) : 0;
    if (len > MAX_QUERY)
        len = MAX_QUERY;
    expr_ctx x = {0};
    buf_init(&x.b, NM_BUF_NOLIMIT);
    if (q)
        search_query_pieces(q, len, add_piece, &x);
    if (nterms)
        *nterms = x.n;
    char *out = arena_strdup(a, buf_cstr(&x.b));
    buf_free(&x.b);
    return out;
}

static int q_fail(search_db *db, nm_error *err)
{
    return nm_fail(err, db->path, 0, "search failed: %s", sqlite3_errmsg(db->db));
}

static int count_terms(void *ctx, int flags, const char *t, int len, int start, int end)
{
    (void)t, (void)len, (void)start, (void)end;
    if (!(flags & SEARCH_TOKEN_GAP))
        ++*(size_t *)ctx;
    return 0;
}

/* Appends "s" as an FTS5 string (quotes doubled); false when s has no
 * term (nothing appended). */
static bool put_string(nm_buf *b, const char *prefix, const char *s)
{
    size_t n = 0;
    search_tokenize(s, (int)strlen(s), SEARCH_TOKENIZE_QUERY, count_terms, &n);
    if (!n)
        return false;
    buf_puts(b, prefix);
    buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
    return true;
}

/* The MATCH expression of a parsed query: its pieces, the column filters,
 * then NOT each exclusion. "" when nothing positive is left. */
static char *parts_expr(arena *a, const search_query_parts *p, size_t *nterms)
{
    size_t n = 0;
    char *pos = search_match_expr(a, p->text, &n);
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    buf_puts(&b, pos);
    if (p->category && put_string(&b, b.len ? " categories : " : "categories : ", p->category))
        n++;
    if (p->author && put_string(&b, b.len ? " author : " : "author : ", p->author))
        n++;
    if (n && p->nexclude) {
        nm_buf w;
        buf_init(&w, NM_BUF_NOLIMIT);
        buf_printf(&w, "(%s)", buf_cstr(&b));
        for (size_t i = 0; i < p->nexclude; i++)
            put_string(&w, " NOT ", p->exclude[i]);
        buf_free(&b);
        b = w;
    }
    *nterms = n;
    char *out = arena_strdup(a, n ? buf_cstr(&b) : "");
    buf_free(&b);
    return out;
}

/* Copies the current row of rank (id, path, title, date, score) into a
 * new hit, with its marked title and snippet from marks. */
static void add_hit(search_results *out, size_t *cap, sqlite3_stmt *rank, sqlite3_stmt *marks)
{
    if (out->n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        search_hit *v = arena_new_array(out->arena, search_hit, *cap);
        if (out->n)
            memcpy(v, out->hits, out->n * sizeof(*v));
        out->hits = v;
    }
    search_hit *h = &out->hits[out->n++];
    h->path = arena_strdup(out->arena, (const char *)sqlite3_column_text(rank, 1));
    h->title = arena_strdup(out->arena, (const char *)sqlite3_column_text(rank, 2));
    h->date = sqlite3_column_type(rank, 3) == SQLITE_NULL ? NM_NO_TIME
                                                           : sqlite3_column_int64(rank, 3);
    h->score = sqlite3_column_double(rank, 4);
    sqlite3_bind_int64(marks, 2, sqlite3_column_int64(rank, 0));
    if (sqlite3_step(marks) == SQLITE_ROW) {
        h->title_marked = arena_strdup(out->arena, (const char *)sqlite3_column_text(marks, 0));
        h->snippet = arena_strdup(out->arena, (const char *)sqlite3_column_text(marks, 1));
    }
    sqlite3_reset(marks);
    if (!h->title_marked)
        h->title_marked = h->title;
    if (!h->snippet)
        h->snippet = "";
}

int search_query(search_db *db, const char *q, size_t limit, size_t offset, search_results *out,
                 nm_error *err)
{
    memset(out, 0, sizeof(*out));
    out->arena = arena_new(0);
    size_t len = q ? strlen(q) : 0;
    if (len > MAX_QUERY)
        len = MAX_QUERY;
    search_query_parts parts;
    search_parse_query(out->arena, q ? q : "", len, &parts);
    out->match = parts_expr(out->arena, &parts, &out->nterms);
    if (out->nterms == 0 || limit == 0)
        return 0;
    /* One block: the next SEARCH_RANK_BLOCK matches below rowid ?6, newest
     * first (ids follow dates, index.c), which FTS5 reads without touching
     * the older ones; then ranked. */
    static const char *const rank_sql =
        "SELECT id, path, title, date, score FROM"
        " (SELECT doc_fts.rowid AS id, d.path AS path, d.title AS title, d.date AS date,"
        "   bm25(doc_fts, 10.0, 2.0, 2.0, 1.0) AS score"
        "  FROM doc_fts JOIN doc d ON d.id = doc_fts.rowid"
        "  WHERE doc_fts MATCH ?1 AND doc_fts.rowid < ?2"
        "   AND (?3 IS NULL OR d.date >= ?3) AND (?4 IS NULL OR d.date < ?4)"
        "  ORDER BY doc_fts.rowid DESC LIMIT ?5)"
        " ORDER BY score, date DESC, path";
    static const char *const marks_sql =
        "SELECT highlight(doc_fts, 0, ?3, ?4), snippet(doc_fts, 3, ?3, ?4, '…', 40)"
        " FROM doc_fts WHERE doc_fts MATCH ?1 AND rowid = ?2";
    sqlite3_stmt *rank = NULL, *marks = NULL;
    if (sqlite3_prepare_v2(db->db, rank_sql, -1, &rank, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db->db, marks_sql, -1, &marks, NULL) != SQLITE_OK) {
        q_fail(db, err);
        sqlite3_finalize(rank);
        sqlite3_finalize(marks);
        return -1;
    }
    sqlite3_bind_text(rank, 1, out->match, -1, SQLITE_STATIC);
    if (parts.since != NM_NO_TIME)
        sqlite3_bind_int64(rank, 3, parts.since);
    if (parts.until != NM_NO_TIME)
        sqlite3_bind_int64(rank, 4, parts.until);
    sqlite3_bind_int64(rank, 5, SEARCH_RANK_BLOCK);
    sqlite3_bind_text(marks, 1, out->match, -1, SQLITE_STATIC);
    sqlite3_bind_text(marks, 3, SEARCH_MARK_OPEN, -1, SQLITE_STATIC);
    sqlite3_bind_text(marks, 4, SEARCH_MARK_CLOSE, -1, SQLITE_STATIC);
    size_t cap = 0, skip = offset;
    int64_t below = INT64_MAX;
    int rc = SQLITE_DONE;
    while (out->n < limit) {
        sqlite3_bind_int64(rank, 2, below);
        size_t inblock = 0;
        int64_t lowest = INT64_MAX;
        while ((rc = sqlite3_step(rank)) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(rank, 0);
            if (id < lowest)
                lowest = id;
            if (inblock++ >= skip && out->n < limit)
                add_hit(out, &cap, rank, marks);
        }
        sqlite3_reset(rank);
        if (rc != SQLITE_DONE || inblock < SEARCH_RANK_BLOCK)
            break;
        skip = skip > inblock ? skip - inblock : 0;
        below = lowest;
    }
    if (rc != SQLITE_DONE)
        q_fail(db, err);
    sqlite3_finalize(rank);
    sqlite3_finalize(marks);
    return rc == SQLITE_DONE ? 0 : -1;
}

void search_results_free(search_results *r)
{
    if (!r)
        return;
    arena_free(r->arena);
    memset(r, 0, sizeof(*r));
}
