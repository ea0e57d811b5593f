/*
 * mhd_lib.c — dlopen of libmicrohttpd and its function table (see
 * serve_int.h for why it is not linked).
 */
#include "serve_int.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

nm_mhd_api nm_mhd;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[512]; /* "" when loaded */

static void load(void)
{
    void *lib = dlopen("libmicrohttpd.so.12", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(load_error, sizeof load_error,
                 "cannot load libmicrohttpd (%s); install the libmicrohttpd12 package",
                 dlerror());
        return;
    }
#define NM_MHD_SYM(ret, name, params)                                                      \
    *(void **)&nm_mhd.name = dlsym(lib, "MHD_" #name);                                     \
    if (!nm_mhd.name) {                                                                    \
        snprintf(load_error, sizeof load_error,                                            \
                 "the libmicrohttpd found has no MHD_" #name " (too old?)");               \
        return;                                                                            \
    }
    NM_MHD_FUNCS(NM_MHD_SYM)
#undef NM_MHD_SYM
}

int mhd_lib_load(nm_error *err)
{
    pthread_once(&once, load);
    if (load_error[0])
        return nm_fail(err, NULL, 0, "%s", load_error);
    return 0;
}
