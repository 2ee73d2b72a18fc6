# The event store (docs/store.md): ingest the bundled examples, ingest them again (nothing
# is added), duplicates by text, queries, series, the exports, and the GDELT export's 61
# columns under the header data/gdelt/events_2.0_columns.txt.
. tests/cli/lib.inc
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
db=$t/s.db
DICT="--petrarch-config examples/dict/example.ini"

"$DYAD" ingest --db "$db" examples/articles.jsonl $DICT >"$t/out" 2>"$t/err"
check "ingest exits 0" [ $? -eq 0 ]
check "ingest stores 6 articles, 9 events" \
    grep -q "6 articles read, 6 stored, 0 duplicates (0 id, 0 url, 0 text), 9 events stored, 0 skipped; dedup: 9 mentions, 9 new events" "$t/err"
check "ingest writes nothing to stdout without --summary" [ ! -s "$t/out" ]
"$DYAD" query --db "$db" --summary >"$t/sum1"
"$DYAD" export --db "$db" --format jsonl >"$t/ev1"

# Idempotent: the same corpus again adds no article and no event, and changes nothing.
"$DYAD" ingest --db "$db" examples/articles.jsonl $DICT >"$t/out" 2>"$t/err"
check "second ingest exits 0" [ $? -eq 0 ]
check "second ingest adds nothing" \
    grep -q "6 articles read, 0 stored, 6 duplicates (6 id, 0 url, 0 text), 0 events stored, 0 skipped; dedup: 0 mentions, 0 new events" "$t/err"
"$DYAD" query --db "$db" --summary >"$t/sum2"
"$DYAD" export --db "$db" --format jsonl >"$t/ev2"
check "summary unchanged" cmp -s "$t/sum1" "$t/sum2"
check "events unchanged" cmp -s "$t/ev1" "$t/ev2"
check "summary counts" grep -q "6 articles, 12 sentences, 9 mentions -> 9 events (dedup window 1 day), 2025-07-19 to 2025-07-24" "$t/sum1"
check "summary top dyads" grep -q "^UKRGOV -> RUS  *1  *1$" "$t/sum1"
check "summary by QuadClass" grep -q "^4 material conflict  *4  *4$" "$t/sum1"

# The same texts under new ids (and changed white space and case) are duplicates by text.
sed -e 's/"demo-/"copy-/' -e 's/ Zelensky/  ZELENSKY/' examples/articles.jsonl >"$t/copy.jsonl"
"$DYAD" ingest --db "$db" "$t/copy.jsonl" $DICT 2>"$t/err"
check "copies are duplicates by text" grep -q "0 stored, 6 duplicates (0 id, 0 url, 6 text)" "$t/err"
# ... and the same URL is a duplicate by URL.
printf '%s\n' '{"id":"u1","url":"https://x.example/a","text":"Hungary criticized Russia."}' \
    '{"id":"u2","url":"https://x.example/a","text":"Russia criticized Hungary."}' >"$t/url.jsonl"
"$DYAD" ingest --db "$t/u.db" "$t/url.jsonl" $DICT 2>"$t/err"
check "same URL is a duplicate" grep -q "1 stored, 1 duplicates (0 id, 1 url, 0 text)" "$t/err"

# Mentions come back exactly as `dyad code` wrote them.
"$DYAD" export --db "$db" --mentions --format jsonl >"$t/mentions"
"$DYAD" code examples/articles.jsonl $DICT >"$t/coded" 2>/dev/null
check "mentions export equals dyad code's events" cmp -s "$t/coded" "$t/mentions"

# GDELT 2.0: 61 tab-separated columns on every line, GDELT's column names as the header.
"$DYAD" export --db "$db" --format gdelt --header >"$t/gdelt"
check "gdelt export exits 0" [ $? -eq 0 ]
check "gdelt header is data/gdelt/events_2.0_columns.txt" \
    [ "$(head -n 1 "$t/gdelt")" = "$(paste -s -d '	' data/gdelt/events_2.0_columns.txt)" ]
check "the column list has 61 names" [ "$(wc -l <data/gdelt/events_2.0_columns.txt)" -eq 61 ]
check "gdelt: 61 columns on every line" [ "$(awk -F'\t' 'NF != 61' "$t/gdelt" | wc -l)" -eq 0 ]
check "gdelt: header and 9 events" [ "$(wc -l <"$t/gdelt")" -eq 10 ]
"$DYAD" export --db "$db" --format gdelt >"$t/gdelt2"
check "gdelt without --header: events only" [ "$(wc -l <"$t/gdelt2")" -eq 9 ]
# (column 7, Actor1Name, and 17, Actor2Name, are the coder's words: not compared)
gcols() { awk -F'\t' -v OFS='|' "/$1/ { \$7 = \$17 = \"\"; NF = 35; print; exit }" "$t/gdelt2"; }
check "gdelt row: id, dates, actors, codes, counts" \
    [ "$(gcols '^1\t')" = "1|20250719|202507|2025|2025.6274|UKRGOV||UKR|||||GOV|||RUS||RUS||||||||1|036|036|03|1|4|1|1|1|" ]
check "gdelt: an actor without a country keeps its type" \
    [ "$(gcols 'SRBCOP' | cut -d'|' -f6-25)" = "SRBCOP||SRB|||||COP|||EDU|||||||EDU||" ]
"$DYAD" export --db "$db" --format csv >"$t/csv"
check "csv: header and 9 rows" [ "$(wc -l <"$t/csv")" -eq 10 ]
check "csv header" grep -q "^id,date,last_date,source,source_name,target,target_name,cameo," "$t/csv"
"$DYAD" export --db "$db" --format plover >"$t/plover"
check "plover: 9 events" [ "$(wc -l <"$t/plover")" -eq 9 ]
check "plover field names" grep -q '"event_type":"ASSAULT","event_mode":"heavy-weapons"' "$t/plover"
"$DYAD" export --db "$db" --mentions --format gdelt 2>"$t/err"
check "mentions as gdelt is a usage error" [ $? -eq 2 ]
"$DYAD" export --db "$db" --format csv --output "$t/o.csv" 2>"$t/err"
check "--output writes the file" cmp -s "$t/csv" "$t/o.csv"

# Queries.
q() { "$DYAD" query --db "$db" --count "$@"; }
check "--dyad UKR:RUS" [ "$(q --dyad UKR:RUS)" = 1 ]
check "--dyad RUS:UKR --both" [ "$(q --dyad RUS:UKR --both)" = 2 ]
check "--dyad RUS: (any target)" [ "$(q --dyad RUS:)" = 1 ]
check "--actor RUS" [ "$(q --actor RUS)" = 3 ]
check "--source/--target" [ "$(q --source USA --target CHN)" = 1 ]
check "--quad 4" [ "$(q --quad 4)" = 4 ]
check "--quad 1,2" [ "$(q --quad 1,2)" = 3 ]
check "--root 19" [ "$(q --root 19)" = 1 ]
check "--cameo 17" [ "$(q --cameo 17)" = 1 ]
check "--plover coerce" [ "$(q --plover coerce)" = 2 ]
check "--from/--to" [ "$(q --from 2025-07-22 --to 2025-07-23)" = 4 ]
check "--text" [ "$(q --text kharkiv)" = 1 ]
check "--text, all words" [ "$(q --text 'kharkiv sanctions')" = 0 ]
check "--mentions" [ "$(q --mentions --dyad ISR:PSEHMS --both)" = 2 ]
"$DYAD" query --db "$db" --dyad UKR:RUS --format csv >"$t/q"
check "query csv" [ "$(sed -n 2p "$t/q" | cut -d, -f1-4,6,8)" = "1,2025-07-19,2025-07-19,UKRGOV,RUS,036" ]
"$DYAD" query --db "$db" --quad 3 >"$t/q"
check "query writes JSON lines when not on a terminal" [ "$(grep -c '"schema":"dyad.store.event/1"' "$t/q")" -eq 2 ]
"$DYAD" query --db "$db" --format table --limit 2 >"$t/q"
check "query table" [ "$(head -n 1 "$t/q" | tr -s ' ')" = "ID DATE SOURCE TARGET CAMEO PLOVER QUAD GOLD MENTIONS SOURCES ARTICLES" ]
check "query table rows" [ "$(wc -l <"$t/q")" -eq 3 ]
check "query --check" [ "$("$DYAD" query --db "$db" --check)" = "$db: ok" ]

# Series.
"$DYAD" series --db "$db" --by week --format csv >"$t/s"
check "series header" grep -q "^period,start,end,verbal_coop,material_coop,verbal_conflict,material_conflict,unknown,total,goldstein_sum,goldstein_mean$" "$t/s"
check "series weeks" [ "$(sed -n '2p;3p' "$t/s" | cut -d, -f1-9 | tr '\n' ' ')" = "2025-07-14,2025-07-14,2025-07-20,1,0,0,1,0,2 2025-07-21,2025-07-21,2025-07-27,0,2,2,3,0,7 " ]
"$DYAD" series --db "$db" --dyad RUS:UKR --both --by day --format csv >"$t/s"
check "series of a dyad, by day, gaps filled" [ "$(cut -d, -f1,9,10,11 "$t/s" | tr '\n' ' ')" = "period,total,goldstein_sum,goldstein_mean 2025-07-19,1,4,4.0000 2025-07-20,1,-10,-10.0000 " ]
"$DYAD" series --db "$db" --by month --format csv >"$t/s"
check "series by month" [ "$(sed -n 2p "$t/s")" = "2025-07,2025-07-01,2025-07-31,1,2,2,4,0,9,-15.3,-1.7000" ]

# Errors.
"$DYAD" query --db "$t/missing.db" 2>"$t/err"
check "missing store exits 2" [ $? -eq 2 ]
check "missing store is named" grep -q "missing.db': no such file" "$t/err"
check "a reader does not create the store" [ ! -e "$t/missing.db" ]
"$DYAD" query --db "$db" --dyad UKR 2>"$t/err"
check "bad --dyad exits 2" [ $? -eq 2 ]
"$DYAD" query --db "$db" --root 21 2>/dev/null
check "bad --root exits 2" [ $? -eq 2 ]
echo "not a database" >"$t/x.db"
"$DYAD" ingest --db "$t/x.db" examples/articles.jsonl $DICT 2>"$t/err"
check "not a store exits 2" [ $? -eq 2 ]
check "not a store is said" grep -q "not a dyad store" "$t/err"
printf '%s\n' '{"id":"a","date":"2024-01-02","text":"Hungary criticized Russia."}' 'not json' >"$t/bad.jsonl"
"$DYAD" ingest --db "$t/b.db" "$t/bad.jsonl" $DICT 2>"$t/err"
check "a bad record exits 1, the rest is stored" [ $? -eq 1 ]
check "the bad record is reported" grep -q "bad.jsonl:2" "$t/err"
check "no -wal or -shm left behind" [ -z "$(ls "$t" | grep -e '-wal$' -e '-shm$')" ]
done_tests
