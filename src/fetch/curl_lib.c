/*
 * curl_lib.c — libcurl loaded at run time, with the table of fetch_int.h
 * (see there for why it is not linked).
 *
 * Debian ships the library as libcurl.so.4 (OpenSSL build) or
 * libcurl-gnutls.so.4 (GnuTLS build); either has the same ABI for what
 * newsmill calls. curl_global_init runs once, right after the load.
 */
#include "fetch_int.h"

#include <pthread.h>

nm_curl_api nm_curl;

#define NM_CURL_NAME(ret, name, params) "curl_" #name,
#define NM_CURL_SLOT(ret, name, params) (void **)&nm_curl.name,
static const char *const names[] = {NM_CURL_FUNCS(NM_CURL_NAME) NULL};
static void **const slots[] = {NM_CURL_FUNCS(NM_CURL_SLOT) NULL};
static const char *const libs[] = {"libcurl.so.4", "libcurl-gnutls.so.4", NULL};
static const dl_table table = {"libcurl", "libcurl4", libs, names, slots};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int load_rc;
static nm_error load_err;

static void load(void)
{
    load_rc = dl_load(&table, &load_err);
    if (load_rc == 0 && nm_curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        load_rc = nm_fail(&load_err, NULL, 0, "libcurl failed to initialize");
}

int curl_lib_load(nm_error *err)
{
    pthread_once(&once, load);
    if (load_rc)
        *err = load_err;
    return load_rc;
}
