/*
 * search.h — full-text search over a site's posts: an SQLite FTS5 index
 * kept in step with source/_posts/, and ranked queries against it.
 *
 * The index lives in <site>/.newsmill/search.db, a file of its own, apart
 * from the store's newsmill.db, so that the two schemas can evolve without
 * waiting on each other; it is derived data (delete it and the next
 * search_update rebuilds it). A later step may move the tables into the
 * store behind store.h, fed at ingest; the query side would not change.
 *
 * Text is cut into terms by a tokenizer of our own ("newsmill", registered
 * through fts5_api): Latin/other words are NFKC-normalized and case-folded
 * (ＡＢＣ１２３ matches abc123), CJK runs (Han, Hiragana, Katakana, Hangul)
 * become overlapping bigrams, and everything else (punctuation including
 * 。，、「」, spaces, symbols, emoji) separates terms. Documents also get
 * a unigram for each CJK character, co-located with its bigram, so that a
 * one-character query is one exact term (tokenize.c).
 *
 * A search_db is one connection: use it from one thread at a time.
 * Several processes may share the file (WAL, busy timeout).
 */
#ifndef NM_SEARCH_H
#define NM_SEARCH_H

#include "util/util.h"

/* ---- the tokenizer (tokenize.c) ------------------------------------------ */

enum {
    SEARCH_TOKENIZE_DOCUMENT = 0, /* text being indexed (and snippets) */
    SEARCH_TOKENIZE_QUERY = 1,    /* text of a MATCH query */
};
#define SEARCH_TOKEN_COLOCATED 0x0001 /* same position as the previous token */
#define SEARCH_TOKEN_CJK 0x0100       /* a bigram or unigram of a CJK run */
#define SEARCH_TOKEN_GAP 0x0200       /* SEARCH_GAP_TERM between two CJK runs */
/* The term between two CJK runs that only separators part (互联。联网):
 * it takes a position, so the runs are not adjacent for a phrase. No
 * text gives it as a word. */
#define SEARCH_GAP_TERM "\x01"
#define SEARCH_TOKEN_MAX 256          /* bytes of a term; longer words are cut */

/* Called once per term: token[0, len) is the normalized term (not
 * NUL-terminated, valid during the call only); [start, end) the bytes of
 * the input it came from. A non-zero return stops the walk and is
 * returned by search_tokenize. */
typedef int (*search_token_fn)(void *ctx, int flags, const char *token, int len, int start,
                               int end);

/* Cuts text[0, len) into terms, in order of start offset. Any bytes are
 * accepted: invalid UTF-8 separates terms like punctuation. Offsets are
 * within [0, len], start < end, and starts never decrease. Returns 0 or
 * the callback's non-zero value. Thread safe. */
int search_tokenize(const char *text, int len, int mode, search_token_fn fn, void *ctx);

/* The MATCH expression for what a user typed: every piece
 * (search_query_pieces) becomes a double-quoted FTS5 string (quotes
 * doubled), and all must match (implicit AND).
 * Pieces with no terms (`*`, `"`, `(`) are dropped, so no input is an FTS5
 * syntax error. Returns "" when nothing searchable is left; *nterms (may
 * be NULL) is the number of pieces kept. Result in a. */
char *search_match_expr(arena *a, const char *q, size_t *nterms);

/* The pieces of what a user typed, in order: every word and every CJK
 * run outside quotes is a piece; the text between a pair of '"' is one
 * piece (phrase: true when it holds more than one term), whose terms must
 * be adjacent. Pieces with no terms are not given. fn gets q[s, s+n). */
typedef void (*search_piece_fn)(void *ctx, const char *s, size_t n, bool phrase);
void search_query_pieces(const char *q, size_t len, search_piece_fn fn, void *ctx);

/* A query's filters (filters.c): category:NAME, author:NAME, since:DATE,
 * until:DATE, -WORD and -"phrase"; text is the rest (words, phrases).
 * Strings in a; NULL / NM_NO_TIME when not given. */
typedef struct search_query_parts {
    const char *text;
    const char *category, *author;
    int64_t since, until;     /* until: the end of the day named */
    const char *exclude[16];
    size_t nexclude;
} search_query_parts;
void search_parse_query(arena *a, const char *q, size_t n, search_query_parts *out);

/* The fields a post is indexed by, for the CLI's index and the static
 * one (fields.c): title (the file's name when it has none), categories
 * joined with " / ", author, body text (search_body_text, max bytes).
 * Strings in a, never NULL. */
typedef struct search_fields {
    const char *title, *categories, *author, *body;
} search_fields;
#define SEARCH_BODY_MAX (1u << 20) /* bytes of body text indexed per post */
struct post;
void search_post_fields(arena *a, const struct post *p, const char *file_name, size_t max,
                        search_fields *out);

/* ---- the static index of a built site (shards.c) ----------------------- */

typedef struct search_static_doc {
    const char *url;      /* the post's href (root + path) */
    const char *date;     /* "YYYY-MM-DD", or "" */
    const char *category; /* its first top-level category, or "" */
    search_fields f;
} search_static_doc;

typedef struct search_static_file {
    const char *name;     /* "search/0/p/0123456789ab.bin", under public/ */
    const char *data;     /* in the arena given to search_static_segment */
    size_t len;
} search_static_file;

typedef struct search_static_files {
    search_static_file *v; /* malloc'd array (free it); contents in the arena */
    size_t n, cap;
    size_t rescanned; /* resumed documents tokenized again for their 4-grams */
} search_static_files;

/* Documents of a segment of the static index by default (the config's
 * `newsmill: search_segment`): segment K holds the site's documents K*Z
 * to K*Z+Z-1 (oldest first), so adding newer posts changes only the last
 * segment (see shards.c). */
#define SEARCH_SEGMENT_DOCS 4096

/* Bloom filters of a segment's terms, so that a client asks an older
 * segment only for terms it may hold: about 1% false positives. */
#define SEARCH_BLOOM_BITS 10  /* bits per term */
#define SEARCH_BLOOM_PROBES 7
/* and of its CJK 4-grams (four characters of one run: a query's run of
 * four or more must have each of its 4-grams in a segment that holds it,
 * where its bigrams alone are in nearly every segment): about 2% */
#define SEARCH_GRAM_BITS 8
#define SEARCH_GRAM_PROBES 5
/* Buckets of term hashes the filters are cut into (each bucket one file
 * a query fetches), for segments of zdocs documents. */
uint32_t search_bloom_buckets(size_t zdocs);
/* Buckets of 4-gram hashes, after the term buckets in the same files. */
uint32_t search_gram_buckets(size_t zdocs);

/* The files of segment seg of public/search/ (under search/<seg>/) for
 * its docs[0, n), oldest first (see shards.c for the format); *desc, the
 * segment's line of index.json; *bloom (*bloom_len bytes), the filters
 * of its terms in nbuckets buckets then of its 4-grams in ngrams buckets,
 * for search/f/ (search_static_bloom_file); the 4-grams only when grams
 * is true (a full segment: only those get filters), else those buckets
 * are empty.
 * Deterministic: the same docs give the same bytes. Everything but
 * out->v lives in a. */
/* A segment's terms after its first docs documents (their postings and
 * positions): search_static_segment gives it in *state (data malloc'd;
 * state may be NULL), and given back as resume (NULL: none) with the same
 * first documents, their terms are taken from it instead of tokenizing
 * them again (their fields still make the meta files). The files are the
 * same bytes either way. A resume that does not parse is ignored. */
typedef struct search_static_state {
    char *data;
    size_t len;
    size_t docs;
} search_static_state;
int search_static_segment(arena *a, size_t seg, const search_static_doc *docs, size_t n,
                          uint32_t nbuckets, uint32_t ngrams, bool grams,
                          const search_static_state *resume,
                          search_static_files *out, const char **desc, const char **bloom,
                          size_t *bloom_len, search_static_state *state);
/* The files of search/f/: bucket b's file holds bucket b of the filters
 * of every segment but the last, in segment order, each a varint byte
 * count and its bytes; the caller walks each segment's blob (as
 * search_static_segment gave it) a bucket at a time, so that the filters
 * of a million posts are never in memory at once.
 * search_bloom_part: the bucket at the head of p[0, n): *head bytes of
 * count, then *len bytes. 0 when it is all in p; 1 when p is cut short
 * (more bytes needed: *head + *len of them, or 0 when the count itself is
 * cut); -1 when the count is not a varint. */
int search_bloom_part(const void *p, size_t n, size_t *head, size_t *len);
/* The file of one bucket from its part of each of nseg segments' filters
 * (named by its bytes: two buckets alike are one file). In a. */
void search_static_bloom_file(arena *a, const str_view *parts, size_t nseg,
                              search_static_file *f);
/* The group files naming the nbuckets bucket files (fnames, in bucket
 * order) and *desc, their line of index.json. Everything but out->v
 * lives in a. */
void search_static_bloom_groups(arena *a, const char *const *fnames, uint32_t nbuckets,
                                size_t nseg, search_static_files *out, const char **desc);
/* The bytes of search/index.json for ndocs documents in nseg segments
 * of zdocs documents (descs: their lines, oldest first), the filters'
 * line (bloom; NULL: none) and the sorted top categories. Result in a. */
const char *search_static_index(arena *a, size_t ndocs, size_t zdocs, const char *const *descs,
                                size_t nseg, const char *bloom, const char *const *cats,
                                size_t ncats);
/* Line number line of an index.json that search_static_index wrote
 * (SEARCH_LINE_BLOOM, SEARCH_LINE_SEGMENT(k)), or NULL when it has none.
 * Result in a. */
#define SEARCH_LINE_BLOOM 1
#define SEARCH_LINE_SEGMENT(k) ((k) + 3)
const char *search_static_index_line(arena *a, const char *index, size_t len, size_t line);
/* FNV-1a (32 bits) of a term's bytes: its shard is this & (S - 1). */
uint32_t search_shard_hash(const char *s, size_t n);
/* FNV-1a with another offset basis (0x050c5d1f): a term's bloom bucket
 * is this & (buckets - 1). */
uint32_t search_bloom_hash(const char *s, size_t n);

/* ---- the index (index.c) -------------------------------------------------- */

typedef struct search_db search_db;

/* Opens (creating .newsmill/ and the file when missing) the index of the
 * site in site_dir. An index of an older schema is dropped and rebuilt by
 * the next search_update. Fails with err naming the file. */
int search_open(const char *site_dir, search_db **out, nm_error *err);
/* NULL is fine. */
void search_close(search_db *db);

typedef struct search_stats {
    size_t posts;      /* .md files seen under source/_posts/ */
    size_t read;       /* files read (new or changed size/mtime) */
    size_t indexed;    /* posts (re)written into the index */
    size_t removed;    /* index entries whose file is gone or now unreadable */
    size_t failed;     /* files that could not be read as posts */
    char **problems;   /* failed messages "path:line: msg", sorted by path */
} search_stats;

void search_stats_free(search_stats *s);

/* Brings the index in line with the *.md files under source/_posts/: files
 * whose size and mtime are unchanged are not read; a changed file whose
 * indexed content (title, categories, author, body text, date) hashes the
 * same is not rewritten; entries of deleted files go. One transaction:
 * a crash leaves the previous index. Posts are read on every core. A post
 * that cannot be read is counted in stats->failed with its message (and
 * dropped from the index), the rest goes on; -1 (err filled) only when the
 * site or the database cannot be used. reindex: empty the index first.
 * stats may be NULL; else the caller frees it with search_stats_free. */
int search_update(search_db *db, bool reindex, search_stats *stats, nm_error *err);

/* ---- queries (query.c) ---------------------------------------------------- */

/* Highlight markers inside title_marked and snippet: bytes that never
 * occur in indexed text (control characters are dropped from it). */
#define SEARCH_MARK_OPEN "\x02"
#define SEARCH_MARK_CLOSE "\x03"

/* Matches ranked together: a query with more is ranked a block at a time,
 * newest block first (query.c). */
#define SEARCH_RANK_BLOCK 1000

typedef struct search_hit {
    const char *path;         /* relative to the site: "source/_posts/x.md" */
    const char *title;        /* plain */
    const char *title_marked; /* title with matched terms between the marks */
    const char *snippet;      /* a few dozen terms of the body around the
                                 best match, marked; "…" where cut */
    int64_t date;             /* NM_NO_TIME when the post has none */
    double score;             /* bm25: lower is better */
} search_hit;

typedef struct search_results {
    arena *arena;             /* owns everything below */
    search_hit *hits;
    size_t n;
    size_t nterms;            /* searchable pieces of the query (0: nothing
                                 to search for, and no hits) */
    const char *match;        /* the FTS5 expression run (search_match_expr) */
} search_results;

/* Runs query q (what a user typed; any bytes) and fills out with at most
 * limit hits after skipping offset, best first: bm25 with the title
 * weighted 10, categories and author 2, body 1; equal scores newest first,
 * then by path. More than SEARCH_RANK_BLOCK matches: the newest block of
 * them is ranked first, then the next older one, and so on. -1 with err only when the database fails. The caller frees
 * out with search_results_free (also after a failure). */
int search_query(search_db *db, const char *q, size_t limit, size_t offset, search_results *out,
                 nm_error *err);
void search_results_free(search_results *r);

/* ---- text of a body (text.c) --------------------------------------------- */

/* The plain text of an HTML or Markdown body: tags dropped, script, style,
 * template and noscript contents dropped, entities decoded, a space
 * between block elements, whitespace runs and control characters folded
 * into one space, at most max bytes (cut at a character boundary). Result
 * in a. Thread safe. (html_to_text's BLOCKS text, folded and cut.) */
char *search_body_text(arena *a, const char *html, size_t len, size_t max);

#endif
