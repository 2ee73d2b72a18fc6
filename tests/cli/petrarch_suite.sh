# The PETRARCH validation suite, coded from text alone: at least 230 of 284 records.
. tests/cli/lib.inc
suite=$SHARED/petrarch/PETR.UnitTest.records.xml
if [ ! -f "$suite" ]; then
    echo "skip: $suite not found"
    done_tests
    exit
fi
out=$(mktemp)
"$DYAD" validate "$suite" >"$out" 2>&1
rc=$?
line=$(tail -n 1 "$out")
echo "suite: $line"
passed=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
check "validate exits 0 or 1 (got $rc)" [ "$rc" -le 1 ]
check "suite prints a per-category table" grep -q '^category' "$out"
check "at least 230 of 284 records coded exactly (got $passed)" [ "${passed:-0}" -ge 230 ]
check "284 records read" [ "$(echo "$line" | awk '{print $1 + $3}')" -eq 284 ]
rm -f "$out"
done_tests
