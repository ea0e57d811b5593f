/*
 * cmd_search.c — `newsmill search [--json] [-n N] [--offset N] [--reindex]
 * QUERY...`: bring the site's search index up to date, then print the
 * best matches.
 *
 * The update is incremental (only new and changed posts are read), so
 * running search right after editing a post finds the edit. Exit status
 * follows grep: 0 when something matched, 1 when nothing did, 2 for a
 * usage error, a directory that is not a site, or an index that cannot be
 * opened or written. Posts that cannot be read are warned about (once
 * each, `newsmill check` says more) and left out; they do not change the
 * exit status, so a script can tell "no match" from "broken".
 *
 * Text output: per hit a line "DATE  TITLE", then the path and a snippet,
 * indented, and a blank line; matched terms are bold only when stdout is
 * a terminal. --json prints one object with every hit's fields.
 */
#include "cli.h"
#include "search/search.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int parse_count(const char *opt, const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || errno || s[0] == '-' || v > 1000000)
        return cli_usage_error("search", "%s wants a number from 0 to 1000000, not '%s'", opt, s);
    *out = (size_t)v;
    return 0;
}

/* s with the highlight marks replaced by open/close (NULL: dropped). */
static void put_marked(nm_buf *b, const char *s, const char *open, const char *close)
{
    for (; *s; s++) {
        if (*s == SEARCH_MARK_OPEN[0]) {
            if (open)
                buf_puts(b, open);
        } else if (*s == SEARCH_MARK_CLOSE[0]) {
            if (close)
                buf_puts(b, close);
        } else {
            buf_putc(b, *s);
        }
    }
}

static char *marked(const char *s, const char *open, const char *close)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    put_marked(&b, s, open, close);
    return buf_detach(&b, NULL);
}

/* HTML-escaped text with <mark> around matched terms. */
static char *marked_html(const char *s)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    for (; *s; s++) {
        switch (*s) {
        case '\x02': buf_puts(&b, "<mark>"); break;
        case '\x03': buf_puts(&b, "</mark>"); break;
        case '&': buf_puts(&b, "&amp;"); break;
        case '<': buf_puts(&b, "&lt;"); break;
        case '>': buf_puts(&b, "&gt;"); break;
        case '"': buf_puts(&b, "&quot;"); break;
        default: buf_putc(&b, *s);
        }
    }
    return buf_detach(&b, NULL);
}

static json_t *take_string(char *s)
{
    json_t *j = json_stringn(s, strlen(s));
    free(s);
    return j ? j : json_string("");
}

static void print_json(const char *q, const search_results *r)
{
    json_t *o = json_object();
    json_t *jq = json_string(q); /* NULL for invalid UTF-8 */
    json_object_set_new(o, "query", jq ? jq : json_string(""));
    json_t *hits = json_array();
    for (size_t i = 0; i < r->n; i++) {
        const search_hit *h = &r->hits[i];
        json_t *j = json_object();
        json_object_set_new(j, "path", json_string(h->path));
        json_object_set_new(j, "title", json_string(h->title));
        char d[32];
        date_format_iso(h->date, d);
        json_object_set_new(j, "date", *d ? json_string(d) : json_null());
        json_object_set_new(j, "score", json_real(h->score));
        json_object_set_new(j, "snippet", take_string(marked(h->snippet, NULL, NULL)));
        json_object_set_new(j, "title_html", take_string(marked_html(h->title_marked)));
        json_object_set_new(j, "snippet_html", take_string(marked_html(h->snippet)));
        json_array_append_new(hits, j);
    }
    json_object_set_new(o, "hits", hits);
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    puts(s ? s : "{}");
    free(s);
    json_decref(o);
}

static void print_text(const search_results *r, bool tty)
{
    const char *open = tty ? "\x1b[1m" : NULL, *close = tty ? "\x1b[0m" : NULL;
    for (size_t i = 0; i < r->n; i++) {
        const search_hit *h = &r->hits[i];
        char d[32];
        date_format_iso(h->date, d);
        if (*d)
            d[10] = '\0';
        else
            snprintf(d, sizeof(d), "(no date) ");
        char *title = marked(h->title_marked, open, close);
        char *snip = marked(h->snippet, open, close);
        printf("%s  %s\n  %s\n", d, title, h->path);
        if (*snip)
            printf("  %s\n", snip);
        if (i + 1 < r->n)
            putchar('\n');
        free(title);
        free(snip);
    }
}

static int search_run(const nm_cli *cli, int argc, char **argv)
{
    bool json = false, reindex = false;
    size_t limit = 10, offset = 0;
    nm_buf q;
    buf_init(&q, NM_BUF_NOLIMIT);
    bool opts_done = false;
    /* Options may come before or after the words (as with grep); after
     * "--" everything is a word. A '-' before anything but an ASCII
     * letter or '-' is an exclusion (-第1号, -"a phrase"), not an option;
     * -word needs the "--" first. */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int bad = 0;
        bool optlike = a[0] == '-' && (a[1] == '-' || (a[1] >= 'a' && a[1] <= 'z') ||
                                       (a[1] >= 'A' && a[1] <= 'Z'));
        if (opts_done || !optlike) {
            if (q.len)
                buf_putc(&q, ' ');
            buf_puts(&q, a);
        } else if (strcmp(a, "--") == 0) {
            opts_done = true;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--reindex") == 0) {
            reindex = true;
        } else if (strcmp(a, "-n") == 0 || strcmp(a, "--offset") == 0) {
            if (i + 1 >= argc)
                bad = cli_usage_error("search", "%s needs a number", a);
            else
                bad = parse_count(a, argv[++i], a[1] == 'n' ? &limit : &offset);
        } else {
            bad = cli_usage_error("search", "unknown option '%s'", a);
        }
        if (bad) {
            buf_free(&q);
            return EXIT_USAGE;
        }
    }
    if (q.len == 0) {
        buf_free(&q);
        return cli_usage_error("search", "what should I search for? (give a QUERY)");
    }

    int rc = EXIT_USAGE;
    nm_error err;
    search_db *db = NULL;
    search_stats stats = {0};
    search_results res = {0};
    if (search_open(cli->site_dir, &db, &err) < 0 || search_update(db, reindex, &stats, &err) < 0) {
        log_nm_error(&err);
        goto out;
    }
    for (size_t k = 0; k < stats.failed; k++)
        log_warn("%s (not searchable)", stats.problems[k]);
    if (stats.indexed || stats.removed)
        log_info("search: %zu posts, %zu indexed, %zu removed", stats.posts, stats.indexed,
                 stats.removed);
    if (search_query(db, buf_cstr(&q), limit, offset, &res, &err) < 0) {
        log_nm_error(&err);
        goto out;
    }
    if (res.nterms == 0) {
        rc = cli_usage_error("search", "'%s' has no words to search for", buf_cstr(&q));
        goto out;
    }
    if (json)
        print_json(buf_cstr(&q), &res);
    else
        print_text(&res, isatty(STDOUT_FILENO));
    fflush(stdout);
    rc = res.n ? EXIT_OK : 1;
out:
    search_results_free(&res);
    search_stats_free(&stats);
    search_close(db);
    buf_free(&q);
    return rc;
}

const nm_command cmd_search = {
    .name = "search",
    .summary = "update the search index and print the posts that match a query",
    .usage =
        "Usage: newsmill [-C DIR] search [--json] [-n N] [--offset N] [--reindex] QUERY...\n"
        "\n"
        "Brings the site's full-text index (.newsmill/search.db, SQLite FTS5) up to\n"
        "date with source/_posts/ (only new and changed posts are read), then prints\n"
        "the best matches: date, title, path and a snippet with the matched terms\n"
        "(bold on a terminal). Every word of the query must match; words match\n"
        "whole, case and width folded (ＡＢＣ finds abc). Chinese, Japanese and\n"
        "Korean text is matched by character pairs: 互联网 finds the posts where\n"
        "互联网 is written; one character (网) finds every word that has it.\n"
        "\"Quoted words\" must be adjacent (a phrase). *, AND, OR and parentheses\n"
        "are searched as words, not operators. Filters: category:NAME and\n"
        "author:NAME (a phrase in the post's categories or author; quote a name\n"
        "with spaces: category:\"World News\"), since:DATE and until:DATE (UTC days,\n"
        "until: included), -WORD and -\"a phrase\" (posts without it; an ASCII\n"
        "-word needs -- before it, or it reads as an option).\n"
        "Ranking: bm25, a match in the title counts 10 times one in the body;\n"
        "equal scores list the newest post first. Over 1,000 matches are ranked\n"
        "a block at a time: the newest 1,000 first, then the next 1,000.\n"
        "\n"
        "Options (before or after the words; -- ends them):\n"
        "  --json       one JSON object: query, hits (path, title, date, score,\n"
        "               snippet, title_html, snippet_html with <mark>)\n"
        "  -n N         at most N hits (default 10)\n"
        "  --offset N   skip the first N hits (the next page)\n"
        "  --reindex    rebuild the index from scratch first\n"
        "\n"
        "Exit status: 0 something matched, 1 nothing matched, 2 usage error,\n"
        "no source/_posts/, or an index that cannot be used. Posts that cannot be\n"
        "read are named in a warning and left out of the index.\n"
        "\n"
        "Examples:\n"
        "  newsmill search 互联网\n"
        "  newsmill -C mysite search -n 20 world cup\n"
        "  newsmill search --json --offset 10 数字经济 | jq -r '.hits[].path'\n"
        "  newsmill search 央行 category:金融 since:2022-08-01 -欧洲\n"
        "  newsmill search -- '\"digital economy\"' -china\n",
    .run = search_run,
};
