/*
 * cmd_extract.c — `newsmill extract`: the article of saved pages (or of
 * URLs fetched on the spot), for users writing site rules, for the tests
 * and for the benchmark.
 *
 * One process runs any number of pages: FILE arguments, `-` for stdin,
 * http(s) URLs (fetched with fetch_all), and with --list a TSV file of
 * "path<TAB>url" lines. A page that cannot be read or has no article is
 * reported (stderr, and the "error" field with --json) and the run goes
 * on; the exit status is then 1.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"
#include "fetch/fetch.h"

#define PAGE_MAX (((size_t)64 << 20) + 1)

typedef enum out_mode { OUT_HTML, OUT_TEXT, OUT_JSON } out_mode;

typedef struct run_state {
    const extract_rules *rules;
    out_mode mode;
    arena *a;
    int failed;
    bool write_error;
} run_state;

/* "key":value, for one JSON line (a string that is not UTF-8 is null). */
static void put_field(nm_buf *b, const char *key, const char *v)
{
    buf_printf(b, "%s\"%s\":", b->len > 1 ? "," : "", key);
    buf_put_json_str(b, v && utf8_valid(v, strlen(v)) ? v : NULL);
}

/* Prints one page's result; err is NULL on success. The JSON line is
 * written by hand (util's JSON string writer): jansson's encoder was a
 * tenth of the benchmark's time. */
static void emit(run_state *st, const char *source, const char *url, const extract_article *art,
                 const char *error)
{
    if (error) {
        log_error("extract: %s", error);
        st->failed++;
    }
    if (st->mode == OUT_JSON) {
        nm_buf b;
        buf_init(&b, NM_BUF_NOLIMIT);
        buf_putc(&b, '{');
        put_field(&b, "source", source);
        put_field(&b, "url", url);
        put_field(&b, "title", art ? art->title : NULL);
        put_field(&b, "byline", art ? art->byline : NULL);
        char iso[32] = "";
        if (art && art->published != NM_NO_TIME)
            date_format_iso(art->published, iso);
        put_field(&b, "published", iso[0] ? iso : NULL);
        put_field(&b, "lead_image", art ? art->lead_image : NULL);
        put_field(&b, "next_page", art ? art->next_page : NULL);
        put_field(&b, "single_page", art ? art->single_page : NULL);
        put_field(&b, "charset", art ? art->charset : NULL);
        buf_puts(&b, art && art->bozo ? ",\"bozo\":true" : ",\"bozo\":false");
        put_field(&b, "rule", art ? art->rule : NULL);
        put_field(&b, "html", art ? art->html : NULL);
        put_field(&b, "text", art ? art->text : NULL);
        put_field(&b, "error", error);
        buf_puts(&b, "}\n");
        if (buf_failed(&b) || fwrite(b.data, 1, b.len, stdout) != b.len)
            st->write_error = true;
        buf_free(&b);
        return;
    }
    if (!art || error)
        return;
    const char *s = st->mode == OUT_TEXT ? art->text : art->html;
    if (fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF)
        st->write_error = true;
}

static void run_bytes(run_state *st, const char *source, const char *url, const char *data,
                      size_t len, const char *http_charset)
{
    arena_reset(st->a);
    extract_input in = {.data = data, .len = len, .url = url, .http_charset = http_charset};
    extract_article art;
    nm_error err;
    nm_error_clear(&err);
    if (extract_page(st->a, st->rules, &in, &art, &err) < 0) {
        /* the source names the page (the URL is in its own field) */
        emit(st, source, url, &art, arena_printf(st->a, "%s: %s", source, err.msg));
        return;
    }
    emit(st, source, url, &art, NULL);
}

static void run_file(run_state *st, const char *path, const char *url)
{
    nm_buf b;
    nm_error err;
    nm_error_clear(&err);
    buf_init(&b, PAGE_MAX);
    int rc = 0;
    if (!strcmp(path, "-")) {
        char chunk[65536];
        size_t n;
        while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
            if (buf_append(&b, chunk, n) < 0) {
                rc = nm_fail(&err, "stdin", 0, "page is larger than the 64 MiB limit");
                break;
            }
    } else {
        rc = fs_read_file(path, PAGE_MAX - 1, &b, &err);
    }
    if (rc < 0) {
        char msg[1024];
        emit(st, path, url, NULL, nm_error_format(&err, msg, sizeof(msg)));
    } else {
        run_bytes(st, path, url, buf_cstr(&b), b.len, NULL);
    }
    buf_free(&b);
}

static void fetched(const fetch_request *req, fetch_result *res, void *ctx)
{
    run_state *st = ctx;
    if (!res->ok) {
        char msg[1024];
        emit(st, req->url, req->url, NULL, nm_error_format(&res->err, msg, sizeof(msg)));
        return;
    }
    char cs[64] = "";
    const char *ct = res->content_type ? strcasestr(res->content_type, "charset=") : NULL;
    if (ct) {
        ct += 8;
        size_t k = 0;
        while (*ct && *ct != ';' && *ct != ' ' && k + 1 < sizeof(cs))
            if (*ct != '"')
                cs[k++] = *ct++;
            else
                ct++;
        cs[k] = 0;
    }
    run_bytes(st, req->url, res->final_url ? res->final_url : req->url, buf_cstr(&res->body),
              res->body.len, cs[0] ? cs : NULL);
}

static void run_url(run_state *st, const char *url)
{
    fetch_request req = {.url = url};
    fetch_opts o;
    fetch_opts_default(&o);
    nm_error err;
    nm_error_clear(&err);
    if (fetch_all(&req, 1, &o, fetched, st, &err) < 0) {
        char msg[1024];
        emit(st, url, url, NULL, nm_error_format(&err, msg, sizeof(msg)));
    }
}

static void run_list(run_state *st, const char *list)
{
    nm_buf b;
    nm_error err;
    nm_error_clear(&err);
    buf_init(&b, (size_t)256 << 20);
    if (fs_read_file(list, (size_t)256 << 20, &b, &err) < 0) {
        char msg[1024];
        emit(st, list, NULL, NULL, nm_error_format(&err, msg, sizeof(msg)));
        buf_free(&b);
        return;
    }
    str_view rest = sv_make(buf_cstr(&b), b.len);
    arena *la = arena_new(0);
    long lineno = 0;
    while (rest.len) {
        str_view line = sv_next_line(&rest);
        lineno++;
        while (line.len && (line.ptr[line.len - 1] == '\r'))
            line.len--;
        if (!line.len || line.ptr[0] == '#')
            continue;
        const char *tab = memchr(line.ptr, '\t', line.len);
        char *path = sv_dup(la, sv_make(line.ptr, tab ? (size_t)(tab - line.ptr) : line.len));
        char *url = tab ? sv_dup(la, sv_trim(sv_make(tab + 1, line.len - (size_t)(tab - line.ptr) - 1)))
                        : NULL;
        if (url && !*url)
            url = NULL;
        if (!*path) {
            emit(st, list, url, NULL,
                 arena_printf(la, "%s:%ld: no file before the tab (want PATH<TAB>URL)", list,
                              lineno));
            continue;
        }
        run_file(st, path, url);
        arena_reset(la);
    }
    arena_free(la);
    buf_free(&b);
}

static int extract_run(const nm_cli *cli, int argc, char **argv)
{
    (void)cli;
    if (cli_wants_help(argc, argv))
        return cli_print_usage(cli_find("extract"));
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'},      {"text", no_argument, NULL, 't'},
        {"url", required_argument, NULL, 'u'}, {"rules", required_argument, NULL, 'r'},
        {"list", required_argument, NULL, 'l'}, {"no-builtin-rules", no_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    const char *url = NULL, *list = NULL;
    const char **dirs = xcalloc((size_t)argc + 1, sizeof(char *));
    size_t ndirs = 0;
    bool builtin = true;
    out_mode mode = OUT_HTML;
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
        switch (ch) {
        case 'j': mode = OUT_JSON; break;
        case 't': mode = OUT_TEXT; break;
        case 'u': url = optarg; break;
        case 'r': dirs[ndirs++] = optarg; break;
        case 'l': list = optarg; break;
        case 'n': builtin = false; break;
        default:
            free(dirs);
            return cli_usage_error("extract", "unknown option '%s'", argv[optind - 1]);
        }
    }
    int nargs = argc - optind;
    if (!nargs && !list) {
        free(dirs);
        return cli_usage_error("extract", "no page given (FILE, URL, - or --list FILE)");
    }
    if (url && (nargs != 1 || list)) {
        free(dirs);
        return cli_usage_error("extract", "--url applies to exactly one FILE");
    }
    extract_rules *rules = extract_rules_new(builtin);
    int rc = EXIT_OK;
    for (size_t i = 0; i < ndirs; i++) {
        nm_error err;
        nm_error_clear(&err);
        if (extract_rules_load_dir(rules, dirs[i], &err) < 0) {
            log_nm_error(&err);
            rc = EXIT_USAGE;
        }
    }
    free(dirs);
    if (rc != EXIT_OK) {
        extract_rules_free(rules);
        return rc;
    }
    size_t nw;
    const char *const *w = extract_rules_warnings(rules, &nw);
    for (size_t i = 0; i < nw; i++)
        log_warn("%s", w[i]);
    run_state st = {.rules = rules, .mode = mode, .a = arena_new(0)};
    if (list)
        run_list(&st, list);
    for (int i = optind; i < argc; i++) {
        const char *arg = argv[i];
        if (!strncmp(arg, "http://", 7) || !strncmp(arg, "https://", 8))
            run_url(&st, arg);
        else
            run_file(&st, arg, url);
    }
    if (fflush(stdout) == EOF)
        st.write_error = true;
    arena_free(st.a);
    extract_rules_free(rules);
    if (st.write_error) {
        log_error("extract: cannot write the output");
        return EXIT_SOME_FAILED;
    }
    return st.failed ? EXIT_SOME_FAILED : EXIT_OK;
}

const nm_command cmd_extract = {
    .name = "extract",
    .summary = "extract the article from saved pages or URLs",
    .usage = "Usage: newsmill extract [--json | --text] [--url URL] [--rules DIR]...\n"
             "                        [--no-builtin-rules] [--list TSV] FILE|URL|-...\n"
             "\n"
             "Extracts the article of each page as `newsmill fetch` does for feeds with\n"
             "full text: the page's charset (HTTP header, BOM, <meta> anywhere in the\n"
             "head, then detection), a site rule for its host (FiveFilters site-config\n"
             "format: newsmill's built-in rules, then each --rules DIR) or else the\n"
             "general extractor, and the page's metadata (JSON-LD, Open Graph, <meta>,\n"
             "<time>, <title>). Prints the article's HTML (not yet cleaned; pipe it to\n"
             "`newsmill sanitize`), its text with --text, or with --json one JSON object\n"
             "per page and line: source, url, title, byline, published (UTC, ISO 8601),\n"
             "lead_image, next_page, single_page, charset, bozo, rule, html, text, error.\n"
             "\n"
             "Options:\n"
             "  --json              one JSON object per page (JSON Lines)\n"
             "  --text              print the plain text instead of HTML\n"
             "  --url URL           the address of the one FILE (picks the site rule,\n"
             "                      resolves relative links)\n"
             "  --rules DIR         also read site rules from DIR/*.txt (repeatable; a\n"
             "                      file there replaces a built-in of the same name)\n"
             "  --no-builtin-rules  the general extractor only (no site rules at all)\n"
             "  --list TSV          pages from a file of PATH<TAB>URL lines (one process\n"
             "                      for any number of pages)\n"
             "An http(s) argument is fetched (politely, as feeds are); - reads stdin.\n"
             "\n"
             "Exit status: 0 every page gave an article; 1 some page failed (each is\n"
             "reported and the run goes on); 2 usage error or unreadable rules DIR.\n"
             "\n"
             "Examples:\n"
             "  newsmill extract --url https://finance.sina.com.cn/a/doc-1.shtml page.html\n"
             "  newsmill extract --text https://example.com/news/story.html\n"
             "  newsmill extract --json --rules ftr-site-config --list pages.tsv > out.jsonl\n"
             "  newsmill extract page.html | newsmill sanitize --text\n",
    .run = extract_run,
};
