/*
 * util.h — the ground floor every newsmill module stands on.
 *
 * Memory: xmalloc & co. abort with a clear message on exhaustion (out of
 * memory is not an error path threaded through callers); arenas hold things
 * that live and die together (one post, one feed, one build); nm_buf is the
 * one growable byte buffer, with a size cap fixed at creation so that input
 * from outside can never grow it without bound.
 *
 * Errors: a function that can fail returns int (0 = ok, -1 = failed) and
 * fills an nm_error meant for the user: what failed, where (file:line or
 * URL) and what to do. Lower levels fill it and return; the level that knows
 * what to do with it prints it, once.
 *
 * Also here: string views, atomic file writes, xxHash64, logging, a
 * TTY-only progress bar, a small thread pool, dates and URLs.
 *
 * Deliberately not here: anything that knows about feeds, posts or sites.
 */
#ifndef NM_UTIL_H
#define NM_UTIL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctype.h" /* nm_is_digit, nm_is_space …: ASCII, locale-independent */

#define NM_VERSION "0.1.0"

#if defined(__GNUC__)
#define NM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define NM_NORETURN __attribute__((noreturn))
#else
#define NM_PRINTF(f, a)
#define NM_NORETURN
#endif

#define NM_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- allocation (xmalloc.c) ------------------------------------------- */

/* All abort the process with "newsmill: out of memory" when the system
 * refuses; they never return NULL. xmalloc(0) returns a unique pointer. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
NM_NORETURN void nm_die(const char *fmt, ...) NM_PRINTF(1, 2);

/* ---- arena (arena.c) ---------------------------------------------------- */

/* A bump allocator: allocations are freed all at once by arena_free().
 * Not thread safe: one arena per thread or per object. Returned memory is
 * aligned for any type and owned by the arena. */
typedef struct arena arena;

arena *arena_new(size_t block_size); /* 0 = 64 KiB blocks */
void *arena_alloc(arena *a, size_t n);
void *arena_zalloc(arena *a, size_t n);
char *arena_strdup(arena *a, const char *s);       /* NULL stays NULL; strings are not aligned */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) NM_PRINTF(2, 3);
size_t arena_used(const arena *a);                 /* bytes handed out */
void arena_reset(arena *a);                        /* keeps the first block */
void arena_free(arena *a);                         /* NULL is fine */
/* Asks for transparent huge pages on the 2 MiB-aligned inside of a big
 * buffer about to be filled front to back (512 times fewer page faults).
 * Advice only: nothing changes where it is refused. */
void mem_advise_huge(void *p, size_t n);

#define arena_new_array(a, type, n) ((type *)arena_zalloc((a), sizeof(type) * (n)))

/* ---- growable buffer with a cap (buf.c) -------------------------------- */

/* data is always NUL-terminated (when non-NULL) so it can be used as a C
 * string; len excludes the NUL. The buffer owns data.
 *
 * An append that would pass max fails with -1 and poisons the buffer, as
 * curl's dynbuf does: the bytes are freed (data NULL, len 0), `failed` is
 * set, and every later append is a no-op returning -1. So a cut-off
 * result can never be taken for a whole one: whoever writes or returns
 * the buffer checks buf_failed() (fs_write_buf does) and reports it. A
 * writer that wants to stop at a size checks len itself. buf_reset and
 * buf_free make the buffer usable again. */
typedef struct nm_buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max;
    bool failed;   /* an append passed max; data was freed */
} nm_buf;

#define NM_BUF_NOLIMIT SIZE_MAX

void buf_init(nm_buf *b, size_t max);
/* Room for extra more bytes (and the NUL) without growing again; -1, the
 * buffer poisoned, when that would pass max. */
int buf_reserve(nm_buf *b, size_t extra);
/* buf_append/buf_putc are inline when the bytes fit (a parse appends
 * millions of small pieces); buf_append_grow() is the rest of it. */
int buf_append_grow(nm_buf *b, const void *p, size_t n);
static inline int buf_append(nm_buf *b, const void *p, size_t n)
{
    if (b->cap - b->len > n && n <= b->max - b->len) { /* room for n and the NUL */
        if (n)
            __builtin_memcpy(b->data + b->len, p, n);
        b->len += n;
        b->data[b->len] = '\0';
        return 0;
    }
    return buf_append_grow(b, p, n);
}
static inline int buf_putc(nm_buf *b, char c)
{
    return buf_append(b, &c, 1);
}
int buf_puts(nm_buf *b, const char *s);
int buf_printf(nm_buf *b, const char *fmt, ...) NM_PRINTF(2, 3);
int buf_vprintf(nm_buf *b, const char *fmt, va_list ap);
static inline bool buf_failed(const nm_buf *b)
{
    return b->failed;
}
const char *buf_cstr(nm_buf *b);       /* "" for an empty (or failed) buffer */
void buf_reset(nm_buf *b);             /* len = 0, keeps memory, clears failed */
void buf_free(nm_buf *b);              /* and clears failed */
/* Caller frees; the buffer is reset. NULL (and *len 0) for a failed
 * buffer: there is no whole result to take. */
char *buf_detach(nm_buf *b, size_t *len);
/* s as a JSON string, "null" when NULL: UTF-8 as it is (s must be valid
 * UTF-8), only '"', '\\' and control characters escaped. Written by hand,
 * not through jansson, for big outputs (a feed's JSON, extract --json). */
int buf_put_json_str(nm_buf *b, const char *s);

/* ---- string views (str.c) ---------------------------------------------- */

/* A borrowed slice of text that lives elsewhere; never owns memory. */
typedef struct str_view {
    const char *ptr;
    size_t len;
} str_view;

#define SV(lit) ((str_view){(lit), sizeof(lit) - 1})
#define SV_FMT "%.*s"
#define SV_ARG(v) (int)(v).len, (v).ptr

str_view sv_from(const char *s);
str_view sv_make(const char *p, size_t n);
bool sv_eq(str_view a, str_view b);
bool sv_eq_cstr(str_view a, const char *s);
bool sv_starts_with(str_view a, str_view prefix);
bool sv_ends_with(str_view a, str_view suffix);
str_view sv_trim(str_view a);        /* ASCII whitespace both ends */
/* Splits off the first line (without \n or \r\n) and advances *rest. */
str_view sv_next_line(str_view *rest);
char *sv_dup(arena *a, str_view v);   /* NUL-terminated copy in the arena */

/* Case-insensitive ASCII comparisons; other bytes compare exactly. */
int nm_strcasecmp(const char *a, const char *b);
int nm_strncasecmp(const char *a, const char *b, size_t n);

/* UTF-8: true when [p, p+n) is valid UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *p, size_t n);
/* Offset of the first invalid byte, or n when all is valid. */
size_t utf8_first_invalid(const char *p, size_t n);
/* A numeric character reference at s, which starts with "&#": an 'x' or
 * 'X' and hex digits, or decimal digits (at most max_digits), then ';'.
 * Returns its length through the ';' with the value in *v, or 0 when it is
 * not one. */
size_t str_num_ref(const char *s, size_t n, size_t max_digits, unsigned long *v);
/* Code point cp (at most U+10FFFF) as UTF-8 in out (room for 4 bytes);
 * returns its length, 1 to 4. */
size_t str_utf8_put(unsigned long cp, char *out);
/* A code point HTML5 reads from a character reference as itself: no
 * control but TAB and LF, no surrogate, no non-character, <= U+10FFFF. */
bool str_html_plain_code_point(unsigned long v);
/* A positive size as a config writes it: digits, then an optional K, M
 * or G (powers of 1,024, or of 1,000 when decimal) and an optional B (or,
 * when decimal, p/px for pixels): "10M", "40Mpx", "512KB". Returns false
 * for anything else, 0 and an overflow. */
bool str_size(const char *s, bool decimal, uint64_t *v);

/* ---- errors (error.c) --------------------------------------------------- */

typedef struct nm_error {
    char where[512]; /* file path or URL; "" when unknown */
    long line;       /* 1-based line in where, 0 when not known */
    char msg[1024];  /* what failed and, where useful, what to do */
} nm_error;

void nm_error_clear(nm_error *e);
/* Fills e (which may be NULL) and returns -1, so that a failing function
 * can end with `return nm_fail(err, path, line, "...", ...);`. */
int nm_fail(nm_error *e, const char *where, long line, const char *fmt, ...)
    NM_PRINTF(4, 5);
/* "where:line: msg", "where: msg" or "msg"; returns out. */
const char *nm_error_format(const nm_error *e, char *out, size_t n);

/* The directory of a site where newsmill keeps its own state (the store,
 * the search index, the fetch lock, the export journal, the build
 * manifest), relative to the site directory. */
#define NM_STATE_DIR ".newsmill"

/* ---- files (fsio.c) ---------------------------------------------------- */

/* Writes data to path atomically: a temporary file in the same directory
 * (named by fs_temp_name's rule), fsync, rename over path. Parent
 * directories are created. Either the old or the new bytes are visible,
 * never a mix, even when the process is killed. */
int fs_write_atomic(const char *path, const void *data, size_t len, nm_error *err);
/* 0 for a whole buffer; for a failed one -1 with err set to
 * "WHERE: more than N bytes; not written" (where may be NULL). The check of a final
 * consumer that hands the bytes on by other means than fs_write_buf. */
int buf_check(const nm_buf *b, const char *where, nm_error *err);
/* fs_write_atomic of a buffer's bytes; a failed (cut-off) buffer is not
 * written: "PATH: not written: more than N bytes". */
int fs_write_buf(const char *path, const nm_buf *b, nm_error *err);
/* write(2) until all n bytes are written (EINTR retried); -1 with errno. */
int fs_write_all(int fd, const void *data, size_t n);
/* pread(2) from off until n bytes are read, the file ends or a read fails
 * (EINTR retried): how many bytes were read. */
size_t fs_pread_all(int fd, void *buf, size_t n, uint64_t off);
/* mkdir -p; existing directories are fine. */
int fs_mkdirs(const char *dir, nm_error *err);
/* Reads a whole regular file into out (appending). Fails clearly on a
 * directory, an unreadable file or one larger than max bytes. */
int fs_read_file(const char *path, size_t max, nm_buf *out, nm_error *err);
/* True when a directory entry name is one of our temporary files, which a
 * restart may delete: ".<name>.nmtmp-<pid>-<n>". */
bool fs_is_temp_name(const char *name);
/* The temp name beside path, "DIR/.BASE.nmtmp-PID-N", unique in this
 * process and matched by fs_is_temp_name (so a killed run's leftovers are
 * swept). Returns -1 when it does not fit in cap. */
int fs_temp_path(const char *path, char *out, size_t cap);
bool fs_exists(const char *path);
bool fs_is_dir(const char *path);

/* ---- hashing (hash.c) --------------------------------------------------- */

/* XXH64: stable across runs, machines and versions (post names rely on it). */
uint64_t hash64(const void *p, size_t n, uint64_t seed);
/* XXH64 of a, a 0 byte, then b: a stable key for a pair of strings. */
uint64_t hash64_pair(const char *a, const char *b);
/* 16 lower-case hex digits and a NUL. */
void hash64_hex(uint64_t h, char out[17]);

/* ---- logging (log.c) ---------------------------------------------------- */

/* Messages go to stderr prefixed "newsmill: ". Errors always show; warnings
 * and info are silenced by -q; debug needs -v. Thread safe: one line is
 * written with one call. */
enum { LOG_QUIET = 0, LOG_NORMAL = 1, LOG_VERBOSE = 2 };
void log_set_level(int level);
int log_get_level(void);
void log_error(const char *fmt, ...) NM_PRINTF(1, 2);
void log_warn(const char *fmt, ...) NM_PRINTF(1, 2);
void log_info(const char *fmt, ...) NM_PRINTF(1, 2);
void log_debug(const char *fmt, ...) NM_PRINTF(1, 2);
/* Prints an nm_error as "newsmill: error: where:line: msg". */
void log_nm_error(const nm_error *e);

/* ---- progress (progress.c) --------------------------------------------- */

/* A one-line progress bar on stderr, drawn only when stderr is a TTY,
 * progress is enabled (--no-progress turns it off) and the log level is not
 * quiet. Updates are cheap and thread safe; redraws are limited to ~10/s. */
typedef struct progress progress;
void progress_enable(bool on);
progress *progress_start(const char *label, uint64_t total);
void progress_add(progress *p, uint64_t n);  /* NULL is fine */
void progress_finish(progress *p);           /* clears the line, frees */

/* ---- thread pool (pool.c) ------------------------------------------------ */

typedef struct pool pool;
int nm_cpu_count(void);
pool *pool_new(int nthreads);        /* <= 0: one per CPU */
int pool_size(const pool *p);
void pool_submit(pool *p, void (*fn)(void *arg), void *arg);
void pool_wait(pool *p);             /* until every submitted task ran */
void pool_free(pool *p);             /* waits, then joins the threads */
/* Runs fn(i, worker, ctx) for i in [0, n) on the pool's threads and the
 * caller's; worker is in [0, pool_size(p)] so that callers can keep
 * per-thread buffers. Returns when all are done. p may be NULL (serial). */
void pool_for(pool *p, size_t n, void (*fn)(size_t i, int worker, void *ctx), void *ctx);

/* ---- dates (date.c, tz.c) ------------------------------------------------ */

/* Instants are int64 seconds since the Unix epoch, UTC. NM_NO_TIME means
 * "no date" (missing or unparseable): never a guess. */
#define NM_NO_TIME INT64_MIN

/* A time zone: UTC, a fixed offset, or an IANA zone read from the system's
 * tz database (/usr/share/zoneinfo, TZif v1/v2+, with the footer's POSIX
 * rule for instants past the last transition), never the machine's local
 * zone. */
typedef struct date_zone date_zone;
/* "UTC", "GMT", "Z", "+08:00", "+0800", "-05", "Asia/Shanghai" … NULL and
 * "" give UTC. Returns NULL for an unknown or malformed name (".." or a
 * leading '/' or bytes outside [A-Za-z0-9/_+-]) with err (may be NULL)
 * saying "unknown time zone 'X' (…)" and an empty where. Zones are cached
 * and live for the process: do not free. Thread safe. */
const date_zone *date_zone_get(const char *name, nm_error *err);
const date_zone *date_zone_utc(void);
/* A zone from the bytes of a TZif file (RFC 8536, v1 or v2+), not cached:
 * for tests and tools. NULL when the bytes are not valid TZif. The caller
 * frees it with date_zone_free (NULL and date_zone_utc() are ignored;
 * never pass it a zone from date_zone_get, those live for the process). */
date_zone *date_zone_from_tzif(const void *data, size_t n);
void date_zone_free(date_zone *z);
/* Offset from UTC, in seconds east, in force at instant t (NULL: UTC). */
long date_zone_offset(const date_zone *z, int64_t t);

/* Parses every date form newsmill meets: RFC 822/1123/2822/850 (weekday
 * optional, feedparser's zone names, numeric zones, 2-digit years per RFC
 * 2822: 00-49 → 20xx, 50-99 → 19xx, seconds optional), W3C-DTF/RFC 3339/
 * ISO 8601 (partial dates "2003-06" and "2003", basic "20030610T094101Z",
 * space for T, fractional seconds dropped), YAML timestamps
 * "2022-08-19 03:48:41", "2022/08/19 11:48", asctime, and Chinese forms
 * "2020年08月31日 12:56". Reads only s[0..n) (no NUL needed); ASCII
 * whitespace around is ignored. A date without a zone is read in zone
 * `local` (UTC when NULL); a date without a time is midnight. Returns
 * NM_NO_TIME for anything it cannot read, an unknown zone name, an
 * impossible date (2022-02-30, hour 24) or a year outside 1..9999 (as
 * written or in UTC). Second 60 reads as 59. Thread safe. */
int64_t date_parse(const char *s, size_t n, const date_zone *local);
/* "Fri, 19 Aug 2022 03:48:41 GMT" (29 chars + NUL); "" for NM_NO_TIME. */
void date_format_rfc1123(int64_t t, char out[32]);
/* "2022-08-19T03:48:41Z" (20 chars + NUL); "" for NM_NO_TIME. */
void date_format_iso(int64_t t, char out[32]);
/* Broken-down time of t in zone z (UTC when NULL); wday 0 = Sunday, yday
 * 0-based. NM_NO_TIME (and |t| >= 2^52) gives all zeros. */
typedef struct date_parts {
    int year, month, day, hour, minute, second, wday, yday;
    long offset; /* seconds east of UTC */
} date_parts;
void date_split(int64_t t, const date_zone *z, date_parts *out);
/* Days-from-civil: seconds since the epoch of a UTC calendar time; fields
 * may be out of range and are normalized (month 13 = January next year,
 * Feb 30 = Mar 2 or 1, hour 25 = 01:00 the next day). */
int64_t date_from_civil(int year, int month, int day, int hour, int minute, int second);

/* ---- libraries loaded at run time (dl.c) ---------------------------------- */

/* A library newsmill loads with dlopen when a command first needs it
 * (libcurl, libmicrohttpd), so that the others do not map it at start-up.
 * slots[i] receives the address of names[i]. Define it static with
 * .mu = PTHREAD_MUTEX_INITIALIZER; the fields after init are dl_load's. */
typedef struct dl_lib {
    const char *what;          /* "libcurl", for messages */
    const char *package;       /* the Debian package that installs it */
    const char *const *libs;   /* file names to try in order, NULL-terminated */
    const char *const *names;  /* the symbols, NULL-terminated */
    void **const *slots;       /* one per name */
    int (*init)(nm_error *err); /* run once after the load, or NULL */
    pthread_mutex_t mu;
    bool tried;
    int rc;
    nm_error err;
} dl_lib;

/* The first call opens the first of l->libs that loads (it stays loaded),
 * fills the slots and runs init; later calls give the same outcome.
 * -1 with err ("cannot load libcurl (…); install the libcurl4 package",
 * or the symbol that is missing) when it failed. Thread safe. */
int dl_load(dl_lib *l, nm_error *err);

/* ---- one setting of a YAML file (yamlkey.c) ------------------------------ */

/* The scalar at the key path keys (NULL-terminated, e.g. {"newsmill",
 * "store", NULL}) of the YAML file path, copied into a. Returns 1 found
 * (*value, and *line 1-based), 0 when the file, the key or a scalar there
 * is absent, -1 when the file cannot be read or is not YAML (err names
 * path:line). */
int yaml_scalar_at(const char *path, const char *const *keys, arena *a, const char **value,
                   long *line, nm_error *err);

/* ---- URLs (url.c) --------------------------------------------------------- */

/* RFC 3986 reference resolution of ref against base (both UTF-8), ref
 * trimmed of ASCII whitespace first. Returns a string in arena a; the
 * trimmed ref when base is NULL/empty; an absolute ref only loses its dot
 * segments ("http:g" against an http base is relative, as in browsers).
 * Never fails: odd input is resolved as browsers do. Thread safe. */
char *url_resolve(arena *a, const char *base, const char *ref);
/* Lower-case scheme of url ("http", "mailto" …) in out, or "" if none. */
void url_scheme(const char *url, char *out, size_t n);
/* The host of a URL ("a.example" of "http://u@A.example:80/x"),
 * lower-cased, in a; NULL when it has none. Thread safe. */
char *url_host(arena *a, const char *url);
/* Appends path[0..n) to out, percent-encoding (upper-case hex) every byte
 * outside RFC 3986's unreserved set and '/', for turning a UTF-8 path into
 * an href. Returns -1 only when out's cap is hit (out then holds a prefix
 * of the encoding). */
int url_encode_path(nm_buf *out, const char *path, size_t n);
/* The same encoding written to out, which has room for 3 * n bytes (no
 * NUL added); returns the bytes written. */
size_t url_encode_path_to(char *out, const char *path, size_t n);

#endif
