# The production PETRARCH dictionaries load (every problem reported as file:line) and
# code the GigaWord sample.
. tests/cli/lib.inc
ini=$SHARED/petrarch/PETR_config.ini
if [ ! -f "$ini" ]; then
    echo "skip: $ini not found"
    done_tests
    exit
fi
out=$(mktemp)
err=$(mktemp)
"$DYAD" code --petrarch-config "$ini" "$SHARED/petrarch/GigaWord.sample.PETR.xml" >"$out" 2>"$err"
rc=$?
check "exit status 0 (got $rc)" [ "$rc" -eq 0 ]
check "events were coded" [ "$(wc -l <"$out")" -gt 20 ]
check "every event line is JSON with a cameo code" \
    sh -c "grep -c '\"cameo\":\"' '$out' | grep -qx $(wc -l <"$out")"
check "dictionary problems name file:line" \
    sh -c "grep 'dyad: .*\.txt:[0-9]*: ' '$err' | grep -q ."
check "summary line" grep -q '^dyad: 76 records, 76 coded, 0 skipped' "$err"
"$DYAD" code --strict --petrarch-config "$ini" "$SHARED/petrarch/GigaWord.sample.PETR.xml" \
    >/dev/null 2>"$err"
rc=$?
check "--strict stops at the first bad entry with exit 3 (got $rc)" [ "$rc" -eq 3 ]
check "--strict reports one problem" [ "$(grep -c '\.txt:[0-9]' "$err")" -eq 1 ]
# Output is byte-identical whatever the number of threads.
"$DYAD" code -j 1 --petrarch-config "$ini" "$SHARED/petrarch/GigaWord.sample.PETR.xml" \
    "$SHARED/plover_gsr_dev.jsonl" >"$out" 2>/dev/null
for j in 2 3 8; do
    "$DYAD" code -j $j --petrarch-config "$ini" "$SHARED/petrarch/GigaWord.sample.PETR.xml" \
        "$SHARED/plover_gsr_dev.jsonl" 2>/dev/null | cmp -s - "$out"
    check "-j $j gives the same bytes as -j 1" [ $? -eq 0 ]
done
rm -f "$out" "$err"
done_tests
