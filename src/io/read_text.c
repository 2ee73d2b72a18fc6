/*
 * read_text.c - plain text input: the whole file is one article, named after the file,
 * with no date. Also the bounded whole-file read the XML reader shares.
 */
#include "io/io.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#define READ_CHUNK ((size_t)64 << 10)

dyad_status dy_read_all(FILE *f, size_t max, const char *source, struct dy_buf *out,
                        dyad_error *err)
{
    out->len = 0;
    /* A regular file says its size: reserve it once instead of doubling past it. */
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (uint64_t)st.st_size < max && ftell(f) == 0 &&
        dy_grow((void **)&out->data, &out->cap, (size_t)st.st_size + 2, 1) != DYAD_OK)
        return dy_fail_at(err, DYAD_NOMEM, source, 0, 0, SIZE_MAX, "out of memory");
    for (;;) {
        if (out->cap - out->len < 2 &&
            dy_grow((void **)&out->data, &out->cap, out->len + READ_CHUNK + 1, 1) != DYAD_OK)
            return dy_fail_at(err, DYAD_NOMEM, source, 0, 0, SIZE_MAX, "out of memory");
        /* Fill what is there, keeping a byte for the NUL, and read at most one byte past
         * max: enough to know the input is too big without holding more of it. */
        size_t room = out->cap - out->len - 1;
        if (max - out->len < room)
            room = max - out->len + 1;
        size_t got = fread(out->data + out->len, 1, room, f);
        out->len += got;
        out->data[out->len] = '\0';
        if (out->len > max)
            return dy_fail_at(err, DYAD_LIMIT, source, 0, 0, max,
                              "input is larger than the limit of %zu bytes", max);
        if (got < room) {
            if (ferror(f))
                return dy_fail_at(err, DYAD_IO, source, 0, 0, out->len, "read failed: %s",
                                  strerror(errno));
            return DYAD_OK;
        }
    }
}

void dy_text_article(const char *path, const char *buf, size_t len, dyad_article *a)
{
    memset(a, 0, sizeof *a);
    const char *base = strrchr(path, '/');
    a->id = base && base[1] ? base + 1 : path;
    a->day = INT32_MIN;
    a->text = buf;
    a->text_len = len;
    a->line = 1;
}
