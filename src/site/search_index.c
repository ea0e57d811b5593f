/*
 * search_index.c — the build's hook for the static search index: the
 * posts' searchable fields (in parallel), the files of public/search/
 * (src/search/shards.c makes them), written like every other output:
 * only when the manifest says the bytes or the file on disk differ.
 *
 * Every file but search/index.json is named by a hash of its bytes, so
 * a rebuild after adding posts writes only the shards whose bytes
 * changed, and the build's stale sweep deletes the ones no longer named.
 *
 * Bodies are not kept in the model (memory follows metadata), so making
 * the index reads every post's file again. That is paid only when the
 * index's inputs changed: their hash (this program, _config.yml and each
 * post's identity, deps.c) is recorded as the dep of search/index.json,
 * and a build whose hash matches keeps the last build's files as they
 * are, reading no post.
 */
#include "site_int.h"

#include "search/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct fields_job {
    site_model *m;
    search_static_doc *docs;
    arena **arenas;
} fields_job;

static void fields_one(size_t d, int worker, void *ctx)
{
    fields_job *j = ctx;
    const site_model *m = j->m;
    site_post *sp = m->posts[m->nposts - 1 - d]; /* oldest first */
    arena *a = j->arenas[worker];
    search_static_doc *doc = &j->docs[d];
    /* the body as the file has it (the CLI's index reads the same), read
     * again: the model keeps none; a file gone since the model was made
     * is indexed by its metadata (the page build reports it) */
    post fm = sp->fm;
    post_read_opts ro = {m->cfg.zone};
    post again;
    nm_error e;
    if (sp->fm.path && post_read_file(a, sp->fm.path, &ro, &again, &e) == 0)
        fm.body = again.body;
    search_post_fields(a, &fm, sp->fm.path ? sp->fm.path : sp->name, SEARCH_BODY_MAX, &doc->f);
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    site_href(&b, &m->cfg, sp->path);
    doc->url = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    doc->date = sp->date == NM_NO_TIME ? ""
                                       : arena_printf(a, "%04d-%02d-%02d", sp->local.year,
                                                      sp->local.month, sp->local.day);
    doc->category = "";
    for (size_t k = 0; k < sp->ncats; k++)
        if (sp->cats[k]->depth == 0) {
            doc->category = sp->cats[k]->name;
            break;
        }
}

typedef struct write_job {
    uint64_t dep;
    const search_static_files *files;
    const manifest *old;
    const char *public_dir;
    manifest_entry *entries;
    bool *written;
    nm_error *errs;
    bool *failed;
} write_job;

static void write_one(size_t i, int worker, void *ctx)
{
    (void)worker;
    write_job *j = ctx;
    const search_static_file *f = &j->files->v[i];
    manifest_entry *e = &j->entries[i];
    e->path = f->name;
    e->hash = hash64(f->data, f->len, 0);
    e->size = f->len;
    e->dep = strcmp(f->name, SEARCH_INDEX_FILE) ? 0 : j->dep;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", j->public_dir, f->name);
    const manifest_entry *old = manifest_find(j->old, f->name);
    if (old && old->hash == e->hash && old->size == e->size &&
        site_file_matches(path, old->size, old->mtime_ns)) {
        e->mtime_ns = old->mtime_ns;
        return;
    }
    nm_error_clear(&j->errs[i]);
    if (site_write_file(path, f->data, f->len, &e->mtime_ns, &j->errs[i]) < 0)
        j->failed[i] = true;
    else
        j->written[i] = true;
}

/* The hash of what the index is made of. */
static uint64_t index_dep(const site_model *m, uint64_t global)
{
    uint64_t h = hash64(&global, sizeof global, 0x7365617263682031ull);
    for (size_t i = 0; i < m->nposts; i++)
        h = hash64(&m->posts[i]->dep, sizeof m->posts[i]->dep, h);
    return h ? h : 1; /* 0 means "no dep" in the manifest */
}

/* A file of the index (not the search page, search/index.html): index.json
 * and the shards under search/<kind>/. */
static bool is_index_file(const char *path)
{
    return !strcmp(path, SEARCH_INDEX_FILE) ||
           (!strncmp(path, "search/", 7) && strchr(path + 7, '/'));
}

/* The last build's index when its inputs are the same and its index.json
 * is on disk as written (every file of it with verify): true with out
 * filled from old's entries. */
static bool index_unchanged(uint64_t dep, const char *public_dir, const manifest *old,
                            bool verify, site_search_out *out)
{
    const manifest_entry *top = manifest_find(old, SEARCH_INDEX_FILE);
    if (!top || top->dep != dep)
        return false;
    char path[4200];
    size_t n = 0;
    for (size_t i = 0; i < old->n; i++) {
        const manifest_entry *e = &old->v[i];
        if (!is_index_file(e->path))
            continue;
        if (e == top || verify) {
            snprintf(path, sizeof path, "%s/%s", public_dir, e->path);
            if (!site_file_matches(path, e->size, e->mtime_ns))
                return false;
        }
        n++;
    }
    out->entries = xcalloc(n + 1, sizeof *out->entries);
    for (size_t i = 0; i < old->n; i++)
        if (is_index_file(old->v[i].path)) {
            out->entries[out->n++] = old->v[i];
            out->bytes += old->v[i].size;
        }
    return true;
}

int site_search_index(site_model *m, pool *p, const char *public_dir, const manifest *old,
                      uint64_t global, bool verify, site_search_out *out, nm_error *err)
{
    memset(out, 0, sizeof *out);
    double t0 = now();
    uint64_t dep = index_dep(m, global);
    if (index_unchanged(dep, public_dir, old, verify, out)) {
        log_debug("search index: unchanged (%zu files)", out->n);
        return 0;
    }
    size_t n = m->nposts;
    int nworkers = pool_size(p) + 1;
    fields_job fj = {m, xcalloc(n + 1, sizeof(search_static_doc)),
                     xcalloc((size_t)nworkers, sizeof(arena *))};
    for (int w = 0; w < nworkers; w++)
        fj.arenas[w] = arena_new(1u << 20);
    pool_for(p, n, fields_one, &fj);
    search_static_files files;
    search_static_build(m->a, fj.docs, n, &files);
    for (int w = 0; w < nworkers; w++)
        arena_free(fj.arenas[w]);
    free(fj.arenas);
    free(fj.docs);

    out->entries = xcalloc(files.n + 1, sizeof *out->entries);
    write_job wj = {dep, &files, old, public_dir, out->entries, xcalloc(files.n + 1, sizeof(bool)),
                    xcalloc(files.n + 1, sizeof(nm_error)), xcalloc(files.n + 1, sizeof(bool))};
    pool_for(p, files.n, write_one, &wj);
    int rc = 0;
    for (size_t i = 0; i < files.n; i++) {
        if (wj.failed[i]) {
            if (rc == 0)
                *err = wj.errs[i];
            else
                log_nm_error(&wj.errs[i]);
            rc = -1;
            continue;
        }
        out->entries[out->n++] = out->entries[i];
        out->bytes += files.v[i].len;
        if (wj.written[i])
            out->written++;
    }
    free(wj.written);
    free(wj.errs);
    free(wj.failed);
    log_debug("search index: %zu posts, %zu files (%zu written), %llu bytes in %.2f s", n,
              files.n, out->written, (unsigned long long)out->bytes, now() - t0);
    free(files.v);
    return rc;
}
