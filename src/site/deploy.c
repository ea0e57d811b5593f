/*
 * deploy.c — `newsmill deploy`: public/ to the web server, changed files
 * only, never a page before the files it uses.
 *
 * The idea: a visitor may load any page at any moment of a deploy, so the
 * order of the changes is the guarantee. First every file that is not a
 * page (CSS, scripts, images, feeds, sidebar data) that is new or changed,
 * then the pages (*.html), then, last, deletions: pages first, then the
 * rest, then directories left empty. A page that arrives finds its assets
 * already there; a file that goes is no longer referenced by any page.
 *
 * To a local directory (Hexo's deploy `root` without a `host`, or --to
 * DIR) the copy is done here: both trees are listed, a file is sent when
 * the target lacks it or its size or mtime differ (rsync's quick check;
 * the target gets the source's mtime), through a temporary file and a
 * rename, so the target holds the old bytes or the new, never a mix. A
 * deploy killed at any moment leaves only whole files and temporary ones,
 * which the next deploy removes before anything else: running it again
 * converges. To a host (`host`, `user`, `root`, `port` of
 * hexo-deployer-rsync, or --to USER@HOST:DIR), the same three passes are
 * three runs of rsync over ssh.
 *
 * A deploy refuses to start while public/ is the output of a build that
 * did not finish (.newsmill/build-running): its pages may name files the
 * build had not written yet.
 *
 * Deliberately not here: other deploy types (git, ftp …) of Hexo.
 */
#include "site_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct dfile {
    char *rel;
    int64_t size, mtime_ns;
    struct timespec mtime;
} dfile;

typedef struct dlist {
    dfile *v;
    size_t n, cap;
    char **dirs; /* relative directories, for removing empty ones */
    size_t ndirs, capdirs;
} dlist;

static void list_tree(const char *root, const char *rel, dlist *l, bool sweep)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s%s%s", root, *rel ? "/" : "", rel);
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char r[4200];
        snprintf(r, sizeof r, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (fs_is_temp_name(e->d_name)) {
            if (sweep && S_ISREG(st.st_mode))
                unlinkat(dirfd(d), e->d_name, 0); /* a killed deploy's */
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (l->ndirs == l->capdirs) {
                l->capdirs = l->capdirs ? 2 * l->capdirs : 256;
                l->dirs = xrealloc(l->dirs, l->capdirs * sizeof *l->dirs);
            }
            l->dirs[l->ndirs++] = xstrdup(r);
            list_tree(root, r, l, sweep);
        } else if (S_ISREG(st.st_mode)) {
            if (l->n == l->cap) {
                l->cap = l->cap ? 2 * l->cap : 4096;
                l->v = xrealloc(l->v, l->cap * sizeof *l->v);
            }
            l->v[l->n++] = (dfile){xstrdup(r), (int64_t)st.st_size,
                                   (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec,
                                   st.st_mtim};
        }
    }
    closedir(d);
}

static int cmp_dfile(const void *a, const void *b)
{
    return strcmp(((const dfile *)a)->rel, ((const dfile *)b)->rel);
}

static void dlist_free(dlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].rel);
    for (size_t i = 0; i < l->ndirs; i++)
        free(l->dirs[i]);
    free(l->v);
    free(l->dirs);
    memset(l, 0, sizeof *l);
}

static bool is_page(const char *rel)
{
    size_t n = strlen(rel);
    return (n >= 5 && !strcmp(rel + n - 5, ".html")) || (n >= 4 && !strcmp(rel + n - 4, ".htm"));
}

/* mkdir -p of the directory part of path (under an existing root). */
static int make_parents(const char *path, nm_error *err)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return 0;
    *slash = 0;
    return fs_mkdirs(dir, err);
}

/* Copies src to dst through a temporary file and a rename; dst gets the
 * source's mtime, so that the next deploy's quick check finds it. */
static int copy_file(const char *src, const char *dst, const struct timespec *mtime,
                     nm_error *err)
{
    char tmp[4300];
    if (fs_temp_path(dst, tmp, sizeof tmp) < 0)
        return nm_fail(err, dst, 0, "path too long");
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return nm_fail(err, src, 0, "cannot open: %s", strerror(errno));
    int out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (out < 0 && errno == ENOENT) {
        if (make_parents(dst, err) < 0) {
            close(in);
            return -1;
        }
        out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    }
    if (out < 0) {
        int e = errno;
        close(in);
        return nm_fail(err, dst, 0, "cannot write: %s", strerror(e));
    }
    char buf[1 << 16];
    ssize_t r;
    int rc = 0;
    while ((r = read(in, buf, sizeof buf)) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 || fs_write_all(out, buf, (size_t)r) != 0) {
            rc = -1;
            break;
        }
    }
    int e = errno;
    struct timespec times[2] = {*mtime, *mtime};
    if (rc == 0 && futimens(out, times) != 0)
        rc = -1, e = errno;
    close(in);
    if (close(out) != 0 && rc == 0)
        rc = -1, e = errno;
    if (rc == 0 && rename(tmp, dst) != 0)
        rc = -1, e = errno;
    if (rc < 0) {
        unlink(tmp);
        return nm_fail(err, dst, 0, "cannot write: %s", strerror(e));
    }
    return 0;
}

static int cmp_len_desc(const void *a, const void *b)
{
    size_t x = strlen(*(char *const *)a), y = strlen(*(char *const *)b);
    return x < y ? 1 : x > y ? -1 : 0;
}

static int deploy_local(const char *public_dir, const char *target, site_deploy_stats *st,
                        nm_error *err)
{
    if (fs_mkdirs(target, err) < 0)
        return -1;
    dlist src = {0}, dst = {0};
    list_tree(public_dir, "", &src, false);
    list_tree(target, "", &dst, true);
    if (src.n > 1)
        qsort(src.v, src.n, sizeof *src.v, cmp_dfile);
    if (dst.n > 1)
        qsort(dst.v, dst.n, sizeof *dst.v, cmp_dfile);
    /* for each source file, is the target's the same? (merge of sorted lists) */
    bool *send = xcalloc(src.n + 1, 1);
    bool *gone = xcalloc(dst.n + 1, 1);
    size_t i = 0, k = 0;
    while (i < src.n || k < dst.n) {
        int c = i >= src.n ? 1 : k >= dst.n ? -1 : strcmp(src.v[i].rel, dst.v[k].rel);
        if (c < 0)
            send[i++] = true;
        else if (c > 0)
            gone[k++] = true;
        else {
            send[i] = src.v[i].size != dst.v[k].size || src.v[i].mtime_ns != dst.v[k].mtime_ns;
            st->unchanged += !send[i];
            i++, k++;
        }
    }
    int rc = 0;
    char from[4200], to[4200];
    /* pass 1: what pages use; pass 2: pages */
    for (int pass = 0; pass < 2 && rc == 0; pass++)
        for (i = 0; i < src.n && rc == 0; i++) {
            if (!send[i] || is_page(src.v[i].rel) != (pass == 1))
                continue;
            snprintf(from, sizeof from, "%s/%s", public_dir, src.v[i].rel);
            snprintf(to, sizeof to, "%s/%s", target, src.v[i].rel);
            rc = copy_file(from, to, &src.v[i].mtime, err);
            if (rc == 0) {
                st->sent++;
                st->bytes += (uint64_t)src.v[i].size;
            }
        }
    /* pass 3: deletions, pages first; then directories left empty */
    for (int pass = 0; pass < 2 && rc == 0; pass++)
        for (k = 0; k < dst.n; k++) {
            if (!gone[k] || is_page(dst.v[k].rel) != (pass == 0))
                continue;
            snprintf(to, sizeof to, "%s/%s", target, dst.v[k].rel);
            if (unlink(to) == 0)
                st->deleted++;
        }
    if (rc == 0) {
        if (dst.ndirs > 1)
            qsort(dst.dirs, dst.ndirs, sizeof *dst.dirs, cmp_len_desc);
        for (k = 0; k < dst.ndirs; k++) {
            snprintf(to, sizeof to, "%s/%s", target, dst.dirs[k]);
            rmdir(to); /* fails, as it should, when not empty */
        }
    }
    free(send);
    free(gone);
    dlist_free(&src);
    dlist_free(&dst);
    return rc;
}

/* ---- over ssh: rsync ------------------------------------------------------ */

/* Runs rsync with argv; counts the files it sent and deleted from its
 * --itemize-changes lines and the bytes from --stats. */
static int run_rsync(char **argv, site_deploy_stats *st, nm_error *err)
{
    int fds[2];
    if (pipe(fds) != 0)
        return nm_fail(err, "rsync", 0, "cannot start: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0)
        return nm_fail(err, "rsync", 0, "cannot start: %s", strerror(errno));
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "newsmill: cannot run rsync: %s\n", strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    FILE *f = fdopen(fds[0], "r");
    char line[8192];
    while (f && fgets(line, sizeof line, f)) {
        unsigned long long n;
        if (!strncmp(line, "<f", 2))
            st->sent++;
        else if (!strncmp(line, "*deleting", 9))
            st->deleted++;
        else if (sscanf(line, "Total transferred file size: %llu", &n) == 1)
            st->bytes += n;
        else if (!strncmp(line, "Total transferred file size: ", 29)) {
            /* rsync 3 prints thousands separators: 1,234,567 */
            unsigned long long v = 0;
            for (const char *p = line + 29; *p && *p != ' ' && *p != '\n'; p++)
                if (*p >= '0' && *p <= '9')
                    v = v * 10 + (unsigned)(*p - '0');
            st->bytes += v;
        }
    }
    if (f)
        fclose(f);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status))
        return nm_fail(err, "rsync", 0, "failed (exit %d): the deploy can be run again",
                       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}

static int deploy_rsync(const char *public_dir, const char *dest, int port, site_deploy_stats *st,
                        nm_error *err)
{
    char src[4200], rsh[64];
    snprintf(src, sizeof src, "%s/", public_dir);
    snprintf(rsh, sizeof rsh, "ssh -p %d", port);
    /* 1: everything but pages; 2: pages; 3: deletions */
    for (int pass = 0; pass < 3; pass++) {
        char *argv[16];
        int n = 0;
        argv[n++] = (char *)"rsync";
        argv[n++] = (char *)"-rlt";
        argv[n++] = (char *)"--itemize-changes";
        argv[n++] = (char *)"--stats";
        /* mtimes to the nanosecond, as the local copy compares them: a page
         * rebuilt within the second of the last deploy at the same size is
         * still sent (rsync >= 3.1.3 on both ends) */
        argv[n++] = (char *)"--modify-window=-1";
        if (port > 0) {
            argv[n++] = (char *)"-e";
            argv[n++] = rsh;
        }
        if (pass == 0) {
            argv[n++] = (char *)"--exclude=*.html";
            argv[n++] = (char *)"--exclude=*.htm";
        }
        if (pass == 2) {
            argv[n++] = (char *)"--delete";
            argv[n++] = (char *)"--delete-after";
        }
        argv[n++] = src;
        argv[n++] = (char *)dest;
        argv[n] = NULL;
        if (run_rsync(argv, st, err) < 0)
            return -1;
    }
    return 0;
}

int site_deploy(const site_deploy_opts *o, site_deploy_stats *st, nm_error *err)
{
    memset(st, 0, sizeof *st);
    const char *dir = o->site_dir ? o->site_dir : ".";
    arena *a = arena_new(0);
    int rc = -1;
    site_config c;
    char *config = arena_printf(a, "%s/_config.yml", dir);
    char *public_dir = arena_printf(a, "%s/public", dir);
    if (site_config_load(a, config, &c, err) < 0)
        goto out;
    if (fs_exists(arena_printf(a, "%s/" NM_STATE_DIR "/build-running", dir))) {
        nm_fail(err, public_dir, 0,
                "the last build did not finish: run newsmill build, then deploy");
        goto out;
    }
    if (!fs_is_dir(public_dir)) {
        nm_fail(err, public_dir, 0, "no site to deploy: run newsmill build first");
        goto out;
    }
    const char *to = o->to;
    bool remote = false;
    if (!to) {
        if (strcmp(c.deploy_type, "rsync")) {
            nm_fail(err, config, 0,
                    *c.deploy_type ? "deploy: type %s is not supported (rsync is)"
                                   : "no deploy: section with type: rsync, and no --to%s",
                    c.deploy_type);
            goto out;
        }
        if (!*c.deploy_root) {
            nm_fail(err, config, 0, "deploy: root is missing");
            goto out;
        }
        if (*c.deploy_host) {
            to = *c.deploy_user
                     ? arena_printf(a, "%s@%s:%s", c.deploy_user, c.deploy_host, c.deploy_root)
                     : arena_printf(a, "%s:%s", c.deploy_host, c.deploy_root);
            remote = true;
        } else
            to = c.deploy_root;
    } else {
        const char *colon = strchr(to, ':'), *slash = strchr(to, '/');
        remote = colon && (!slash || colon < slash);
    }
    if (!remote && !o->use_rsync && *to != '/')
        to = arena_printf(a, "%s/%s", dir, to); /* relative to the site, as Hexo's root */
    st->target = xstrdup(to);
    if (remote || o->use_rsync)
        rc = deploy_rsync(public_dir, remote ? to : arena_printf(a, "%s/", to), c.deploy_port, st,
                          err);
    else
        rc = deploy_local(public_dir, to, st, err);
out:
    arena_free(a);
    return rc;
}

bool site_has_deploy(const char *site_dir)
{
    arena *a = arena_new(0);
    site_config c;
    nm_error err;
    bool yes = site_config_load(a, arena_printf(a, "%s/_config.yml", site_dir ? site_dir : "."),
                                &c, &err) == 0 &&
               !strcmp(c.deploy_type, "rsync");
    arena_free(a);
    return yes;
}
