# Shared by the CLI tests: counters, checks and the closing "N passed, N failed".
pass=0
fail=0
SHARED=${SHARED:-../shared/data}
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # description, command...
    d=$1
    shift
    if "$@"; then ok; else bad "$d"; fi
}
done_tests() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
