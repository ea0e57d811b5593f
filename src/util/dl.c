/*
 * dl.c — dl_load(): a library and a table of its functions, at run time.
 *
 * Used for the libraries only one or two commands need (src/fetch/ for
 * libcurl, src/serve/ for libmicrohttpd): linked, they and their own
 * dependencies (TLS, HTTP/2, Kerberos, LDAP …) would be mapped and
 * relocated at the start of every command. The module that uses one
 * keeps its function table and calls dl_load the first time it is needed.
 */
#include "util.h"

#include <dlfcn.h>

static int load(dl_lib *l, nm_error *err)
{
    void *lib = NULL;
    for (const char *const *f = l->libs; *f && !lib; f++)
        lib = dlopen(*f, RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return nm_fail(err, NULL, 0, "cannot load %s (%s); install the %s package", l->what,
                       dlerror(), l->package);
    for (size_t i = 0; l->names[i]; i++) {
        *l->slots[i] = dlsym(lib, l->names[i]);
        if (!*l->slots[i])
            return nm_fail(err, NULL, 0, "the %s found has no %s (too old?)", l->what,
                           l->names[i]);
    }
    return l->init ? l->init(err) : 0;
}

int dl_load(dl_lib *l, nm_error *err)
{
    pthread_mutex_lock(&l->mu);
    if (!l->tried) {
        nm_error_clear(&l->err);
        l->rc = load(l, &l->err);
        l->tried = true;
    }
    int rc = l->rc;
    if (rc)
        *err = l->err;
    pthread_mutex_unlock(&l->mu);
    return rc;
}
