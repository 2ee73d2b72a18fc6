# The bad-input suite (docs/errors.md): each folder of tests/errors/ is one case. `cmd`
# holds the dyad arguments, run in the case's folder; `expected` the exit status on its
# first line and then the exact standard error; `stdout`, if present, the exact standard
# output. A `gen` script, if present, first writes big inputs into $TMP (never committed).
# In cmd, $ROOT is the source tree and $TMP the case's scratch folder; in the outputs both
# are written back as "$ROOT" and "$TMP", and the timings of the summary line are cut.
. tests/cli/lib.inc
ROOT=$(pwd)
case $DYAD in
/*) dyad=$DYAD ;;
*) dyad=$ROOT/$DYAD ;;
esac
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
limit=""
command -v timeout >/dev/null 2>&1 && limit="timeout 120"

normalise() { # file: $TMP, $ROOT and the summary's timings made stable
    sed -e "s|$TMP|\$TMP|g" -e "s|$ROOT|\$ROOT|g" \
        -e 's/ (dictionaries [0-9.]* s, total [0-9.]* s, peak memory [0-9]* MB)$//' "$1"
}

for dir in tests/errors/*/; do
    name=$(basename "$dir")
    [ -f "$dir/cmd" ] || continue
    TMP=$scratch/$name
    mkdir -p "$TMP"
    export TMP ROOT
    if [ -f "$dir/gen" ] && ! (cd "$dir" && sh ./gen); then
        bad "$name: gen failed"
        continue
    fi
    args=$(cat "$dir/cmd")
    (cd "$dir" && eval "$limit \"\$dyad\" $args") >"$TMP/.out" 2>"$TMP/.err"
    rc=$?
    { echo "$rc"; normalise "$TMP/.err"; } >"$TMP/.got"
    if cmp -s "$dir/expected" "$TMP/.got"; then
        ok
    else
        bad "$name: exit status or standard error differ"
        diff -u "$dir/expected" "$TMP/.got" | head -n 30
    fi
    if [ -f "$dir/stdout" ]; then
        normalise "$TMP/.out" >"$TMP/.gotout"
        if cmp -s "$dir/stdout" "$TMP/.gotout"; then
            ok
        else
            bad "$name: standard output differs"
            diff -u "$dir/stdout" "$TMP/.gotout" | head -n 30
        fi
    fi
    rm -rf "$TMP"
done
done_tests
