/*
 * cmd_post.c — `newsmill post show FILE [--json]` and `newsmill post fmt
 * FILE...`: one post as newsmill reads it, and posts rewritten in the
 * canonical (seed) layout.
 *
 * `fmt` reads each file, writes it back with post_write and replaces the
 * file atomically only when a byte changed, so running it twice changes
 * nothing and a canonical file is never touched (not even its mtime). A
 * file that cannot be read is reported as path:line: message and the
 * others are still done; the exit code is then 1.
 */
#include "cli.h"
#include "post/post.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *date_or_null(int64_t t)
{
    if (t == NM_NO_TIME)
        return json_null();
    char d[32];
    date_format_iso(t, d);
    return json_string(d);
}

static void show_json(const post *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "path", json_string(p->path));
    json_object_set_new(o, "title", str_or_null(p->title));
    json_t *cats = json_array();
    for (size_t i = 0; i < p->ncategories; i++) {
        json_t *h = json_array();
        for (size_t j = 0; j < p->categories[i].n; j++)
            json_array_append_new(h, json_string(p->categories[i].names[j]));
        json_array_append_new(cats, h);
    }
    json_object_set_new(o, "categories", cats);
    json_t *tags = json_array();
    for (size_t i = 0; i < p->ntags; i++)
        json_array_append_new(tags, json_string(p->tags[i]));
    json_object_set_new(o, "tags", tags);
    json_object_set_new(o, "date", date_or_null(p->date));
    json_object_set_new(o, "updated", date_or_null(p->updated));
    json_object_set_new(o, "comments", p->comments < 0 ? json_null() : json_boolean(p->comments));
    json_object_set_new(o, "layout", str_or_null(p->layout));
    json_object_set_new(o, "permalink", str_or_null(p->permalink));
    json_object_set_new(o, "excerpt", str_or_null(p->excerpt));
    json_object_set_new(o, "headimg", str_or_null(p->headimg));
    json_object_set_new(o, "author", str_or_null(p->author));
    json_object_set_new(o, "thumbnail", str_or_null(p->thumbnail));
    json_t *fields = json_array();
    for (size_t i = 0; i < p->nfields; i++) {
        json_t *f = json_object();
        json_object_set_new(f, "key", json_string(p->fields[i].key));
        json_object_set_new(f, "value", str_or_null(p->fields[i].scalar));
        json_object_set_new(f, "yaml", json_string(p->fields[i].yaml));
        json_array_append_new(fields, f);
    }
    json_object_set_new(o, "fields", fields);
    json_object_set_new(o, "json_front_matter", json_boolean(p->json_front_matter));
    json_object_set_new(o, "body_line", json_integer(p->body_line));
    json_object_set_new(o, "more", json_boolean(post_split_more(p->body, NULL, NULL)));
    json_object_set_new(o, "body", json_stringn(p->body.ptr, p->body.len));
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    puts(s);
    free(s);
    json_decref(o);
}

static void show_text(const post *p)
{
    printf("path:       %s\n", p->path);
    printf("title:      %s\n", p->title ? p->title : "(none: Hexo uses the file name)");
    for (size_t i = 0; i < p->ncategories; i++) {
        printf("category:   ");
        for (size_t j = 0; j < p->categories[i].n; j++)
            printf("%s%s", j ? " › " : "", p->categories[i].names[j]);
        putchar('\n');
    }
    for (size_t i = 0; i < p->ntags; i++)
        printf("tag:        %s\n", p->tags[i]);
    char d[32];
    if (p->date != NM_NO_TIME) {
        date_format_iso(p->date, d);
        printf("date:       %s\n", d);
    }
    if (p->updated != NM_NO_TIME) {
        date_format_iso(p->updated, d);
        printf("updated:    %s\n", d);
    }
    if (p->comments >= 0)
        printf("comments:   %s\n", p->comments ? "true" : "false");
    const struct { const char *k, *v; } strs[] = {
        {"layout", p->layout},   {"permalink", p->permalink}, {"excerpt", p->excerpt},
        {"headimg", p->headimg}, {"author", p->author},       {"thumbnail", p->thumbnail},
    };
    for (size_t i = 0; i < NM_ARRAY_LEN(strs); i++)
        if (strs[i].v)
            printf("%s:%*s%s\n", strs[i].k, (int)(11 - strlen(strs[i].k)), "", strs[i].v);
    for (size_t i = 0; i < p->nfields; i++)
        printf("%s: %s\n", p->fields[i].key, p->fields[i].yaml);
    printf("body:       %zu bytes from line %ld%s\n", p->body.len, p->body_line,
           post_split_more(p->body, NULL, NULL) ? ", with a <!-- more --> marker" : "");
}

static int post_show(const post_read_opts *opts, int argc, char **argv)
{
    bool json = false;
    const char *file = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (argv[i][0] == '-' && argv[i][1])
            return cli_usage_error("post", "unknown option '%s' for 'post show'", argv[i]);
        else if (file)
            return cli_usage_error("post", "'post show' takes one file");
        else
            file = argv[i];
    }
    if (!file)
        return cli_usage_error("post", "'post show' needs a file");
    arena *a = arena_new(0);
    post p;
    nm_error err;
    if (post_read_file(a, file, opts, &p, &err) < 0) {
        log_nm_error(&err);
        arena_free(a);
        return EXIT_SOME_FAILED;
    }
    if (json)
        show_json(&p);
    else
        show_text(&p);
    arena_free(a);
    return EXIT_OK;
}

/* Only regular files are posts; a FIFO must not hang fs_read_file. */
static int fmt_check_file(const char *file, nm_error *err)
{
    struct stat st;
    if (stat(file, &st) != 0)
        return nm_fail(err, file, 0, "cannot open: %s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return nm_fail(err, file, 0, "is a directory, not a post");
    if (!S_ISREG(st.st_mode))
        return nm_fail(err, file, 0, "not a regular file, not a post");
    return 0;
}

/* Rewrites one file; 0 ok (changed or not), -1 reported. A symbolic link
 * stays a link: the file it points to is rewritten. */
/* Rewrites one file: 0 done or already canonical, 1 not canonical (check
 * only: the path is printed, nothing written), -1 reported. */
static int fmt_one(const post_read_opts *opts, const char *file, bool check_only)
{
    nm_buf in, out;
    nm_error err;
    buf_init(&in, POST_MAX_FILE);
    buf_init(&out, (size_t)POST_MAX_FILE * 2);
    arena *a = arena_new(0);
    post p;
    int rc = -1;
    char *target = NULL;
    if (fmt_check_file(file, &err) == 0 && fs_read_file(file, POST_MAX_FILE, &in, &err) == 0 &&
        post_parse(a, file, in.data ? in.data : "", in.len, opts, &p, &err) == 0) {
        if (post_write(&p, &out) < 0) {
            nm_fail(&err, file, 0, "formatted post too large");
        } else if (out.len == in.len && memcmp(out.data, in.data, in.len) == 0) {
            log_debug("%s: already canonical", file);
            rc = 0;
        } else if (check_only) {
            puts(file);
            rc = 1;
        } else if (!(target = realpath(file, NULL))) {
            nm_fail(&err, file, 0, "cannot resolve: %s", strerror(errno));
        } else if (fs_write_buf(target, &out, &err) == 0) {
            log_info("formatted %s", file);
            rc = 0;
        }
    }
    if (rc < 0)
        log_nm_error(&err);
    free(target);
    arena_free(a);
    buf_free(&in);
    buf_free(&out);
    return rc;
}

static int post_fmt(const post_read_opts *opts, int argc, char **argv)
{
    bool check_only = false, files = false, dashdash = false;
    for (int i = 2; i < argc; i++) {
        if (dashdash || argv[i][0] != '-' || !argv[i][1])
            files = true;
        else if (strcmp(argv[i], "--") == 0)
            dashdash = true;
        else if (strcmp(argv[i], "--check") == 0)
            check_only = true;
        else
            return cli_usage_error("post", "unknown option '%s' for 'post fmt'", argv[i]);
    }
    if (!files)
        return cli_usage_error("post", "'post fmt' needs at least one file");
    int failed = 0;
    dashdash = false;
    for (int i = 2; i < argc; i++) {
        if (!dashdash && argv[i][0] == '-' && argv[i][1]) {
            dashdash = dashdash || strcmp(argv[i], "--") == 0;
            continue;
        }
        if (fmt_one(opts, argv[i], check_only) != 0)
            failed++;
    }
    fflush(stdout);
    return failed ? EXIT_SOME_FAILED : EXIT_OK;
}

/* Zone-less dates are read in the site's `timezone` (-C DIR's
 * _config.yml), so that `fmt` keeps the instant a person meant. */
static int site_opts(const nm_cli *cli, post_read_opts *opts)
{
    arena *a = arena_new(0);
    nm_error err;
    int rc = post_site_zone(cli_site_path(a, cli, "_config.yml"), &opts->zone, &err);
    if (rc < 0)
        log_nm_error(&err);
    arena_free(a);
    return rc;
}

static int post_run(const nm_cli *cli, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("post", "expected 'show' or 'fmt'");
    bool show = strcmp(argv[1], "show") == 0, fmt = strcmp(argv[1], "fmt") == 0;
    if (!show && !fmt)
        return cli_usage_error("post", "'%s' is not a post subcommand (expected 'show' or 'fmt')",
                               argv[1]);
    post_read_opts opts = {0};
    if (site_opts(cli, &opts) < 0)
        return EXIT_USAGE;
    return show ? post_show(&opts, argc, argv) : post_fmt(&opts, argc, argv);
}

const nm_command cmd_post = {
    .name = "post",
    .summary = "show a post as newsmill reads it, or rewrite posts canonically",
    .usage = "Usage: newsmill post show FILE [--json]\n"
             "       newsmill post fmt [--check] FILE...\n"
             "\n"
             "show  prints the post as newsmill reads it: title, category hierarchies,\n"
             "      tags, dates (UTC, ISO 8601), comments, the other keys and where the\n"
             "      body starts. --json prints it as one JSON object, body included.\n"
             "fmt   rewrites each FILE in the canonical layout (the one newsmill writes:\n"
             "      title, categories, headimg, author, comments, date, thumbnail, then\n"
             "      other keys; dates as RFC 1123 GMT), atomically; a file already in\n"
             "      that layout is left untouched, so running it twice changes nothing.\n"
             "      A file it cannot read is reported as path:line: message and the\n"
             "      others are still done (exit 1). --check writes nothing: it prints\n"
             "      the files that are not canonical and exits 1 if there are any.\n"
             "\n"
             "Dates without a zone are read in the site's 'timezone' (_config.yml in\n"
             "the site directory, see -C; UTC without one), as Hexo does.\n"
             "Front matter may be YAML between '---' lines (blank lines before it are\n"
             "fine), JSON between or ending with ';;;' lines, or YAML keys ending with\n"
             "a '---' line, as in Hexo.\n"
             "\n"
             "Examples:\n"
             "  newsmill post show source/_posts/3f2a9c0d1e4b5a67.md\n"
             "  newsmill post show --json source/_posts/hello.md | jq .categories\n"
             "  newsmill post fmt source/_posts/*.md\n"
             "  newsmill post fmt --check source/_posts/*.md   (in CI)\n",
    .run = post_run,
};
