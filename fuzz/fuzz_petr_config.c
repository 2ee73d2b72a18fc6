/*
 * fuzz_petr_config.c - libFuzzer target for the PETR_config.ini reader
 * (dy_petr_config_parse): any input either parses into file names under the given folder
 * and valid options, or fails with a message; nothing leaks.
 */
#include "dict/dict.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dy_petr_config c;
    dyad_options opt = dyad_options_default();
    dyad_error err;
    dyad_status st = dy_petr_config_parse("fuzz.ini", (const char *)data, size, "dir", 3, &c,
                                          &opt, &err);
    if (st == DYAD_OK) {
        if (c.verbs && strncmp(c.verbs, "dir/", 4) != 0 && c.verbs[0] != '/')
            abort();
        if (c.n_actors > 16)
            abort();
        dy_petr_config_free(&c);
    } else if (!err.message[0]) {
        abort();
    }
    return 0;
}
