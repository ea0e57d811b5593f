/*
 * fetch_int.h — what the files of the fetch module share: the per-host
 * pacing of pace.c, used by http.c's transfer loop.
 */
#ifndef NM_FETCH_INT_H
#define NM_FETCH_INT_H

#include "fetch.h"

/* Which request may start now, host by host: at most per_host transfers
 * at once, starts at least host_interval_ms apart, and none before a
 * host's Retry-After has passed. Requests start in list order within a
 * host. Times are milliseconds of a monotonic clock. Not thread safe. */
typedef struct pace pace;

pace *pace_new(const fetch_request *reqs, size_t n, const fetch_opts *o);
void pace_free(pace *p);

typedef enum pace_verdict {
    PACE_START,    /* *idx may start now */
    PACE_REFUSE,   /* *idx is not to be sent: its host asked to wait longer
                      than max_wait; *wait_s seconds are left */
    PACE_WAIT,     /* nothing may start yet; *wait_ms until something may
                      (-1: only a transfer's end can change that) */
    PACE_EMPTY,    /* every request was handed out */
} pace_verdict;

pace_verdict pace_next(pace *p, int64_t now_ms, size_t *idx, int64_t *wait_ms, int64_t *wait_s);
/* Request idx ended; retry_after_s >= 0 when its host said so (429/503). */
void pace_done(pace *p, size_t idx, int64_t now_ms, int64_t retry_after_s);

#endif
