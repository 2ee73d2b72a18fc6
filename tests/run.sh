#!/bin/sh
# Runs every test suite and prints one closing line "N passed, N failed".
# Each suite prints its own "N passed, N failed" line; this sums them.
B=${B:-build}
total_pass=0
total_fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run() { # name, command...
    name=$1
    shift
    "$@" >"$log" 2>&1
    rc=$?
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ -n "$line" ]; then
        p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
        f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
    elif [ $rc -eq 0 ]; then
        p=1 f=0
    else
        p=0 f=1
    fi
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    if [ "$f" -ne 0 ]; then
        echo "FAIL $name ($p passed, $f failed)"
        sed 's/^/    /' "$log" | tail -n 40
    else
        echo "ok   $name ($p passed)"
    fi
    grep '^skip:' "$log" | sed 's/^/    /'
    true
}

for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    run "unit/$(basename "$t")" "$t"
done
for r in "$B"/fuzz/replay_*; do
    [ -x "$r" ] || continue
    name=${r##*/replay_}
    run "fuzz-replay/$name" "$r" "fuzz/corpus/$name"
done
for t in tests/cli/*.sh; do
    [ -f "$t" ] || continue
    run "cli/$(basename "$t" .sh)" env DYAD="$B/dyad" sh "$t"
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
