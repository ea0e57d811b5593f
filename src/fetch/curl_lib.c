/*
 * curl_lib.c — dlopen of libcurl and its function table (see fetch_int.h
 * for why it is not linked).
 *
 * Debian ships the library as libcurl.so.4 (OpenSSL build) or
 * libcurl-gnutls.so.4 (GnuTLS build); either has the same ABI for what
 * newsmill calls. The first that loads wins and stays loaded until exit.
 */
#include "fetch_int.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

nm_curl_api nm_curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[512]; /* "" when loaded */

static void load(void)
{
    static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4"};
    void *lib = NULL;
    for (size_t i = 0; i < NM_ARRAY_LEN(names) && !lib; i++)
        lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(load_error, sizeof load_error,
                 "cannot load libcurl (%s); install the libcurl4 package", dlerror());
        return;
    }
#define NM_CURL_SYM(ret, name, params)                                                     \
    *(void **)&nm_curl.name = dlsym(lib, "curl_" #name);                                  \
    if (!nm_curl.name) {                                                                   \
        snprintf(load_error, sizeof load_error,                                            \
                 "the libcurl found has no curl_" #name " (too old?)");                    \
        return;                                                                            \
    }
    NM_CURL_FUNCS(NM_CURL_SYM)
#undef NM_CURL_SYM
    if (nm_curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        snprintf(load_error, sizeof load_error, "libcurl failed to initialize");
}

int curl_lib_load(nm_error *err)
{
    pthread_once(&once, load);
    if (load_error[0])
        return nm_fail(err, NULL, 0, "%s", load_error);
    return 0;
}
