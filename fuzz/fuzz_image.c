/*
 * fuzz_image.c - libFuzzer target for the compiled-image loader (dyad_dict_load_image,
 * and the replay of the rejected entries it keeps): any file must either load or be
 * refused with a message; every replayed report is a whole one; nothing leaks. The input
 * goes through a temporary file because the loader maps files; its content checksum is
 * recomputed first, so that mutations reach the section, table and report checks.
 */
#include "dict/compiled.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads every byte of a replayed report, as a caller printing it would. */
static void on_reject(void *ctx, const dyad_error *e)
{
    size_t *n = ctx;
    if (!e->source || strlen(e->message) >= sizeof e->message || e->status > DYAD_MISUSE)
        abort();
    *n += strlen(e->source) + 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/dyad_fuzz_image_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy) {
        close(fd);
        unlink(path);
        return 0;
    }
    memcpy(copy, data, size);
    dy_image_reseal(copy, size);
    size_t done = 0;
    while (done < size) {
        ssize_t w = write(fd, copy + done, size - done);
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    close(fd);
    free(copy);
    dyad_dict *d = NULL;
    dyad_error err;
    dyad_status st = dyad_dict_load_image(path, 0, &d, &err);
    if (st == DYAD_OK) {
        dyad_dict_stats s;
        dyad_dict_get_stats(d, &s);
        dyad_dict_free(d);
        /* the same file through the cached loaders' path, which replays the reports */
        size_t bytes = 0;
        if (!dy_image_use(path, 0, 0, on_reject, &bytes, &d))
            abort();
        dyad_dict_free(d);
    } else if (!err.message[0]) {
        abort();
    }
    unlink(path);
    return 0;
}
