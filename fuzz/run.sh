#!/bin/sh
# make fuzz: builds every fuzz/fuzz_*.c target with clang's libFuzzer (plus ASan/UBSan)
# and runs each for $1 seconds (FUZZ_SECONDS, default 60). New inputs go to a scratch
# corpus under build-fuzz/; crashing inputs are written into fuzz/corpus/<target>/ so that
# `make test` replays them from then on.
set -e
seconds=${1:-60}
B=build-fuzz
SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
make -s B=$B CC=clang CFLAGS="-O1 -g $SAN" LDFLAGS="" $B/libdyad.a
CPPFLAGS="-D_GNU_SOURCE -Iinclude -Isrc $(pkg-config --cflags libutf8proc jansson libxml-2.0)"
LIBS="$(pkg-config --libs libutf8proc jansson libxml-2.0) -lm -lpthread"
status=0
for src in fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    name=${name#fuzz_}
    bin=$B/fuzz/fuzz_$name
    mkdir -p "$B/fuzz" "$B/corpus/$name" "fuzz/corpus/$name"
    # shellcheck disable=SC2086
    clang $CPPFLAGS -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined \
        -fno-sanitize-recover=all -o "$bin" "$src" $B/libdyad.a $LIBS
    echo "fuzz: $name for ${seconds}s"
    if ! "$bin" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="fuzz/corpus/$name/crash-" "$B/corpus/$name" "fuzz/corpus/$name" \
        2>"$B/fuzz_$name.log"; then
        echo "fuzz: $name FAILED; see $B/fuzz_$name.log and fuzz/corpus/$name/crash-*"
        status=1
    fi
    grep -E '^stat::number_of_executed_units|^#[0-9]+ *DONE|cov:' "$B/fuzz_$name.log" | tail -n 2
done
exit $status
