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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct out_result {
    manifest_entry entry;
    bool ok, written, rendered;
    nm_error *err;
} out_result;

typedef struct worker_state {
    nm_buf buf;
    arena *page;
} worker_state;

typedef struct build_job {
    site_model *m;
    site_outputs *outs;
    site_render *render;
    const manifest *old;
    const site_deps *deps;
    bool verify;
    const char *public_dir;
    out_result *results;
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
        return site_render_page(j->render, w->page, j->m->worker_arenas[worker], o, &w->buf,
                                again, err);
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
    out_result *res = &j->results[i];
    progress_add(j->bar, 1);
    nm_error err;
    nm_error_clear(&err);
    const manifest_entry *old = manifest_find(j->old, o->file);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", j->public_dir, o->file);
    uint64_t dep = site_deps_of(j->deps, j->m, o);
    /* the inputs have not changed: the file is the one the manifest knows
     * (a killed build leaves the old manifest, whose inputs' hashes then
     * differ for every output it made again) */
    if (dep && old && old->dep == dep &&
        (!j->verify || site_file_matches(path, old->size, old->mtime_ns))) {
        res->entry = *old;
        res->entry.path = o->file;
        res->ok = true;
        return;
    }
    res->rendered = dep != 0 && o->kind != OUT_STATIC;
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
        res->entry.path = o->file;
        res->entry.hash = hash64(data, w->buf.len, 0);
        res->entry.size = w->buf.len;
        res->entry.dep = dep;
        if (old && old->hash == res->entry.hash && old->size == res->entry.size &&
            site_file_matches(path, old->size, old->mtime_ns)) {
            res->entry.mtime_ns = old->mtime_ns;
            res->ok = true;
            return;
        }
        rc = site_write_file(path, data, w->buf.len, &res->entry.mtime_ns, &err);
        res->written = rc == 0;
    }
    if (rc < 0) {
        res->err = xmalloc(sizeof err);
        *res->err = err;
        return;
    }
    res->ok = true;
}

/* Two outputs for one file (a post whose permalink hits a list page, a
 * static file named like a page): the first in layout order wins, the
 * others are dropped with a warning. A hash set of the files: sorting
 * 170,000 paths that share long prefixes cost more than a no-op build. */
static void drop_duplicates(site_outputs *o)
{
    if (o->n < 2)
        return;
    size_t cap = 64;
    while (cap < 2 * o->n)
        cap *= 2;
    site_output **slots = xcalloc(cap, sizeof *slots);
    uint64_t *keys = xcalloc(cap, sizeof *keys);
    bool any = false;
    for (size_t i = 0; i < o->n; i++) {
        site_output *v = &o->v[i];
        uint64_t key = hash64(v->file, strlen(v->file), 0x66696c65ull);
        size_t k = key & (cap - 1);
        while (slots[k] && (keys[k] != key || strcmp(slots[k]->file, v->file)))
            k = (k + 1) & (cap - 1);
        if (!slots[k]) {
            slots[k] = v;
            keys[k] = key;
            continue;
        }
        log_warn("two outputs want public/%s; keeping the first%s%s", v->file,
                 v->post ? ", dropping post " : "", v->post ? v->post->fm.path : "");
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
    site_images images = {0};
    out_result *results = NULL;
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
    if (manifest_load(&old, manifest_path, err) < 0)
        goto out;
    /* the calling thread works too: N jobs = N - 1 pool threads */
    int jobs = opts->jobs > 0 ? opts->jobs : nm_cpu_count();
    p = jobs > 1 ? pool_new(jobs - 1) : NULL;
    uint64_t program_config = site_deps_program_config(config);
    if (site_model_load(&m, dir, cache_path, program_config, p, err) < 0)
        goto out;
    st->posts = m.nposts;
    st->bad_posts = m.bad_posts;
    site_outputs_make(&m, dir, &outs);
    drop_duplicates(&outs);
    if (site_images_build(&images, dir, state_dir, public_dir, &old, p, opts->verify, err) < 0)
        goto out;
    if (site_render_init(&render, &m, &images, dir, p, err) < 0)
        goto out;
    render_ok = true;
    st->images = images.n;
    st->images_encoded = images.encoded;
    st->images_seconds = images.seconds;
    site_deps deps;
    uint64_t global = site_deps_global(program_config, render.theme.dir);
    if (images.epoch)
        global = hash64(&images.epoch, sizeof images.epoch, global);
    site_deps_init(&deps, global, &m, &outs);

    int nworkers = pool_size(p) + 1;
    workers = xcalloc((size_t)nworkers, sizeof *workers);
    for (int i = 0; i < nworkers; i++) {
        buf_init(&workers[i].buf, (size_t)1 << 30);
        workers[i].page = arena_new(256u << 10);
    }
    results = xcalloc(outs.n + 1, sizeof *results);
    build_job job = {&m, &outs, &render, &old, &deps, opts->verify, public_dir, results, workers,
                     progress_start("build", outs.n)};
    pool_for(p, outs.n, build_one, &job);
    progress_finish(job.bar);

    site_search_out search = {0};
    nm_error search_err;
    bool search_failed = site_search_index(&m, p, public_dir, &old, deps.global, opts->verify,
                                          &search, &search_err) < 0;
    manifest_entry *entries = xcalloc(outs.n + search.n + images.nentries + 1, sizeof *entries);
    size_t nentries = 0;
    for (size_t i = 0; i < images.nentries; i++)
        entries[nentries++] = images.entries[i];
    st->outputs += images.nentries;
    st->bytes += images.bytes;
    st->written += images.written;
    st->unchanged += images.nentries - images.written;
    bool failed = false;
    if (search_failed) {
        *err = search_err;
        failed = true;
    }
    for (size_t i = 0; i < search.n; i++)
        entries[nentries++] = search.entries[i];
    st->outputs += search.n;
    st->bytes += search.bytes;
    st->written += search.written;
    st->unchanged += search.n - search.written;
    free(search.entries);
    for (size_t i = 0; i < outs.n; i++) {
        if (!results[i].ok) {
            if (!failed)
                nm_error_clear(err), *err = *results[i].err;
            else
                log_nm_error(results[i].err);
            failed = true;
            free(results[i].err);
            continue;
        }
        entries[nentries++] = results[i].entry;
        st->outputs++;
        st->bytes += results[i].entry.size;
        st->rendered += results[i].rendered;
        if (results[i].written)
            st->written++;
        else
            st->unchanged++;
    }
    /* what the old build made and this one does not: delete */
    manifest cur = {.n = nentries, .v = entries};
    cur.cap = 64;
    while (cur.cap < 2 * nentries + 2)
        cur.cap *= 2;
    cur.slots = xcalloc(cur.cap, sizeof *cur.slots);
    for (size_t i = 0; i < nentries; i++) {
        size_t k = hash64(entries[i].path, strlen(entries[i].path), 0x6d616e6966657374ull) &
                   (cur.cap - 1);
        while (cur.slots[k])
            k = (k + 1) & (cur.cap - 1);
        cur.slots[k] = &entries[i];
    }
    for (size_t i = 0; i < old.n; i++)
        if (!manifest_find(&cur, old.v[i].path)) {
            /* a failed output keeps its old file: retried next build */
            bool kept = false;
            for (size_t k = 0; failed && k < outs.n; k++)
                kept |= !results[k].ok && !strcmp(outs.v[k].file, old.v[i].path);
            if (!kept) {
                site_remove_stale(public_dir, old.v[i].path);
                st->deleted++;
            }
        }
    free(cur.slots);
    /* nothing written, deleted or made again: the manifest stays as it is */
    bool same = !failed && st->written == 0 && st->deleted == 0 && nentries == old.n;
    for (size_t i = 0; same && i < nentries; i++) {
        const manifest_entry *e = manifest_find(&old, entries[i].path);
        same = e && e->hash == entries[i].hash && e->dep == entries[i].dep &&
               e->mtime_ns == entries[i].mtime_ns && e->size == entries[i].size;
    }
    int saved = same ? 0 : manifest_save(manifest_path, entries, nentries, failed ? NULL : err);
    free(entries);
    if (failed || saved < 0)
        goto out;
    unlink(running);
    rc = 0;
out:
    if (workers) {
        for (int i = 0; i < pool_size(p) + 1; i++) {
            buf_free(&workers[i].buf);
            arena_free(workers[i].page);
        }
        free(workers);
    }
    free(results);
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
