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

int dl_load(const dl_table *t, nm_error *err)
{
    void *lib = NULL;
    for (const char *const *l = t->libs; *l && !lib; l++)
        lib = dlopen(*l, RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return nm_fail(err, NULL, 0, "cannot load %s (%s); install the %s package", t->what,
                       dlerror(), t->package);
    for (size_t i = 0; t->names[i]; i++) {
        *t->slots[i] = dlsym(lib, t->names[i]);
        if (!*t->slots[i])
            return nm_fail(err, NULL, 0, "the %s found has no %s (too old?)", t->what,
                           t->names[i]);
    }
    return 0;
}
