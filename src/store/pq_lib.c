/*
 * pq_lib.c — libpq loaded at run time (dl_load), with the table of
 * pq_lib.h (see there for why it is not linked). Debian's libpq5 ships
 * it as libpq.so.5.
 */
#include "pq_lib.h"

nm_pq_api nm_pq;

#define NM_PQ_NAME(ret, name, params) "PQ" #name,
#define NM_PQ_SLOT(ret, name, params) (void **)&nm_pq.name,
static const char *const names[] = {NM_PQ_FUNCS(NM_PQ_NAME) NULL};
static void **const slots[] = {NM_PQ_FUNCS(NM_PQ_SLOT) NULL};
static const char *const libs[] = {"libpq.so.5", NULL};

static dl_lib lib = {.what = "libpq", .package = "libpq5", .libs = libs, .names = names,
                     .slots = slots, .init = NULL, .mu = PTHREAD_MUTEX_INITIALIZER};

int pq_lib_load(nm_error *err)
{
    return dl_load(&lib, err);
}
