/*
 * fuzz_reader.c - libFuzzer target for the public reader on a real file: dyad_reader_open
 * and dyad_reader_next over the plain-text path (whole-file read, UTF-8 check), JSON lines
 * read line by line under a line limit, and PETRARCH XML. The first byte picks the format,
 * the second the limits (small ones, so they are reached); the rest is the file. Every
 * rejected record must say why, and every article must lie within the limits.
 */
#include "text/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
    if (!ok)
        abort();
}

static char path[64];

static void remove_file(void)
{
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/dyad_fuzz_reader_XXXXXX");
        int fd = mkstemp(path);
        if (fd < 0)
            abort();
        close(fd);
        atexit(remove_file);
    }
    if (size < 2)
        return 0;
    static const dyad_format formats[] = {DYAD_FORMAT_TEXT, DYAD_FORMAT_JSONL, DYAD_FORMAT_PETRXML};
    dyad_format fmt = formats[data[0] % 3];
    dyad_options opt = dyad_options_default();
    if (data[1] & 1) {
        opt.max_article_bytes = (size_t)(data[1] >> 1) * 8 + 1;
        opt.max_line_bytes = (size_t)(data[1] >> 1) * 16 + 1;
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    check(fwrite(data + 2, 1, size - 2, f) == size - 2);
    check(fclose(f) == 0);

    dyad_reader *r;
    dyad_error err;
    if (dyad_reader_open(path, fmt, &opt, &r, &err) != DYAD_OK) {
        check(err.message[0] != '\0' && r == NULL);
        return 0;
    }
    dyad_article a;
    int rc;
    size_t n = 0;
    while ((rc = dyad_reader_next(r, &a, &err)) != 0 && n++ < 100000) {
        if (rc < 0) {
            check(err.message[0] != '\0');
            check(err.status == DYAD_SYNTAX || err.status == DYAD_LIMIT || err.status == DYAD_IO ||
                  err.status == DYAD_NOMEM);
            continue;
        }
        check(a.id != NULL && a.id[0] != '\0');
        check(a.text != NULL || a.text_len == 0);
        check(a.text_len <= opt.max_article_bytes);
        /* Text and JSONL hand out valid UTF-8 only; XML passes on what libxml2 recovered,
         * which the coder checks. Either way every byte is readable. */
        if (fmt != DYAD_FORMAT_PETRXML)
            check(dy_utf8_check(a.text, a.text_len, NULL) == DYAD_OK);
        else
            check(dy_utf8_check(a.text, a.text_len, NULL) != DYAD_NOMEM);
        check(a.line >= 1 || fmt == DYAD_FORMAT_PETRXML);
    }
    dyad_reader_free(r);
    return 0;
}
