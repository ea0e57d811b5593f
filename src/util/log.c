/*
 * log.c — messages for the user, on stderr.
 *
 * One level for the whole process (-q, default, -v). Each message is
 * formatted into one buffer and written with one fputs under the stdio
 * lock, so lines from worker threads never interleave. The progress bar
 * shares the terminal: it is cleared before a message and redrawn after.
 */
#include "util.h"

#include <stdio.h>

static int level = LOG_NORMAL;

void log_set_level(int l)
{
    level = l;
}

int log_get_level(void)
{
    return level;
}

void progress_clear_line(void); /* progress.c */

static void emit(const char *prefix, const char *fmt, va_list ap)
{
    char line[4096];
    int n = snprintf(line, sizeof(line), "newsmill: %s", prefix);
    vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
    flockfile(stderr);
    progress_clear_line();
    fputs(line, stderr);
    fputc('\n', stderr);
    funlockfile(stderr);
}

#define LOG_FN(name, min, prefix)                                                      \
    void name(const char *fmt, ...)                                                    \
    {                                                                                  \
        if (level < (min))                                                             \
            return;                                                                    \
        va_list ap;                                                                    \
        va_start(ap, fmt);                                                             \
        emit(prefix, fmt, ap);                                                         \
        va_end(ap);                                                                    \
    }

LOG_FN(log_error, LOG_QUIET, "error: ")
LOG_FN(log_warn, LOG_NORMAL, "warning: ")
LOG_FN(log_info, LOG_NORMAL, "")
LOG_FN(log_debug, LOG_VERBOSE, "")

void log_nm_error(const nm_error *e)
{
    char text[2048];
    log_error("%s", nm_error_format(e, text, sizeof(text)));
}
