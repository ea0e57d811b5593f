/*
 * mhd_lib.c — libmicrohttpd loaded at run time (dl_load), with the table
 * of serve_int.h (see there for why it is not linked).
 */
#include "serve_int.h"

nm_mhd_api nm_mhd;

#define NM_MHD_NAME(ret, name, params) "MHD_" #name,
#define NM_MHD_SLOT(ret, name, params) (void **)&nm_mhd.name,
static const char *const names[] = {NM_MHD_FUNCS(NM_MHD_NAME) NULL};
static void **const slots[] = {NM_MHD_FUNCS(NM_MHD_SLOT) NULL};
static const char *const libs[] = {"libmicrohttpd.so.12", NULL};

static dl_lib lib = {.what = "libmicrohttpd", .package = "libmicrohttpd12", .libs = libs,
                     .names = names, .slots = slots, .mu = PTHREAD_MUTEX_INITIALIZER};

int mhd_lib_load(nm_error *err)
{
    return dl_load(&lib, err);
}
