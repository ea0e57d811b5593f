/*
 * build.c — one `newsmill build`: config, model, layout, render, write.
 *
 * The idea: after the serial steps that link the site together (reading
 * the config, the posts' metadata, sorting posts, making the category
 * tree, laying out every output), the work is one parallel loop over
 * independent outputs. An output whose inputs' hash (deps.c) is the one
 * the manifest recorded, and whose file is the one the manifest knows, is
 * not rendered at all; any other is rendered into the worker's own buffer
 * and page arena, hashed, and written only when its bytes differ.
 * Results land in a per-output slot, so the manifest and the statistics
 * come out the same whatever the thread count. Stale outputs are deleted
 * and the manifest saved at the end (when anything changed).
 *
 * A marker file (.newsmill/build-running) exists while a build runs: if a
 * build finds it, the previous one was killed, and the temporary files it
 * may have left in public/ are swept first.
 *
 * Deliberately not here: what a page looks like (render.c, the theme).
 */
#include "site_int.h"

#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* With -v: the seconds since the build started, the resident and peak
 * memory after a phase of the build (Linux's /proc/self/status; of the
 * resident, what is files mapped), and malloc's own count of the bytes
 * in use and of those free in its heaps (mallinfo2: what the resident
 * set holds that no allocation does), to see which phase time and
 * memory follow. */
static double build_t0;

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void mem_mark(const char *phase)
{
    if (log_get_level() < LOG_VERBOSE)
        return;
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return;
    char line[256];
    long rss = -1, hwm = -1, file = -1;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "VmRSS:", 6))
            rss = strtol(line + 6, NULL, 10);
        else if (!strncmp(line, "VmHWM:", 6))
            hwm = strtol(line + 6, NULL, 10);
        else if (!strncmp(line, "RssFile:", 8))
            file = strtol(line + 8, NULL, 10);
    }
    fclose(f);
    struct mallinfo2 mi = mallinfo2();
    log_debug("build: %s: %.2f s, %ld MB resident (%ld MB of files mapped), %ld MB peak; "
              "malloc: %zu MB in use, %zu MB free",
              phase, seconds() - build_t0, rss / 1024, file / 1024, hwm / 1024,
              (mi.uordblks + mi.hblkhd) >> 20, mi.fordblks >> 20);
}

typedef struct manifest_loader {
    manifest *m;
    const char *path;
    int rc;
    nm_error err;
} manifest_loader;

static void *load_manifest(void *ctx)
{
    manifest_loader *l = ctx;
    l->rc = manifest_load(l->m, l->path, &l->err);
    return NULL;
}

/* What became of an output (build_job.status). OUT_SAME: its manifest
 * entry is the old one (nothing for the manifest to save). */
enum { OUT_OK = 1, OUT_WRITTEN = 2, OUT_RENDERED = 4, OUT_SAME = 8 };

/* An output that failed: logged, and its old file kept. */
typedef struct out_failure {
    size_t index;
    nm_error err;
} out_failure;

typedef struct worker_state {
    nm_buf buf;
    arena *page;
    out_failure *fails;     /* this worker's, in the order it met them */
    size_t nfails, capfails;
} worker_state;

typedef struct build_job {
    site_model *m;
    site_outputs *outs;
    site_render *render;
    const manifest *old;
    const site_deps *deps;
    bool verify;
    const char *public_dir;
    manifest_entry *entries; /* one per output: the new manifest's */
    uint8_t *status;         /* one per output: OUT_* bits */
    uint8_t *seen;           /* one per old manifest entry: an output of
                                this build has its path (not stale) */
    worker_state *workers;
    progress *bar;
} build_job;

static int make_bytes(build_job *j, const site_output *o, int worker, bool *again, nm_error *err)
{
    worker_state *w = &j->workers[worker];
    switch (o->kind) {
    case OUT_POST:
    case OUT_LIST:
    case OUT_CATEGORIES:
    case OUT_TAGS:
    case OUT_NOT_FOUND:
    case OUT_SEARCH:
    case OUT_SIDEBAR:
        return site_render_page(j->render, w->page, o, &w->buf, again, err);
    case OUT_ATOM:
    case OUT_RSS:
    case OUT_JSON_FEED:
    case OUT_SITEMAP:
    case OUT_SITEMAP_PART:
        return site_feed_render(j->m, j->outs, o, w->page, &w->buf, err);
    case OUT_STATIC:
        return fs_read_file(o->source, (size_t)1 << 30, &w->buf, err);
    case OUT_THEME_FILE: {
        int rc = site_theme_file(&j->render->theme, o->source, &w->buf, err);
        return rc == 1 ? nm_fail(err, o->source, 0, "the theme has no such file") : rc;
    }
    }
    return -1;
}

static void build_one(size_t i, int worker, void *ctx)
{
    build_job *j = ctx;
    worker_state *w = &j->workers[worker];
    const site_output *o = &j->outs->v[i];
    manifest_entry *e = &j->entries[i];
    progress_add(j->bar, 1);
    nm_error err;
    nm_error_clear(&err);
    const manifest_entry *old = manifest_find(j->old, o->file);
    if (old)
        j->seen[manifest_index(j->old, old)] = 1;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", j->public_dir, o->file);
    uint64_t dep = site_deps_of(j->deps, j->m, o);
    /* the inputs have not changed: the file is the one the manifest knows
     * (a killed build leaves the old manifest, whose inputs' hashes then
     * differ for every output it made again) */
    if (dep && old && old->dep == dep &&
        (!j->verify || site_file_matches(path, old->size, old->mtime_ns))) {
        *e = *old;
        e->path = o->file;
        j->status[i] = OUT_OK | OUT_SAME;
        return;
    }
    uint8_t status = dep != 0 && o->kind != OUT_STATIC ? OUT_RENDERED : 0;
    buf_reset(&w->buf);
    bool again = false;
    int rc = make_bytes(j, o, worker, &again, &err);
    /* it names an image not there yet: no inputs' hash, made next time */
    if (again)
        dep = 0;
    arena_reset(w->page);
    if (rc == 0)
        rc = buf_check(&w->buf, o->file, &err);
    if (rc == 0) {
        const char *data = w->buf.data ? w->buf.data : "";
        e->path = o->file;
        e->hash = hash64(data, w->buf.len, 0);
        e->size = w->buf.len;
        e->dep = dep;
        if (old && old->hash == e->hash && old->size == e->size &&
            site_file_matches(path, old->size, old->mtime_ns)) {
            e->mtime_ns = old->mtime_ns;
            j->status[i] = status | OUT_OK | (e->dep == old->dep ? OUT_SAME : 0);
            return;
        }
        rc = site_write_file(path, data, w->buf.len, &e->mtime_ns, &err);
        if (rc == 0)
            status |= OUT_WRITTEN;
    }
    if (rc < 0) {
        if (w->nfails == w->capfails) {
            w->capfails = w->capfails ? 2 * w->capfails : 16;
            w->fails = xrealloc(w->fails, w->capfails * sizeof *w->fails);
        }
        w->fails[w->nfails++] = (out_failure){i, err};
        return;
    }
    j->status[i] = status | OUT_OK;
}

typedef struct stale_job {
    const manifest *old;
    const size_t *v; /* indexes of old entries to delete */
    const char *public_dir;
} stale_job;

static void remove_one(size_t i, int worker, void *ctx)
{
    (void)worker;
    stale_job *j = ctx;
    site_remove_stale(j->public_dir, j->old->v[j->v[i]].path);
}

/* Takes the n entries v of outputs made apart (the search index, the
 * images' copies: written of them written, bytes in all): marks their
 * old entries seen and counts them in st. Entries kept from old come in
 * its order (looked up with a hint). Returns whether each is its old
 * entry as it was (nothing for the manifest to save). */
static bool take_entries(const manifest_entry *v, size_t n, size_t written, uint64_t bytes,
                         const manifest *old, uint8_t *seen, site_build_stats *st)
{
    bool same = true;
    size_t hint = 0;
    for (size_t i = 0; i < n; i++) {
        const manifest_entry *e = manifest_find_near(old, v[i].path, &hint);
        if (e)
            seen[manifest_index(old, e)] = 1;
        same = same && e && manifest_entry_same(e, &v[i]);
    }
    st->outputs += n;
    st->bytes += bytes;
    st->written += written;
    st->unchanged += n - written;
    return same;
}

static int cmp_failure(const void *a, const void *b)
{
    size_t x = ((const out_failure *)a)->index, y = ((const out_failure *)b)->index;
    return x < y ? -1 : x > y;
}

/* Two outputs for one file (a post whose permalink hits a list page, a
 * static file named like a page): the first in layout order wins, the
 * others are dropped with a warning. A hash set of the files: sorting
 * 170,000 paths that share long prefixes cost more than a no-op build. */
static void drop_duplicates(const site_model *m, site_outputs *o)
{
    if (o->n < 2)
        return;
    size_t cap = 64;
    while (cap < 2 * o->n)
        cap *= 2;
    uint32_t *slots = xcalloc(cap, sizeof *slots); /* index + 1 */
    uint32_t *keys = xcalloc(cap, sizeof *keys);
    bool any = false;
    for (size_t i = 0; i < o->n; i++) {
        site_output *v = &o->v[i];
        uint64_t h = hash64(v->file, strlen(v->file), 0x66696c65ull);
        uint32_t key = (uint32_t)(h >> 32);
        size_t k = h & (cap - 1);
        while (slots[k] && (keys[k] != key || strcmp(o->v[slots[k] - 1].file, v->file)))
            k = (k + 1) & (cap - 1);
        if (!slots[k]) {
            slots[k] = (uint32_t)i + 1;
            keys[k] = key;
            continue;
        }
        log_warn("two outputs want public/%s; keeping the first%s%s%s%s", v->file,
                 v->post ? ", dropping post " : "", v->post ? m->posts_dir : "",
                 v->post ? "/" : "", v->post ? v->post->rel : "");
        v->file = NULL;
        any = true;
    }
    free(slots);
    free(keys);
    if (!any)
        return;
    size_t n = 0;
    for (size_t i = 0; i < o->n; i++)
        if (o->v[i].file)
            o->v[n++] = o->v[i];
    o->n = n;
}

int site_build(const site_build_opts *opts, site_build_stats *st, nm_error *err)
{
    memset(st, 0, sizeof *st);
    build_t0 = seconds();
    const char *dir = opts->site_dir ? opts->site_dir : ".";
    site_model m = {0};
    m.a = arena_new(4u << 20);
    char *config = arena_printf(m.a, "%s/_config.yml", dir);
    char *public_dir = arena_printf(m.a, "%s/public", dir);
    char *state_dir = arena_printf(m.a, "%s/" NM_STATE_DIR, dir);
    char *manifest_path = arena_printf(m.a, "%s/build-manifest", state_dir);
    char *running = arena_printf(m.a, "%s/build-running", state_dir);
    char *cache_path = arena_printf(m.a, "%s/post-cache", state_dir);
    int rc = -1;
    pool *p = NULL;
    manifest old = {0};
    site_outputs outs = {0};
    site_render render = {0};
    bool render_ok = false;
    manifest_entry *entries = NULL;
    uint8_t *status = NULL, *seen = NULL;
    site_images images = {0};
    worker_state *workers = NULL;

    if (site_config_load(m.a, config, &m.cfg, err) < 0)
        goto out;
    if (opts->clean) {
        if (site_remove_tree(public_dir, err) < 0)
            goto out;
        unlink(manifest_path);
        unlink(cache_path);
    } else if (fs_exists(running))
        site_sweep_temp(public_dir);
    if (fs_mkdirs(state_dir, err) < 0 || fs_write_atomic(running, "", 0, err) < 0)
        goto out;
    /* public/ removed by hand: the manifest describes nothing that exists */
    if (!fs_is_dir(public_dir))
        unlink(manifest_path);
    /* the calling thread works too: N jobs = N - 1 pool threads */
    int jobs = opts->jobs > 0 ? opts->jobs : nm_cpu_count();
    p = jobs > 1 ? pool_new(jobs - 1) : NULL;
    /* the manifest is loaded by a thread of its own while the posts are
     * read: the model's serial steps (listing, sorting, linking) leave a
     * CPU free for it */
    manifest_loader ml = {.m = &old, .path = manifest_path};
    pthread_t loader;
    bool threaded = jobs > 1 && pthread_create(&loader, NULL, load_manifest, &ml) == 0;
    if (!threaded)
        load_manifest(&ml);
    uint64_t program_config = site_deps_program_config(config);
    int model_rc = site_model_load(&m, dir, cache_path, program_config, p, err);
    if (threaded)
        pthread_join(loader, NULL);
    if (model_rc < 0)
        goto out;
    if (ml.rc < 0) {
        *err = ml.err;
        goto out;
    }
    mem_mark("manifest loaded, posts read");
    st->posts = m.nposts;
    st->bad_posts = m.bad_posts;
    site_outputs_make(&m, dir, &outs);
    drop_duplicates(&m, &outs);
    if (site_images_build(&images, dir, state_dir, public_dir, &old, p, opts->verify,
                          m.cfg.images_max_pixels, err) < 0)
        goto out;
    if (site_render_init(&render, &m, &images, dir, p, err) < 0)
        goto out;
    render_ok = true;
    mem_mark("outputs laid out");
    st->images = images.n;
    st->images_encoded = images.encoded;
    st->images_seconds = images.seconds;
    site_deps deps;
    uint64_t global = site_deps_global(program_config, render.theme.dir);
    if (images.epoch)
        global = hash64(&images.epoch, sizeof images.epoch, global);
    site_deps_init(&deps, global, &m, &outs);
    /* the search index before the pages: the memory of its segment is
     * free again when they are rendered (peak: the larger, not the sum) */
    site_search_out search = {0};
    nm_error search_err;
    bool search_failed = site_search_index(&m, p, public_dir, state_dir, &old, deps.global,
                                          opts->verify, &search, &search_err) < 0;
    mem_mark("search index made");

    int nworkers = pool_size(p) + 1;
    workers = xcalloc((size_t)nworkers, sizeof *workers);
    for (int i = 0; i < nworkers; i++) {
        buf_init(&workers[i].buf, (size_t)1 << 30);
        workers[i].page = arena_new(256u << 10);
    }
    entries = xcalloc(outs.n + 1, sizeof *entries);
    status = xcalloc(outs.n + 1, 1);
    seen = xcalloc(old.n + 1, 1);
    build_job job = {&m, &outs, &render, &old, &deps, opts->verify, public_dir, entries, status,
                     seen, workers, progress_start("build", outs.n)};
    pool_for(p, outs.n, build_one, &job);
    progress_finish(job.bar);
    mem_mark("outputs made");

    bool failed = false;
    if (search_failed) {
        *err = search_err;
        failed = true;
    }
    /* the failures in output order, whichever worker met them */
    size_t nfails = 0;
    for (int i = 0; i < nworkers; i++)
        nfails += workers[i].nfails;
    out_failure *fails = xcalloc(nfails + 1, sizeof *fails);
    nfails = 0;
    for (int i = 0; i < nworkers; i++)
        for (size_t k = 0; k < workers[i].nfails; k++)
            fails[nfails++] = workers[i].fails[k];
    if (nfails > 1)
        qsort(fails, nfails, sizeof *fails, cmp_failure);
    for (size_t i = 0; i < nfails; i++) {
        if (!failed)
            nm_error_clear(err), *err = fails[i].err;
        else
            log_nm_error(&fails[i].err);
        failed = true;
    }
    free(fails);
    /* the outputs' entries, in place; same: every entry is the old
     * manifest's */
    size_t nentries = 0;
    bool same = !failed;
    for (size_t i = 0; i < outs.n; i++) {
        same = same && (status[i] & OUT_SAME);
        if (!(status[i] & OUT_OK))
            continue; /* failed: no entry, its old file is kept (seen) */
        entries[nentries++] = entries[i];
        st->outputs++;
        st->bytes += entries[i].size;
        st->rendered += (status[i] & OUT_RENDERED) != 0;
        if (status[i] & OUT_WRITTEN)
            st->written++;
        else
            st->unchanged++;
    }
    free(status);
    status = NULL;
    /* the index's entries are saved from their own array (at 1,000,000
     * posts a copy would be 100 MB); the images' join the outputs' */
    same = take_entries(search.entries, search.n, search.written, search.bytes, &old, seen, st) &&
           same;
    same = take_entries(images.entries, images.nentries, images.written, images.bytes, &old, seen,
                        st) &&
           same;
    entries = xrealloc(entries, (nentries + images.nentries + 1) * sizeof *entries);
    if (images.nentries)
        memcpy(&entries[nentries], images.entries, images.nentries * sizeof *entries);
    nentries += images.nentries;
    /* what the old build made and this one does not: delete (a failed
     * output keeps its old file, seen above: retried next build), in
     * parallel (a filled search segment leaves thousands) */
    size_t *stale = xcalloc(old.n + 1, sizeof *stale);
    for (size_t i = 0; i < old.n; i++)
        if (!seen[i])
            stale[st->deleted++] = i;
    stale_job sj = {&old, stale, public_dir};
    pool_for(p, st->deleted, remove_one, &sj);
    free(stale);
    mem_mark("stale files deleted");
    /* nothing written, deleted or made again: the manifest stays as it is */
    same = same && st->written == 0 && st->deleted == 0 && nentries + search.n == old.n;
    int saved = same ? 0
                     : manifest_save(manifest_path, entries, nentries, search.entries, search.n,
                                     failed ? NULL : err);
    free(search.entries);
    search.entries = NULL;
    mem_mark("manifest saved");
    if (failed || saved < 0)
        goto out;
    unlink(running);
    rc = 0;
out:
    if (workers) {
        for (int i = 0; i < pool_size(p) + 1; i++) {
            buf_free(&workers[i].buf);
            arena_free(workers[i].page);
            free(workers[i].fails);
        }
        free(workers);
    }
    free(entries);
    free(status);
    free(seen);
    if (render_ok)
        site_render_free(&render);
    site_images_free(&images);
    free(outs.v);
    manifest_free(&old);
    site_model_free(&m);
    pool_free(p);
    arena_free(m.a);
    return rc;
}
