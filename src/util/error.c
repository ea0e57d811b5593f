/*
 * error.c — nm_error, the one way an error travels to the user.
 *
 * A failing function fills an nm_error and returns -1; the message is for
 * a person (what failed, where, what to do), so it is formatted when the
 * error happens, where the facts are known, and printed once, higher up.
 */
#include "util.h"

#include <stdio.h>
#include <string.h>

void nm_error_clear(nm_error *e)
{
    if (!e)
        return;
    e->where[0] = '\0';
    e->line = 0;
    e->msg[0] = '\0';
}

int nm_fail(nm_error *e, const char *where, long line, const char *fmt, ...)
{
    if (!e)
        return -1;
    snprintf(e->where, sizeof(e->where), "%s", where ? where : "");
    e->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
    va_end(ap);
    return -1;
}

const char *nm_error_format(const nm_error *e, char *out, size_t n)
{
    if (e->where[0] && e->line > 0)
        snprintf(out, n, "%s:%ld: %s", e->where, e->line, e->msg);
    else if (e->where[0])
        snprintf(out, n, "%s: %s", e->where, e->msg);
    else
        snprintf(out, n, "%s", e->msg);
    return out;
}
