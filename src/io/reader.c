/*
 * reader.c - the public dyad_reader: picks the format (by extension unless told), owns
 * the file and the memory of the article it last returned, and hands each record to the
 * format's parser (read_text.c, read_jsonl.c, read_petrxml.c).
 */
#include "io/io.h"
#include "text/text.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

struct dyad_reader {
    dyad_format fmt;
    char *path;         /* as given; the text article's id is its base name */
    const char *source; /* label for errors: the path, or "<stdin>" */
    FILE *f;
    bool own_f;
    bool done;
    size_t max_bytes;  /* an article's text */
    size_t max_line;   /* a JSONL line, an XML record */
    struct dy_buf buf; /* text: the whole input; JSONL: the current line */
    /* JSONL */
    char *in;              /* bytes read from the file, not yet taken as lines */
    size_t in_pos, in_len; /* in[in_pos, in_len) */
    bool in_eof;
    uint32_t line; /* lines read so far */
    size_t offset; /* byte offset of the next line */
    struct dy_jsonl_rec rec;
    /* PETRARCH XML */
    struct dy_petrxml *xml;
};

static bool ext_is(const char *ext, const char *want)
{
    return ext && dy_streq_nocase(ext, want);
}

static dyad_format by_extension(const char *path)
{
    const char *base = strrchr(path, '/');
    const char *dot = strrchr(base ? base : path, '.');
    const char *ext = dot ? dot + 1 : NULL;
    if (ext_is(ext, "jsonl") || ext_is(ext, "json") || ext_is(ext, "ndjson"))
        return DYAD_FORMAT_JSONL;
    if (ext_is(ext, "xml"))
        return DYAD_FORMAT_PETRXML;
    return DYAD_FORMAT_TEXT;
}

void dyad_reader_free(dyad_reader *r)
{
    if (!r)
        return;
    if (r->own_f && r->f)
        fclose(r->f);
    dy_jsonl_rec_free(&r->rec);
    dy_petrxml_free(r->xml);
    dy_buf_free(&r->buf);
    dy_free(r->in);
    dy_free(r->path);
    dy_free(r);
}

dyad_status dyad_reader_open(const char *path, dyad_format fmt, const dyad_options *opt,
                             dyad_reader **out, dyad_error *err)
{
    if (!out)
        return dy_fail(err, DYAD_MISUSE, "dyad_reader_open: out is NULL");
    *out = NULL;
    if (!path)
        return dy_fail(err, DYAD_MISUSE, "dyad_reader_open: path is NULL");
    if ((int)fmt < (int)DYAD_FORMAT_AUTO || (int)fmt > (int)DYAD_FORMAT_PETRXML)
        return dy_fail(err, DYAD_MISUSE, "dyad_reader_open: unknown format %d", (int)fmt);
    bool is_stdin = strcmp(path, "-") == 0;
    if (fmt == DYAD_FORMAT_AUTO)
        fmt = is_stdin ? DYAD_FORMAT_TEXT : by_extension(path);

    dyad_reader *r = dy_calloc(1, sizeof *r);
    if (!r || !(r->path = dy_strdup(path))) {
        dy_free(r);
        return dy_fail(err, DYAD_NOMEM, "out of memory");
    }
    r->fmt = fmt;
    r->source = is_stdin ? "<stdin>" : r->path;
    r->max_bytes =
        opt && opt->max_article_bytes ? opt->max_article_bytes : DY_DEFAULT_MAX_ARTICLE_BYTES;
    /* Callers from before max_line_bytes existed limited lines by max_article_bytes. */
    r->max_line = opt && opt->max_line_bytes      ? opt->max_line_bytes
                  : opt && opt->max_article_bytes ? opt->max_article_bytes
                                                  : DY_DEFAULT_MAX_LINE_BYTES;
    if (is_stdin) {
        r->f = stdin;
    } else {
        r->f = fopen(path, "rb");
        if (!r->f) {
            dyad_status st =
                dy_fail_at(err, DYAD_IO, path, 0, 0, SIZE_MAX, "cannot open: %s", strerror(errno));
            dyad_reader_free(r);
            return st;
        }
        r->own_f = true;
    }

    if (fmt == DYAD_FORMAT_PETRXML) {
        /* libxml2 wants the whole document; the file is not needed after that. */
        dyad_status st = dy_read_all(r->f, DY_MAX_XML_BYTES, r->source, &r->buf, err);
        if (st == DYAD_OK)
            st = dy_petrxml_open(r->source, r->buf.data, r->buf.len, r->max_bytes, r->max_line,
                                 &r->xml, err);
        dy_buf_free(&r->buf);
        if (r->own_f)
            fclose(r->f);
        r->f = NULL;
        if (st != DYAD_OK) {
            dyad_reader_free(r);
            return st;
        }
    }
    *out = r;
    return DYAD_OK;
}

#define IN_CHUNK (64u << 10)

/* Reads what the file has (up to a chunk) into r->in. 1: bytes; 0: end of input; -1:
 * read error; -2: out of memory. read(2), not stdio, so a pipe is read as it arrives. */
static int refill(dyad_reader *r)
{
    if (!r->in && !(r->in = dy_malloc(IN_CHUNK)))
        return -2;
    r->in_pos = r->in_len = 0;
    if (r->in_eof)
        return 0;
    for (;;) {
        ssize_t got = read(fileno(r->f), r->in, IN_CHUNK);
        if (got > 0) {
            r->in_len = (size_t)got;
            return 1;
        }
        if (got == 0) {
            r->in_eof = true;
            return 0;
        }
        if (errno != EINTR)
            return -1;
    }
}

/* Reads one line (without its '\n') into r->buf, keeping at most r->max_line of it so
 * memory stays bounded; *too_long says the rest was skipped. *used is the bytes consumed,
 * '\n' included. 1: a line; 0: end of input; -1: read error; -2: out of memory. NUL
 * bytes survive. */
static int read_line(dyad_reader *r, bool *too_long, size_t *used)
{
    size_t n = 0;
    r->buf.len = 0;
    *too_long = false;
    for (;;) {
        if (r->in_pos == r->in_len) {
            int rc = refill(r);
            if (rc <= 0) {
                *used = n;
                return rc < 0 ? rc : n > 0;
            }
        }
        const char *p = r->in + r->in_pos;
        size_t avail = r->in_len - r->in_pos;
        const char *nl = memchr(p, '\n', avail);
        size_t take = nl ? (size_t)(nl - p) : avail;
        size_t keep = take;
        if (keep > r->max_line - r->buf.len) {
            keep = r->max_line - r->buf.len;
            *too_long = true;
        }
        if (keep && dy_buf_append(&r->buf, p, keep) != DYAD_OK) {
            *used = n;
            return -2;
        }
        r->in_pos += take + (nl != NULL);
        n += take + (nl != NULL);
        if (nl) {
            *used = n;
            return 1;
        }
    }
}

static int next_jsonl(dyad_reader *r, dyad_article *a, dyad_error *err)
{
    for (;;) {
        bool too_long;
        size_t used;
        uint32_t line = ++r->line;
        size_t offset = r->offset;
        int rc = read_line(r, &too_long, &used);
        r->offset += used;
        if (rc == 0) {
            r->done = true;
            return 0;
        }
        if (rc == -1) {
            r->done = true;
            dy_fail_at(err, DYAD_IO, r->source, line, 0, offset, "read failed: %s",
                       strerror(errno));
            return -1;
        }
        if (rc == -2) {
            r->done = true;
            dy_fail_at(err, DYAD_NOMEM, r->source, line, 0, offset, "out of memory");
            return -1;
        }
        if (too_long) {
            dy_fail_at(err, DYAD_LIMIT, r->source, line, 0, offset,
                       "line is longer than the limit of %zu bytes", r->max_line);
            return -1;
        }
        rc = dy_jsonl_line(&r->rec, r->source, line, offset, r->buf.data ? r->buf.data : "",
                           r->buf.len, a, err);
        if (rc == 0)
            continue;
        if (rc > 0 && a->text_len > r->max_bytes) {
            dy_fail_at(err, DYAD_LIMIT, r->source, line, 0, offset,
                       "\"text\" is larger than the limit of %zu bytes", r->max_bytes);
            dy_jsonl_rec_clear(&r->rec);
            memset(a, 0, sizeof *a);
            return -1;
        }
        if (rc < 0 && err->status == DYAD_NOMEM)
            r->done = true;
        return rc;
    }
}

static int next_text(dyad_reader *r, dyad_article *a, dyad_error *err)
{
    r->done = true;
    if (dy_read_all(r->f, r->max_bytes, r->source, &r->buf, err) != DYAD_OK)
        return -1;
    /* Checked here, where the bytes are the file's, so the error has its line and column;
     * the coder checks again for articles that come from elsewhere. */
    dyad_error bad;
    if (dy_utf8_check(r->buf.data, r->buf.len, &bad) != DYAD_OK) {
        dy_fail_at(err, DYAD_SYNTAX, r->source, bad.line, bad.column, bad.offset, "%s",
                   bad.message);
        return -1;
    }
    dy_text_article(r->f == stdin ? "stdin" : r->path, r->buf.data, r->buf.len, a);
    return 1;
}

int dyad_reader_next(dyad_reader *r, dyad_article *a, dyad_error *err)
{
    dyad_error local;
    if (!err)
        err = &local;
    if (!r || !a) {
        dy_fail(err, DYAD_MISUSE, "dyad_reader_next: NULL argument");
        return -1;
    }
    memset(a, 0, sizeof *a);
    a->day = INT32_MIN;
    dy_jsonl_rec_clear(&r->rec);
    if (r->done)
        return 0;
    switch (r->fmt) {
    case DYAD_FORMAT_JSONL:
        return next_jsonl(r, a, err);
    case DYAD_FORMAT_PETRXML:
        return dy_petrxml_next(r->xml, a, err);
    case DYAD_FORMAT_AUTO:
    case DYAD_FORMAT_TEXT:
        break;
    }
    return next_text(r, a, err);
}
