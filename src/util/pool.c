/*
 * pool.c — a small fixed thread pool and a parallel for.
 *
 * Tasks go into a mutex-protected FIFO; pool_wait() sleeps until the queue
 * is empty and no task runs. pool_for() is what builds use: n independent
 * items handed out by an atomic counter to the workers and the calling
 * thread, each knowing its worker number so it can use per-thread buffers
 * without locks. The output of callers must not depend on which worker ran
 * what (deterministic output is a rule of the project).
 */
#include "util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct pool_task {
    struct pool_task *next;
    void (*fn)(void *);
    void *arg;
} pool_task;

struct pool {
    pthread_mutex_t mu;
    pthread_cond_t has_work;
    pthread_cond_t idle;
    pool_task *head, *tail;
    int running; /* tasks being run */
    bool stop;
    int nthreads;
    pthread_t *threads;
};

int nm_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static void *worker_main(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->head && !p->stop)
            pthread_cond_wait(&p->has_work, &p->mu);
        if (!p->head && p->stop)
            break;
        pool_task *t = p->head;
        p->head = t->next;
        if (!p->head)
            p->tail = NULL;
        p->running++;
        pthread_mutex_unlock(&p->mu);
        t->fn(t->arg);
        free(t);
        pthread_mutex_lock(&p->mu);
        p->running--;
        if (!p->head && p->running == 0)
            pthread_cond_broadcast(&p->idle);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

pool *pool_new(int nthreads)
{
    pool *p = xcalloc(1, sizeof(*p));
    p->nthreads = nthreads > 0 ? nthreads : nm_cpu_count();
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->has_work, NULL);
    pthread_cond_init(&p->idle, NULL);
    p->threads = xcalloc((size_t)p->nthreads, sizeof(pthread_t));
    for (int i = 0; i < p->nthreads; i++)
        if (pthread_create(&p->threads[i], NULL, worker_main, p) != 0)
            nm_die("cannot start a worker thread");
    return p;
}

int pool_size(const pool *p)
{
    return p ? p->nthreads : 0;
}

void pool_submit(pool *p, void (*fn)(void *), void *arg)
{
    pool_task *t = xmalloc(sizeof(*t));
    t->next = NULL;
    t->fn = fn;
    t->arg = arg;
    pthread_mutex_lock(&p->mu);
    if (p->tail)
        p->tail->next = t;
    else
        p->head = t;
    p->tail = t;
    pthread_cond_signal(&p->has_work);
    pthread_mutex_unlock(&p->mu);
}

void pool_wait(pool *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->head || p->running)
        pthread_cond_wait(&p->idle, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

void pool_free(pool *p)
{
    if (!p)
        return;
    pool_wait(p);
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_broadcast(&p->has_work);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->has_work);
    pthread_cond_destroy(&p->idle);
    free(p->threads);
    free(p);
}

typedef struct for_job {
    atomic_size_t next;
    size_t n;
    void (*fn)(size_t, int, void *);
    void *ctx;
} for_job;

typedef struct for_slot {
    for_job *job;
    int worker;
} for_slot;

static void for_run(for_job *job, int worker)
{
    for (;;) {
        size_t i = atomic_fetch_add(&job->next, 1);
        if (i >= job->n)
            break;
        job->fn(i, worker, job->ctx);
    }
}

static void for_task(void *arg)
{
    for_slot *s = arg;
    for_run(s->job, s->worker);
}

void pool_for(pool *p, size_t n, void (*fn)(size_t i, int worker, void *ctx), void *ctx)
{
    for_job job = {.n = n, .fn = fn, .ctx = ctx};
    atomic_init(&job.next, 0);
    if (!p || n < 2) {
        for_run(&job, 0);
        return;
    }
    int helpers = p->nthreads;
    for_slot *slots = xcalloc((size_t)helpers, sizeof(*slots));
    for (int i = 0; i < helpers; i++) {
        slots[i] = (for_slot){&job, i + 1};
        pool_submit(p, for_task, &slots[i]);
    }
    for_run(&job, 0);
    pool_wait(p);
    free(slots);
}
