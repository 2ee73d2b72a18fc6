/*
 * pipeline.c - dyad_run: a reader thread fills batches of articles, N workers code them
 * (one coder each, sharing the immutable dictionary), and the calling thread hands the
 * results to the sink in input order. A fixed pool of batches bounds memory: the reader
 * waits when every batch is in flight.
 */
#include "code/sent.h"

#include <pthread.h>
#include <string.h>
#include <unistd.h>

#define BATCH_ARTICLES 128
#define BATCH_TEXT_BYTES (1u << 20)

struct item {
    dyad_article a;     /* copied into the batch arena; a.id == NULL: rejected record */
    dyad_error err;     /* status != DYAD_OK: rejected or failed */
    dyad_event *ev;     /* in the batch arena */
    size_t n_ev, n_sent;
    char *explain;      /* in the batch arena, when opt->explain */
};

struct batch {
    struct dy_arena *arena;
    struct item items[BATCH_ARTICLES];
    size_t n;
    size_t text_bytes;
    uint64_t seq;
    int state; /* 0 free, 1 filled (waiting for a worker), 2 being coded, 3 done */
    struct batch *next_work;
};

struct run {
    const dyad_dict *dict;
    const dyad_options *opt;
    dyad_reader *reader;
    pthread_mutex_t mu;
    pthread_cond_t cv_free, cv_work, cv_done;
    struct batch *pool;
    size_t n_pool;
    struct batch *work_head, *work_tail;
    uint64_t next_seq; /* of the next batch the reader fills */
    int reader_done, stop;
    dyad_status reader_status;
    dyad_error reader_err;
};

static char *copy_str(struct dy_arena *a, const char *s)
{
    return s ? dy_arena_strndup(a, s, strlen(s)) : NULL;
}

/* Copies what the sink and the coder need of an article into the batch. */
static int copy_article(struct batch *b, const dyad_article *src, struct item *it)
{
    dyad_article *a = &it->a;
    memset(a, 0, sizeof *a);
    a->id = copy_str(b->arena, src->id);
    a->date = copy_str(b->arena, src->date);
    a->day = src->day;
    a->text = dy_arena_strndup(b->arena, src->text, src->text_len);
    a->text_len = src->text_len;
    a->title = copy_str(b->arena, src->title);
    a->source = copy_str(b->arena, src->source);
    a->url = copy_str(b->arena, src->url);
    a->line = src->line;
    return a->id && a->text && (!src->date || a->date) ? 0 : -1;
}

static void copy_error(struct batch *b, const dyad_error *e, struct item *it)
{
    it->err = *e;
    it->err.source = copy_str(b->arena, e->source);
}

/* Codes one batch with coder c: events are copied into the batch arena, because the
 * coder reuses its memory for the next article; the codes they point at are made there
 * (or are the dictionary's). */
static void code_batch(dyad_coder *c, const dyad_options *opt, struct batch *b)
{
    dy_coder_keep_codes_in(c, b->arena);
    for (size_t i = 0; i < b->n; i++) {
        struct item *it = &b->items[i];
        if (!it->a.id)
            continue;
        dyad_error err;
        dy_error_clear(&err);
        dyad_status st = dyad_coder_code(c, &it->a, &err);
        if (opt && opt->explain) {
            size_t len;
            const char *tr = dy_coder_trace_text(c, &len);
            it->explain = dy_arena_strndup(b->arena, tr, len);
        }
        if (st != DYAD_OK) {
            if (!err.source)
                err.source = it->a.id;
            copy_error(b, &err, it);
            continue;
        }
        it->n_sent = dyad_coder_n_sentences(c);
        size_t n = dyad_coder_n_events(c);
        it->ev = n ? dy_arena_alloc(b->arena, n * sizeof *it->ev) : NULL;
        if (n && !it->ev) {
            dy_fail(&it->err, DYAD_NOMEM, "out of memory keeping the events of '%s'", it->a.id);
            continue;
        }
        for (size_t k = 0; k < n; k++)
            it->ev[k] = *dyad_coder_event(c, k);
        it->n_ev = n;
    }
    dy_coder_keep_codes_in(c, NULL);
}

/* Fills b from the reader; returns 0 at the end of the input. */
static int fill_batch(dyad_reader *r, struct batch *b, dyad_status *st, dyad_error *fatal)
{
    dy_arena_reset(b->arena);
    b->n = 0;
    b->text_bytes = 0;
    while (b->n < BATCH_ARTICLES && b->text_bytes < BATCH_TEXT_BYTES) {
        dyad_article a;
        dyad_error err;
        dy_error_clear(&err);
        int got = dyad_reader_next(r, &a, &err);
        if (got == 0)
            return b->n > 0;
        struct item *it = &b->items[b->n];
        memset(it, 0, sizeof *it);
        if (got < 0) {
            copy_error(b, &err, it);
            b->n++;
            if (err.status == DYAD_IO || err.status == DYAD_NOMEM) {
                *st = err.status;
                *fatal = err;
                return 1;
            }
            continue;
        }
        if (copy_article(b, &a, it) != 0) {
            it->a.id = NULL;
            dy_fail(&it->err, DYAD_NOMEM, "out of memory reading record at line %u", a.line);
        }
        b->text_bytes += a.text_len;
        b->n++;
    }
    return 1;
}

static int deliver(struct batch *b, dyad_sink_fn sink, void *ctx, dyad_run_stats *stats)
{
    for (size_t i = 0; i < b->n; i++) {
        const struct item *it = &b->items[i];
        bool failed = it->err.status != DYAD_OK;
        if (failed)
            stats->skipped++;
        else {
            stats->articles++;
            stats->sentences += it->n_sent;
            stats->events += it->n_ev;
        }
        dyad_result res = {it->a.id ? &it->a : NULL, it->ev, it->n_ev, it->n_sent,
                           failed ? &it->err : NULL, it->explain};
        if (sink(ctx, &res))
            return -1;
    }
    return 0;
}

static void *reader_main(void *arg)
{
    struct run *R = arg;
    for (;;) {
        pthread_mutex_lock(&R->mu);
        struct batch *b = NULL;
        while (!R->stop) {
            for (size_t i = 0; i < R->n_pool && !b; i++)
                if (R->pool[i].state == 0)
                    b = &R->pool[i];
            if (b)
                break;
            pthread_cond_wait(&R->cv_free, &R->mu);
        }
        if (R->stop) {
            pthread_mutex_unlock(&R->mu);
            break;
        }
        b->state = 2; /* claimed by the reader while it fills */
        pthread_mutex_unlock(&R->mu);
        dyad_status st = DYAD_OK;
        dyad_error fatal;
        int more = fill_batch(R->reader, b, &st, &fatal);
        pthread_mutex_lock(&R->mu);
        if (more) {
            b->seq = R->next_seq++;
            b->state = 1;
            b->next_work = NULL;
            if (R->work_tail)
                R->work_tail->next_work = b;
            else
                R->work_head = b;
            R->work_tail = b;
            pthread_cond_signal(&R->cv_work);
        } else {
            b->state = 0;
        }
        if (!more || st != DYAD_OK) {
            R->reader_done = 1;
            R->reader_status = st;
            if (st != DYAD_OK)
                R->reader_err = fatal;
            pthread_cond_broadcast(&R->cv_work);
            pthread_cond_broadcast(&R->cv_done);
            pthread_mutex_unlock(&R->mu);
            break;
        }
        pthread_mutex_unlock(&R->mu);
    }
    return NULL;
}

struct worker {
    struct run *R;
    dyad_coder *coder;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct run *R = w->R;
    for (;;) {
        pthread_mutex_lock(&R->mu);
        while (!R->work_head && !R->reader_done && !R->stop)
            pthread_cond_wait(&R->cv_work, &R->mu);
        struct batch *b = R->work_head;
        if (!b || R->stop) {
            pthread_mutex_unlock(&R->mu);
            break;
        }
        R->work_head = b->next_work;
        if (!R->work_head)
            R->work_tail = NULL;
        b->state = 2;
        pthread_mutex_unlock(&R->mu);
        code_batch(w->coder, R->opt, b);
        pthread_mutex_lock(&R->mu);
        b->state = 3;
        pthread_cond_broadcast(&R->cv_done);
        pthread_mutex_unlock(&R->mu);
    }
    return NULL;
}

/* One thread does everything: the reference the threaded run must equal. */
static dyad_status run_serial(const dyad_dict *d, const dyad_options *opt, dyad_reader *r,
                              dyad_sink_fn sink, void *ctx, dyad_run_stats *stats,
                              dyad_error *err)
{
    dyad_coder *c;
    struct batch *b = dy_calloc(1, sizeof *b);
    if (!b || dyad_coder_new(d, opt, &c) != DYAD_OK) {
        dy_free(b);
        return dy_fail(err, DYAD_NOMEM, "out of memory starting the coder");
    }
    b->arena = dy_arena_new(BATCH_TEXT_BYTES, 0);
    dyad_status st = DYAD_OK, rst = DYAD_OK;
    if (!b->arena)
        st = dy_fail(err, DYAD_NOMEM, "out of memory starting the coder");
    dyad_error fatal;
    while (st == DYAD_OK && fill_batch(r, b, &rst, &fatal)) {
        code_batch(c, opt, b);
        if (deliver(b, sink, ctx, stats)) {
            st = dy_fail(err, DYAD_MISUSE, "stopped by the output");
            break;
        }
        if (rst != DYAD_OK) { /* the reader failed after this batch's records */
            st = rst;
            if (err)
                *err = fatal;
        }
    }
    dyad_coder_free(c);
    dy_arena_free(b->arena);
    dy_free(b);
    return st;
}

dyad_status dyad_run(const dyad_dict *d, const dyad_options *opt, dyad_reader *r,
                     unsigned threads, dyad_sink_fn sink, void *ctx, dyad_run_stats *stats,
                     dyad_error *err)
{
    dyad_run_stats local;
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    if (!d || !r || !sink)
        return dy_fail(err, DYAD_MISUSE, "dyad_run needs a dictionary, a reader and a sink");
    if (threads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (unsigned)n : 1;
    }
    if (threads > 256)
        threads = 256;
    if (threads == 1)
        return run_serial(d, opt, r, sink, ctx, stats, err);

    struct run R;
    memset(&R, 0, sizeof R);
    R.dict = d;
    R.opt = opt;
    R.reader = r;
    R.n_pool = 2 * (size_t)threads + 2;
    R.pool = dy_calloc(R.n_pool, sizeof *R.pool);
    struct worker *w = dy_calloc(threads, sizeof *w);
    pthread_t *tid = dy_calloc(threads + 1, sizeof *tid);
    dyad_status st = R.pool && w && tid ? DYAD_OK : DYAD_NOMEM;
    for (size_t i = 0; st == DYAD_OK && i < R.n_pool; i++)
        if (!(R.pool[i].arena = dy_arena_new(BATCH_TEXT_BYTES, 0)))
            st = DYAD_NOMEM;
    for (unsigned i = 0; st == DYAD_OK && i < threads; i++) {
        w[i].R = &R;
        if (dyad_coder_new(d, opt, &w[i].coder) != DYAD_OK)
            st = DYAD_NOMEM;
    }
    unsigned started = 0;
    bool reader_started = false;
    if (st == DYAD_OK) {
        pthread_mutex_init(&R.mu, NULL);
        pthread_cond_init(&R.cv_free, NULL);
        pthread_cond_init(&R.cv_work, NULL);
        pthread_cond_init(&R.cv_done, NULL);
        reader_started = pthread_create(&tid[threads], NULL, reader_main, &R) == 0;
        for (; reader_started && started < threads; started++)
            if (pthread_create(&tid[started], NULL, worker_main, &w[started]) != 0)
                break;
        if (!reader_started || started == 0)
            st = dy_fail(err, DYAD_NOMEM, "cannot start threads");
    }
    /* The calling thread writes: batch after batch, in sequence. */
    uint64_t want = 0;
    while (st == DYAD_OK) {
        pthread_mutex_lock(&R.mu);
        struct batch *b = NULL;
        for (;;) {
            for (size_t i = 0; i < R.n_pool && !b; i++)
                if (R.pool[i].state == 3 && R.pool[i].seq == want)
                    b = &R.pool[i];
            if (b || (R.reader_done && R.next_seq == want))
                break;
            pthread_cond_wait(&R.cv_done, &R.mu);
        }
        pthread_mutex_unlock(&R.mu);
        if (!b)
            break;
        int stop = deliver(b, sink, ctx, stats);
        pthread_mutex_lock(&R.mu);
        b->state = 0;
        want++;
        pthread_cond_signal(&R.cv_free);
        pthread_mutex_unlock(&R.mu);
        if (stop)
            st = dy_fail(err, DYAD_MISUSE, "stopped by the output");
    }
    if (reader_started) {
        pthread_mutex_lock(&R.mu);
        R.stop = 1;
        pthread_cond_broadcast(&R.cv_free);
        pthread_cond_broadcast(&R.cv_work);
        pthread_mutex_unlock(&R.mu);
        pthread_join(tid[threads], NULL);
        for (unsigned i = 0; i < started; i++)
            pthread_join(tid[i], NULL);
        if (st == DYAD_OK && R.reader_status != DYAD_OK) {
            st = R.reader_status;
            if (err)
                *err = R.reader_err;
        }
        pthread_mutex_destroy(&R.mu);
        pthread_cond_destroy(&R.cv_free);
        pthread_cond_destroy(&R.cv_work);
        pthread_cond_destroy(&R.cv_done);
    }
    for (unsigned i = 0; w && i < threads; i++)
        dyad_coder_free(w[i].coder);
    for (size_t i = 0; R.pool && i < R.n_pool; i++)
        dy_arena_free(R.pool[i].arena);
    dy_free(R.pool);
    dy_free(w);
    dy_free(tid);
    if (st == DYAD_NOMEM && err && !err->message[0])
        dy_fail(err, DYAD_NOMEM, "out of memory starting the pipeline");
    return st;
}
