# dyad's own dictionaries: `dyad dict check|lookup|stats`, and the defaults that `code` and
# `validate` use when no dictionary option is given. Runs on tests/fixtures/dict, not on
# data/dict (whose content changes), with no generated files unless a check asks for them.
. tests/cli/lib.inc
t=$(mktemp -d)
F=tests/fixtures/dict
export DYAD_DICT_DIR=$F DYAD_GEN_DIR=

# check: a clean folder
"$DYAD" dict check >"$t/out" 2>"$t/err"
check "check: clean dictionaries exit 0" [ $? -eq 0 ]
check "check: clean summary" [ "$(cat "$t/out")" = "5 files: 0 errors, 0 warnings" ]
check "check: nothing on stderr" [ ! -s "$t/err" ]
"$DYAD" dict check "$F" >"$t/out2" 2>&1
check "check: a folder given as an argument" cmp -s "$t/out" "$t/out2"

# check: lint findings are warnings (exit 1), malformed entries errors (exit 3)
mkdir "$t/lint"
cat >"$t/lint/a.txt" <<'END'
actor ukr UKR Ukraine
actor ukr.gov UKRGOV Ukraine
person p.x Some Body
role p.x UKRGOV 2019-01-01..2020-01-01
role p.x UKRELI 2019-06-01..
verb v.meet 040 meet
pattern v.meet.a v.meet 043 * for talks
pattern v.meet.b v.meet 044 * for talks
verb v.x 999 frobnicate
END
"$DYAD" dict check "$t/lint" >"$t/out" 2>"$t/err"
check "check: warnings exit 1" [ $? -eq 1 ]
check "check: conflicting codes named with file:line" \
    grep -q "a.txt:2: warning: conflicting codes: phrase 'UKRAINE' is 'ukr.gov' (UKRGOV) here and 'ukr' (UKR) at .*a.txt:1" "$t/out"
check "check: overlapping roles" grep -q "a.txt:5: warning: role UKRELI 2019-06-01.. of 'p.x' overlaps UKRGOV" "$t/out"
check "check: a pattern that can never match" grep -q "a.txt:8: warning: pattern 'v.meet.b' can never match" "$t/out"
check "check: unknown CAMEO code" grep -q "a.txt:9: warning: verb 'v.x': '999' is not a CAMEO event code" "$t/out"
check "check: summary counts warnings" grep -q "^1 files: 0 errors, 4 warnings$" "$t/out"
printf 'actor ok UKR Ukraine\nactor bad ukr Ukraine\nrole p.nobody UKRGOV 2019-01-01..\n' >"$t/lint/b.txt"
"$DYAD" dict check "$t/lint" >"$t/out" 2>"$t/err"
check "check: errors exit 3" [ $? -eq 3 ]
check "check: a malformed entry with file:line:col" grep -q "b.txt:2:11: malformed actor code 'ukr'" "$t/err"
check "check: an unknown reference" grep -q "b.txt:3:6: role of unknown person 'p.nobody'" "$t/err"
check "check: summary counts errors" grep -q "^2 files: 2 errors, 5 warnings$" "$t/out"
"$DYAD" dict check --strict "$t/lint" >"$t/out" 2>"$t/err"
check "check --strict stops at the first error" [ $? -eq 3 ]
check "check --strict reports it once" [ "$(grep -c malformed "$t/err")" -eq 1 ]
"$DYAD" dict check "$t/missing" >"$t/out" 2>"$t/err"
check "check: a missing folder exits 2" [ $? -eq 2 ]
check "check: a missing folder is named" grep -q "missing" "$t/err"

# lookup: what a phrase resolves to on a date, and why
"$DYAD" dict lookup "Volodymyr Zelensky" --date 2025-07-19 >"$t/out" 2>"$t/err"
check "lookup: exit 0" [ $? -eq 0 ]
cat >"$t/want" <<'END'
'Volodymyr Zelensky' (VOLODYMYR ZELENSKY)
  * person  p.zelensky               UKRGOV     dict/people.txt:1
            role 2019-05-20.. covers 2025-07-19 (dict/people.txt:2)

'Zelensky' (ZELENSKY)
    person  p.zelensky               UKRGOV     dict/people.txt:1
            role 2019-05-20.. covers 2025-07-19 (dict/people.txt:2); the surname alone, derived from the full name (unambiguous)

on 2025-07-19: * marks what the coder takes
END
if diff -u "$t/want" "$t/out"; then ok; else bad "lookup: Zelensky on 2025-07-19"; fi
"$DYAD" dict lookup --date 2018-01-01 Zelensky >"$t/out"
check "lookup: no role on that date" grep -q "person  p.zelensky               (none)" "$t/out"
check "lookup: says why" grep -q "no role covers 2018-01-01" "$t/out"
"$DYAD" dict lookup --date 2010-07-19 Putin >"$t/out"
check "lookup: the role that covers the date" grep -q "role 2008-05-07..2012-05-06 covers 2010-07-19 (dict/people.txt:7)" "$t/out"
"$DYAD" dict lookup --date 1990-01-01 Soviet government >"$t/out"
check "lookup: a dated actor code" grep -q "actor   sun                      SUNGOV" "$t/out"
"$DYAD" dict lookup "Ukrainian troops pulled out of talks" >"$t/out"
check "lookup: actor" grep -q "  \* actor   ukr                      UKR" "$t/out"
check "lookup: agent plural" grep -q "  \* agent   a.mil                    ~MIL" "$t/out"
check "lookup: phrasal verb form" grep -q "'pulled out' (PULLED OUT)" "$t/out"
check "lookup: synset phrase" grep -q "synset  syn.talks" "$t/out"
"$DYAD" dict lookup frobnicate >"$t/out"
check "lookup: nothing found exits 1" [ $? -eq 1 ]
check "lookup: nothing found says so" grep -q "no dictionary entry matches 'frobnicate'" "$t/out"
"$DYAD" dict lookup --date 2025-13-01 Putin 2>"$t/err"
check "lookup: a bad date exits 2" [ $? -eq 2 ]
"$DYAD" dict lookup 2>/dev/null
check "lookup: no phrase exits 2" [ $? -eq 2 ]

# stats: entries by kind
"$DYAD" dict stats >"$t/out"
check "stats: exit 0" [ $? -eq 0 ]
cat >"$t/want" <<'END'
files                                   5
countries and territories               3
capitals (their governments)            0
places (cities, regions)                0
state institutions                      2
organisations and groups                1
people                                  2
  dated roles                           4
  surnames derived                      2
actor phrases                          18
agents                                  3
  agent phrases (with plurals)         12
verbs                                   4
  verb forms (with inflections)        21
verb patterns                           3
synsets                                 1
discards                                2
  discard phrases                       3
rejected entries                        0
END
if diff -u "$t/want" "$t/out"; then ok; else bad "stats differ"; fi
mkdir "$t/gen"
printf 'actor ukr UKR Ukraine\nactor fra FRA France | French\nactor fra.capital FRAGOV Paris\n' >"$t/gen/countries.txt"
DYAD_GEN_DIR="$t/gen" "$DYAD" dict stats >"$t/out"
# the fixture's written ukr replaces the generated one: its 3 written countries + FRA
check "stats: generated countries" grep -q "^countries and territories  *4$" "$t/out"
check "stats: generated capitals" grep -q "^capitals (their governments)  *1$" "$t/out"
DYAD_GEN_DIR="$t/gen" "$DYAD" dict lookup Paris >"$t/out"
check "lookup: a generated capital" grep -q "actor   fra.capital              FRAGOV" "$t/out"
DYAD_GEN_DIR="$t/gen" "$DYAD" dict check >"$t/out"
check "check: a written entry replaces a generated one silently" [ $? -eq 0 ]

# code and validate use the default dictionaries when given none
printf '%s\n' '{"id":"a","date":"2025-07-19","text":"Volodymyr Zelensky urged Russia to meet."}' \
    '{"id":"b","date":"2010-07-19","text":"Putin criticized the United States."}' \
    '{"id":"c","date":"2025-07-19","text":"Ukraine criticized Russia at the World Cup."}' >"$t/in.jsonl"
"$DYAD" code "$t/in.jsonl" >"$t/out" 2>"$t/err"
check "code: defaults exit 0" [ $? -eq 0 ]
check "code: a person's role on the date" grep -q '"doc":"a".*"source":{"code":"UKRGOV".*"target":{"code":"RUS".*"cameo":"036"' "$t/out"
check "code: a role in another period" grep -q '"doc":"b".*"source":{"code":"RUSGOV".*"target":{"code":"USA".*"cameo":"111"' "$t/out"
check "code: a story discard" [ "$(grep -c '"doc":"c"' "$t/out")" -eq 0 ]
check "code: rule provenance" grep -q '"rule":{"file":"dict/verbs/verbs.txt","line":5,"pattern":"\* + to meet"}' "$t/out"
printf '%s\n' '{"id":"g1","date":"2025-07-19","text":"Putin criticized Ukraine.","gold":{"source":[{"code":"RUS"}],"target":[{"code":"UKR"}],"plover":"ACCUSE"}}' >"$t/gold.jsonl"
"$DYAD" validate "$t/gold.jsonl" >"$t/out" 2>"$t/err"
check "validate: defaults score the gold" grep -q "^1 passed, 0 failed$" "$t/out"
DYAD_DICT_DIR="$t/nowhere" "$DYAD" code "$t/in.jsonl" >/dev/null 2>"$t/err"
check "code: a missing default folder exits 2" [ $? -eq 2 ]
check "code: a missing default folder is named" grep -q "nowhere" "$t/err"
"$DYAD" code --dict "$F/people.txt" --dict "$F/actors" "$t/in.jsonl" >"$t/out" 2>/dev/null
check "code --dict: only the given paths (no verbs, no events)" [ ! -s "$t/out" ]

# usage
"$DYAD" dict 2>/dev/null
check "dict with no command exits 2" [ $? -eq 2 ]
"$DYAD" dict frob 2>"$t/err"
check "dict: unknown command exits 2" [ $? -eq 2 ]
check "dict: unknown command named" grep -q "unknown dict command 'frob'" "$t/err"
rm -rf "$t"
done_tests
