/*
 * curl_lib.c — libcurl loaded at run time (dl_load), with the table of
 * fetch_int.h (see there for why it is not linked).
 *
 * Debian ships the library as libcurl.so.4 (OpenSSL build) or
 * libcurl-gnutls.so.4 (GnuTLS build); either has the same ABI for what
 * newsmill calls. curl_global_init runs once, right after the load.
 */
#include "fetch_int.h"

nm_curl_api nm_curl;

#define NM_CURL_NAME(ret, name, params) "curl_" #name,
#define NM_CURL_SLOT(ret, name, params) (void **)&nm_curl.name,
static const char *const names[] = {NM_CURL_FUNCS(NM_CURL_NAME) NULL};
static void **const slots[] = {NM_CURL_FUNCS(NM_CURL_SLOT) NULL};
static const char *const libs[] = {"libcurl.so.4", "libcurl-gnutls.so.4", NULL};

static int init(nm_error *err)
{
    if (nm_curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return nm_fail(err, NULL, 0, "libcurl failed to initialize");
    return 0;
}

static dl_lib lib = {.what = "libcurl", .package = "libcurl4", .libs = libs, .names = names,
                     .slots = slots, .init = init, .mu = PTHREAD_MUTEX_INITIALIZER};

int curl_lib_load(nm_error *err)
{
    return dl_load(&lib, err);
}
