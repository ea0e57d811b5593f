/*
 * mhd_lib.c — libmicrohttpd loaded at run time, with the table of
 * serve_int.h (see there for why it is not linked).
 */
#include "serve_int.h"

#include <pthread.h>

nm_mhd_api nm_mhd;

#define NM_MHD_NAME(ret, name, params) "MHD_" #name,
#define NM_MHD_SLOT(ret, name, params) (void **)&nm_mhd.name,
static const char *const names[] = {NM_MHD_FUNCS(NM_MHD_NAME) NULL};
static void **const slots[] = {NM_MHD_FUNCS(NM_MHD_SLOT) NULL};
static const char *const libs[] = {"libmicrohttpd.so.12", NULL};
static const dl_table table = {"libmicrohttpd", "libmicrohttpd12", libs, names, slots};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int load_rc;
static nm_error load_err;

static void load(void)
{
    load_rc = dl_load(&table, &load_err);
}

int mhd_lib_load(nm_error *err)
{
    pthread_once(&once, load);
    if (load_rc)
        *err = load_err;
    return load_rc;
}
