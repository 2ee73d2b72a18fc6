# Usage and input errors: clear messages and the documented exit codes.
. tests/cli/lib.inc
t=$(mktemp -d)
"$DYAD" frobnicate 2>"$t/err"
check "unknown command exits 2" [ $? -eq 2 ]
check "unknown command is named" grep -q "unknown command 'frobnicate'" "$t/err"
"$DYAD" code --petrarch-config examples/dict/example.ini "$t/missing.jsonl" 2>"$t/err"
check "missing input exits 2" [ $? -eq 2 ]
check "missing input is named" grep -q "missing.jsonl" "$t/err"
# with no dictionary option the default dictionaries are used; if they are missing: exit 2
DYAD_DICT_DIR="$t/no-such-dir" "$DYAD" code examples/articles.jsonl 2>"$t/err"
check "no dictionaries exits 2" [ $? -eq 2 ]
check "missing default dictionaries are named" grep -q "no-such-dir" "$t/err"
printf '%s\n' '{"id":"a","date":"2024-01-02","text":"Hungary criticized Russia."}' \
    '{"id":"b","date":"2024-13-40","text":"x"}' 'not json' \
    '{"id":"c","text":"Russia criticized Hungary."}' >"$t/in.jsonl"
"$DYAD" code --petrarch-config examples/dict/example.ini "$t/in.jsonl" >"$t/out" 2>"$t/err"
check "bad records exit 1" [ $? -eq 1 ]
check "bad date reported with its line" grep -q "in.jsonl:2" "$t/err"
check "bad JSON reported with its line" grep -q "in.jsonl:3" "$t/err"
check "good records still coded" [ "$(wc -l <"$t/out")" -eq 2 ]
printf 'UKRAINE [UKR\nRUSSIA [RUS]\n' >"$t/actors.txt"
printf -- '--- CRITICIZE [111] ---\nCRITICIZE\n' >"$t/verbs.txt"
echo "Ukraine criticized Russia." >"$t/a.txt"
"$DYAD" code --verbs "$t/verbs.txt" --actors "$t/actors.txt" "$t/a.txt" >"$t/out" 2>"$t/err"
check "a bad dictionary line is reported with file:line" grep -q "actors.txt:1:[0-9]*:* " "$t/err"
"$DYAD" code --strict --verbs "$t/verbs.txt" --actors "$t/actors.txt" "$t/a.txt" 2>/dev/null
check "--strict on a bad dictionary exits 3" [ $? -eq 3 ]
rm -rf "$t"
done_tests
