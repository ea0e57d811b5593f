/*
 * cmd_check.c — `newsmill check`: read every post of the site and report
 * each problem as `path:line: message`, like a compiler.
 *
 * Every name ending in `.md` under source/_posts/ counts, found
 * recursively and read in sorted order, so the report is the same on
 * every machine. Anything named like a post that is not a readable
 * regular file (a directory, a dangling link, a FIFO) is a problem too:
 * Hexo would trip over it. Problems go to stdout, one a line, with no
 * prefix, so editors and grep can use them; a summary goes to stderr.
 * Hidden names and newsmill's temporary files are skipped, and symbolic
 * links to directories are not followed (no loops). Posts are read on
 * every core (a million posts take seconds); the report does not depend
 * on which thread read what.
 *
 * Not here: checking what a post links to, or the site configuration.
 */
#include "cli.h"
#include "post/post.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct path_list {
    char **v;
    size_t n, cap;
} path_list;

static void add_path(path_list *l, char *p)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
    }
    l->v[l->n++] = p;
}

static bool ends_with_md(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".md") == 0;
}

/* Collects the .md names under dir; directories are entered whatever
 * their name (a directory named x.md is both reported and entered). */
static void walk(const char *dir, path_list *out, int depth)
{
    DIR *d = opendir(dir);
    if (!d) {
        /* Reported by the caller for the top; below, a directory we cannot
         * list is a problem of its own when named like a post. */
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || fs_is_temp_name(e->d_name))
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *p = xmalloc(n);
        snprintf(p, n, "%s/%s", dir, e->d_name);
        struct stat st;
        bool is_dir = e->d_type == DT_DIR ||
                      (e->d_type == DT_UNKNOWN && lstat(p, &st) == 0 && S_ISDIR(st.st_mode));
        if (is_dir && depth < 64)
            walk(p, out, depth + 1);
        if (ends_with_md(e->d_name))
            add_path(out, p);
        else
            free(p);
    }
    closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct check_job {
    char **files;
    char **problems; /* per file: "path:line: message" or NULL */
    arena **arenas;  /* per worker */
    post_read_opts opts;
    progress *pr;
} check_job;

static void check_one(size_t i, int worker, void *ctx)
{
    check_job *j = ctx;
    post p;
    nm_error err;
    if (post_read_file(j->arenas[worker], j->files[i], &j->opts, &p, &err) < 0) {
        char msg[2048];
        j->problems[i] = xstrdup(nm_error_format(&err, msg, sizeof(msg)));
    }
    arena_reset(j->arenas[worker]);
    progress_add(j->pr, 1);
}

static int check_run(const nm_cli *cli, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage_error("check", "unexpected argument '%s'", argv[1]);
    arena *a = arena_new(0);
    const char *dir = cli_site_path(a, cli, "source/_posts");
    if (!fs_is_dir(dir)) {
        fprintf(stderr, "newsmill: check: %s: no such directory (is %s a site?)\n", dir,
                cli->site_dir);
        arena_free(a);
        return EXIT_USAGE;
    }
    post_read_opts opts = {0};
    nm_error zerr;
    if (post_site_zone(cli_site_path(a, cli, "_config.yml"), &opts.zone, &zerr) < 0) {
        log_nm_error(&zerr);
        arena_free(a);
        return EXIT_USAGE;
    }
    path_list files = {0};
    walk(dir, &files, 0);
    qsort(files.v, files.n, sizeof(*files.v), cmp_str);

    /* Posts are read in parallel; problems are printed in sorted order. */
    pool *workers = files.n >= 256 ? pool_new(0) : NULL;
    int nworkers = workers ? pool_size(workers) + 1 : 1;
    check_job job = {.files = files.v, .problems = xcalloc(files.n + 1, sizeof(char *)),
                     .arenas = xcalloc((size_t)nworkers, sizeof(arena *)),
                     .opts = opts};
    for (int w = 0; w < nworkers; w++)
        job.arenas[w] = arena_new(0);
    job.pr = progress_start("check", files.n);
    pool_for(workers, files.n, check_one, &job);
    progress_finish(job.pr);
    pool_free(workers);

    size_t bad = 0;
    for (size_t i = 0; i < files.n; i++) {
        if (job.problems[i]) {
            puts(job.problems[i]);
            bad++;
        }
        free(job.problems[i]);
        free(files.v[i]);
    }
    fflush(stdout);
    if (bad)
        log_info("check: %zu of %zu posts have problems", bad, files.n);
    else
        log_info("check: %zu posts, no problems", files.n);
    for (int w = 0; w < nworkers; w++)
        arena_free(job.arenas[w]);
    free(job.arenas);
    free(job.problems);
    free(files.v);
    arena_free(a);
    return bad ? EXIT_SOME_FAILED : EXIT_OK;
}

const nm_command cmd_check = {
    .name = "check",
    .summary = "read every post and report each problem as path:line: message",
    .usage = "Usage: newsmill [-C DIR] check\n"
             "\n"
             "Reads every *.md under source/_posts/ (recursively, in sorted order) as\n"
             "newsmill and Hexo would, and prints one line per problem:\n"
             "\n"
             "  source/_posts/broken.md:4: bad YAML: mapping values are not allowed ...\n"
             "\n"
             "Problems are front matter that is missing or never closed, bad YAML or\n"
             "JSON, tabs, duplicate keys, values of the wrong kind, dates that cannot be\n"
             "read, invalid UTF-8, NUL bytes, over-large or over-deep front matter, and\n"
             "names ending in .md that are not readable files. It goes on after each\n"
             "problem. Dates without a zone are read in _config.yml's 'timezone'.\n"
             "Exit status: 0 no problem, 1 some posts have problems, 2 no\n"
             "source/_posts/ directory or a bad _config.yml.\n"
             "\n"
             "Examples:\n"
             "  newsmill check\n"
             "  newsmill -C mysite -q check | cut -d: -f1 | sort -u   (the broken files)\n",
    .run = check_run,
};
