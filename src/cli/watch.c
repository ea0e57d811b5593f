/*
 * watch.c — `serve --watch`: rebuild the site when its sources change and
 * tell the open pages (the server's live state, src/serve/live.c).
 *
 * inotify watches every directory under source/ and themes/ (directories
 * created later are added as they appear) and the site directory itself
 * for _config.yml and for source/ or themes/ appearing. Events are
 * gathered until 40 ms pass without one (an editor's save is several),
 * then the site is built in this thread with the ordinary incremental
 * build, so a rebuild after one edit costs what `newsmill build` costs.
 * SIGINT/SIGTERM arrive through a signalfd in the same poll().
 *
 * Errors: a build that fails (config, theme, write) shows its message;
 * posts that cannot be read are read again here, the changed ones, to
 * show their file:line message in the page (the build names them in the
 * terminal). Names starting with '.', ending with '~' and our temporary
 * files are ignored (editor swap files, the build's own writes).
 */
#include "watch.h"

#include "../post/post.h"
#include "../site/site.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#define MASK (IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF)

typedef struct watcher {
    int fd;
    char **dirs; /* by watch descriptor */
    size_t ndirs;
    char **changed; /* paths of this batch */
    size_t nchanged;
} watcher;

static void add_dir(watcher *w, const char *dir, int depth)
{
    int wd = inotify_add_watch(w->fd, dir, MASK | IN_ONLYDIR);
    if (wd < 0)
        return;
    if ((size_t)wd >= w->ndirs) {
        size_t n = (size_t)wd + 64;
        w->dirs = xrealloc(w->dirs, n * sizeof *w->dirs);
        memset(w->dirs + w->ndirs, 0, (n - w->ndirs) * sizeof *w->dirs);
        w->ndirs = n;
    }
    free(w->dirs[wd]);
    w->dirs[wd] = xstrdup(dir);
    DIR *d = opendir(dir);
    if (!d || depth > 32) {
        if (d)
            closedir(d);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            add_dir(w, path, depth + 1);
    }
    closedir(d);
}

static bool ignored(const char *name)
{
    size_t n = strlen(name);
    return name[0] == '.' || (n && name[n - 1] == '~') || fs_is_temp_name(name) ||
           strcmp(name, "4913") == 0; /* vim's write test */
}

/* Reads the pending events; true when one of them matters. */
static bool read_events(watcher *w, const char *site)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    bool any = false;
    for (;;) {
        ssize_t n = read(w->fd, buf, sizeof buf);
        if (n <= 0)
            return any;
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *e = (struct inotify_event *)p;
            p += sizeof *e + e->len;
            const char *dir = e->wd >= 0 && (size_t)e->wd < w->ndirs ? w->dirs[e->wd] : NULL;
            if (!dir || !e->len || ignored(e->name))
                continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, e->name);
            if (strcmp(dir, site) == 0) { /* the site directory: only these */
                bool tree = !strcmp(e->name, "source") || !strcmp(e->name, "themes");
                if (!tree && strcmp(e->name, "_config.yml") != 0)
                    continue;
                if (tree && (e->mask & (IN_CREATE | IN_MOVED_TO)))
                    add_dir(w, path, 0);
            } else if ((e->mask & IN_ISDIR) && (e->mask & (IN_CREATE | IN_MOVED_TO))) {
                add_dir(w, path, 0);
            }
            any = true;
            bool seen = false;
            for (size_t i = 0; i < w->nchanged && !seen; i++)
                seen = strcmp(w->changed[i], path) == 0;
            if (seen)
                continue;
            w->changed = xrealloc(w->changed, (w->nchanged + 1) * sizeof *w->changed);
            w->changed[w->nchanged++] = xstrdup(path);
        }
    }
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static bool is_post(const char *path)
{
    size_t n = strlen(path);
    return strstr(path, "/source/_posts/") &&
           ((n > 3 && !strcmp(path + n - 3, ".md")) ||
            (n > 9 && !strcmp(path + n - 9, ".markdown")));
}

/* One build; the message to show in the pages, or NULL (malloc'd). */
static char *build(const char *site, watcher *w)
{
    double t0 = now_ms();
    site_build_opts o = {.site_dir = site};
    site_build_stats st;
    nm_error err;
    nm_error_clear(&err);
    if (site_build(&o, &st, &err) < 0) {
        log_nm_error(&err);
        char msg[2048];
        return xstrdup(nm_error_format(&err, msg, sizeof msg));
    }
    printf("rebuilt in %.0f ms: %zu posts, %zu files written, %zu deleted\n", now_ms() - t0,
           st.posts, st.written, st.deleted);
    fflush(stdout);
    if (!st.bad_posts)
        return NULL;
    /* which of the changed posts is broken, and why */
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    arena *a = arena_new(0);
    post_read_opts ro = {0};
    char cfg[4096];
    snprintf(cfg, sizeof cfg, "%s/_config.yml", site);
    nm_error zerr;
    (void)post_site_zone(cfg, &ro.zone, &zerr);
    for (size_t i = 0; i < w->nchanged; i++) {
        if (!is_post(w->changed[i]) || !fs_exists(w->changed[i]))
            continue;
        post p;
        nm_error perr;
        nm_error_clear(&perr);
        if (post_read_file(a, w->changed[i], &ro, &p, &perr) < 0) {
            char msg[2048];
            buf_printf(&b, "%s%s", b.len ? "\n" : "", nm_error_format(&perr, msg, sizeof msg));
        }
    }
    arena_free(a);
    if (!b.len)
        buf_printf(&b, "%zu post%s could not be read (named in the terminal)", st.bad_posts,
                   st.bad_posts == 1 ? "" : "s");
    return buf_detach(&b, NULL);
}

int serve_watch(const char *site, serve_server *s, const sigset_t *stop)
{
    watcher w = {.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)};
    if (w.fd < 0) {
        log_error("serve --watch: inotify: %s", strerror(errno));
        return -1;
    }
    int sfd = signalfd(-1, stop, SFD_CLOEXEC);
    char path[4096];
    add_dir(&w, site, 99); /* the site directory itself, not below */
    snprintf(path, sizeof path, "%s/source", site);
    add_dir(&w, path, 0);
    snprintf(path, sizeof path, "%s/themes", site);
    add_dir(&w, path, 0);
    unsigned long gen = 1;
    char *error = build(site, &w);
    serve_set_build(s, error ? 0 : gen, error);
    free(error);
    for (;;) {
        struct pollfd p[2] = {{w.fd, POLLIN, 0}, {sfd, POLLIN, 0}};
        if (poll(p, 2, -1) < 0 && errno != EINTR)
            break;
        if (p[1].revents & POLLIN) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof si) > 0)
                log_debug("%s: stopping", si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
            break;
        }
        if (!(p[0].revents & POLLIN))
            continue;
        bool any = read_events(&w, site);
        /* gather the rest of a save: until 40 ms pass without an event */
        struct pollfd q = {w.fd, POLLIN, 0};
        while (poll(&q, 1, 40) > 0)
            any |= read_events(&w, site);
        if (any) {
            error = build(site, &w);
            if (!error)
                gen++;
            else
                printf("build error, shown in the open pages:\n%s\n", error);
            fflush(stdout);
            serve_set_build(s, gen, error);
            free(error);
        }
        for (size_t i = 0; i < w.nchanged; i++)
            free(w.changed[i]);
        w.nchanged = 0;
    }
    for (size_t i = 0; i < w.ndirs; i++)
        free(w.dirs[i]);
    free(w.dirs);
    free(w.changed);
    close(w.fd);
    if (sfd >= 0)
        close(sfd);
    return 0;
}
