# 10,000 articles with 100 broken ones mixed in (docs/errors.md): exactly the 100 are
# reported, each once with its line number, and the other 9,900 are coded exactly as they
# are when coded without the broken ones (and one by one, for a sample). Generated here,
# never committed.
. tests/cli/lib.inc
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
dict="--petrarch-config examples/dict/example.ini"

# The bundled articles, replicated with unique ids; every 100th line (100, 200, ...,
# 10000) broken in one of 13 ways: JSON syntax, types, dates, encoding, NUL bytes, and
# limits of the reader (a 2 MB line) and of the coder (a 1,500-token sentence).
awk -v out="$t/mixed.jsonl" -v bad="$t/bad_lines" -v clean="$t/clean.jsonl" '
    function pad(n,  s) { s = "a "; while (length(s) < 2 * n) s = s s; return substr(s, 1, 2 * n) }
    { src[NR] = $0 }
    END {
        long = pad(1500)
        huge = pad(1100000)
        for (i = 1; i <= 10000; i++) {
            line = src[(i - 1) % NR + 1]
            sub(/"id": "[^"]*"/, "\"id\": \"a" i "\"", line)
            if (i % 100 != 0) {
                print line >out
                print line >clean
                continue
            }
            print i >bad
            kind = (i / 100) % 13
            if (kind == 0) line = substr(line, 1, 40)                       # truncated JSON
            else if (kind == 1) line = "{\"id\": \"a" i "\", \"text\": 42}"   # text a number
            else if (kind == 2) { sub(/"date": "[^"]*"/, "\"date\": \"2024-02-30\"", line) }
            else if (kind == 3) { sub(/"id": "[^"]*"/, "\"id\": [1]", line) }
            else if (kind == 4) { sub(/"text": "/, "\"text\": \"\377", line) }  # bad UTF-8
            else if (kind == 5) { sub(/"text": "/, "\"text\": \"\\u0000", line) }
            else if (kind == 6) { sub(/"id": "[^"]*", /, "", line) }        # no id
            else if (kind == 7) line = "[" line "]"
            else if (kind == 8) { sub(/"date": "[^"]*"/, "\"date\": 20240101", line) }
            else if (kind == 9) line = "{\"id\": \"a" i "\", \"text\": \"" huge "\"}"
            else if (kind == 10) line = "{\"id\": \"a" i "\", \"text\": \"" long ".\"}"
            else if (kind == 11) { sub(/"date": "[^"]*"/, "\"date\": \"0999-12-31\"", line) }
            else line = "{\"id\": \"a" i "\", \"id\": \"b\", \"text\": \"x\"}"
            print line >out
        }
    }' examples/articles.jsonl
# kind 5 needs a NUL byte in raw form too: line 500 gets one in place of the escape
sed -i '500s/\\u0000/\x00/' "$t/mixed.jsonl"

check "10,000 lines written" [ "$(wc -l <"$t/mixed.jsonl")" -eq 10000 ]
check "100 broken" [ "$(wc -l <"$t/bad_lines")" -eq 100 ]

"$DYAD" code -j 2 $dict --max-line-bytes 2M "$t/mixed.jsonl" >"$t/mixed.out" 2>"$t/mixed.err"
rc=$?
check "exit status 1 (got $rc)" [ "$rc" -eq 1 ]
# Each report names the file and the line: "dyad: FILE:LINE[:COL]: ...".
grep -v '^dyad: [0-9]* records' "$t/mixed.err" |
    sed -n "s|^dyad: $t/mixed.jsonl:\([0-9]*\)[: ].*|\1|p" >"$t/reported"
check "100 reports" [ "$(wc -l <"$t/reported")" -eq 100 ]
check "nothing else on standard error" [ "$(grep -vc '^dyad: [0-9]* records' "$t/mixed.err")" -eq 100 ]
check "exactly the broken lines are reported" cmp -s "$t/reported" "$t/bad_lines"
check "summary counts 10000 records, 9900 coded, 100 skipped" \
    grep -q '^dyad: 10000 records, 9900 coded, 100 skipped, ' "$t/mixed.err"
for kind in 'invalid JSON' '"text" must be a string' '"date" must be a day' \
    '"id" must be a string or an integer' 'unable to decode byte 0xff' 'NUL byte' \
    'missing "id"' 'expected a JSON object' '"date" must be a string' \
    'line is longer than the limit of 2097152 bytes' 'has more than 1000 tokens' \
    'duplicate object key' '\u0000 (a NUL'; do
    check "reported: $kind" grep -q -F "$kind" "$t/mixed.err"
done

"$DYAD" code -j 2 $dict "$t/clean.jsonl" >"$t/clean.out" 2>"$t/clean.err"
check "the clean file codes with exit 0" [ $? -eq 0 ]
check "the 9,900 give the events they give alone" cmp -s "$t/mixed.out" "$t/clean.out"
check "events were coded" [ "$(wc -l <"$t/clean.out")" -gt 9000 ]
"$DYAD" code -j 1 $dict --max-line-bytes 2M "$t/mixed.jsonl" >"$t/mixed1.out" 2>/dev/null
check "one thread gives the same events" cmp -s "$t/mixed.out" "$t/mixed1.out"

# A sample, one article per run: the same events as in the mixed run.
ok_sample=1
for i in 1 99 101 1234 4999 5001 7777 9999; do
    sed -n "${i}p" "$t/mixed.jsonl" >"$t/one.jsonl"
    "$DYAD" code $dict "$t/one.jsonl" >"$t/one.out" 2>/dev/null
    grep -F "\"doc\":\"a$i\"," "$t/mixed.out" >"$t/one.want"
    cmp -s "$t/one.out" "$t/one.want" || { ok_sample=0; echo "article a$i differs alone"; }
done
check "sampled articles coded alone give the same events" [ "$ok_sample" -eq 1 ]
done_tests
