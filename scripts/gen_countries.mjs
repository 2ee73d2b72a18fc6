#!/usr/bin/env node
// gen_countries.mjs - writes dyad's generated country dictionary (docs/dictionaries.md,
// "Sources") from packages that already keep these facts, so nobody retypes them:
//   Debian's iso-codes      ISO 3166-1 names and alpha-3 codes
//   npm's world-countries   common and official names, alternative spellings,
//                           demonyms, capitals, independence
// Usage: node scripts/gen_countries.mjs ISO_3166-1.json WORLD_COUNTRIES.json > countries.txt
// The output is deterministic (sorted by code) so the build can diff it.
import { readFileSync } from 'node:fs';

const [isoPath, wcPath] = process.argv.slice(2);
if (!isoPath || !wcPath) {
    console.error('usage: gen_countries.mjs ISO_3166-1.json WORLD_COUNTRIES.json');
    process.exit(2);
}
function load(path, hint) {
    try {
        return JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
        console.error(`gen_countries: cannot read ${path}: ${e.message} (${hint})`);
        process.exit(1);
    }
}
const iso = load(isoPath, "install Debian's iso-codes package")['3166-1'];
const wc = load(wcPath, "run 'npm ci' (scripts/setup.sh does)");
const wcVersion = (() => {
    try {
        return JSON.parse(readFileSync(new URL('../node_modules/world-countries/package.json',
            import.meta.url), 'utf8')).version;
    } catch {
        return 'unknown';
    }
})();
const byCode = new Map(wc.map((c) => [c.cca3, c]));

// Short forms that are names in news although the packages list them only as codes, and
// well-known ones they lack. Everything else of two or three capital letters is an ISO
// code ("UA"), and "US" would match the pronoun: matching ignores case.
const ABBREVIATIONS = new Set(['UK', 'UAE', 'DRC', 'DPRK', 'USA']);
const EXTRA = {
    USA: ['U.S.', 'U.S.A.', 'America'],
    GBR: ['U.K.', 'Britain'],
    ARE: ['U.A.E.'],
    TUR: ['Turkey'], // world-countries has only "Türkiye" and "Republic of Turkey"
};
// Names that would code the wrong thing more often than the right one: "Congo" is
// mostly the DRC in news but is ISO's name of the Republic of the Congo; "Jersey" is
// mostly New Jersey; "Mann" a surname; "RSA" an algorithm.
const NEVER = new Set(['congo', 'jersey', 'mann', 'rsa']);
// Capitals that stand for a government in news ("Moscow said"); left out where the
// name is mostly another place or the seat of government is elsewhere.
const NOT_CAPITALS = new Set([
    'jerusalem', // contested; a place in news far more than a metonym
    'victoria', 'kingston', 'georgetown', // common place names elsewhere
    'amsterdam', // the Dutch government sits in The Hague
    'sucre', // Bolivia's government sits in La Paz
]);

const key = (s) => s.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019]/g, "'");
// Latin script only (not phonetic transcriptions): dyad codes English text, and other
// scripts' names are not in it.
const latin = (s) => /^[\p{Script=Latin}\p{M}\s.'\u2019\-&]+$/u.test(s) && !/[\u0250-\u02AF]/u.test(s);
const usable = (s) => s && !/[,()|#]/.test(s) && latin(s) && !NEVER.has(key(s));
// "the State of Palestine" is written without its article: text has its own.
const bare = (s) => (s ? s.replace(/^the /i, '') : s);

function plural(d) {
    if (/(zech)$/.test(d)) return d + 's';
    if (/(ese|ish|ch|sh|ss|s|x|z)$/i.test(d)) return null; // Chinese, British, French, Swiss
    return d + 's';
}

// phrase key -> Set of codes, to drop phrases that name more than one country
const owners = new Map();
const countries = [];
for (const e of [...iso].sort((a, b) => a.alpha_3.localeCompare(b.alpha_3))) {
    const code = e.alpha_3;
    const w = byCode.get(code);
    const names = [e.name, e.common_name, e.official_name];
    const demonyms = [];
    if (w) {
        names.push(w.name.common, w.name.official);
        for (const a of w.altSpellings) {
            if (/^[A-Z]{2,4}$/.test(a) && !ABBREVIATIONS.has(a)) continue;
            names.push(a);
        }
        const d = w.demonyms && w.demonyms.eng;
        if (d) {
            for (const x of [d.m, d.f]) {
                if (!x) continue;
                demonyms.push(x);
                const p = plural(x);
                if (p) demonyms.push(p);
            }
        }
    }
    names.push(...(EXTRA[code] || []));
    const phrases = [];
    const seen = new Set();
    for (const p of [...names, ...demonyms].map(bare)) {
        if (!usable(p) || seen.has(key(p))) continue;
        seen.add(key(p));
        phrases.push(p);
        if (!owners.has(key(p))) owners.set(key(p), new Set());
        owners.get(key(p)).add(code);
    }
    let capital = null;
    if (w && w.independent && w.capital && w.capital.length) {
        // the first listed is the seat of government (Pretoria before Cape Town)
        capital = w.capital[0];
    }
    countries.push({ code, name: e.name, phrases, capital, independent: !!(w && w.independent) });
}

// A phrase of several countries stays with the one independent country among them
// (American: the USA, not the US Minor Outlying Islands), else with none.
const independent = new Set(countries.filter((c) => c.independent).map((c) => c.code));
const dropped = [];
function keeps(p, code) {
    const o = owners.get(key(p));
    if (o.size === 1) return true;
    const ind = [...o].filter((c) => independent.has(c));
    return ind.length === 1 && ind[0] === code;
}

const out = [];
out.push('# Generated by scripts/gen_countries.mjs: do not edit. To correct an entry, write one');
out.push('# with the same id under data/dict/ (a written entry replaces a generated one; a written');
out.push('# phrase takes the phrase from a generated entry).');
out.push(`# Sources: Debian iso-codes (ISO 3166-1), npm world-countries ${wcVersion}.`);
out.push('# Codes are ISO 3166-1 alpha-3. Older CAMEO dictionaries (TABARI, PETRARCH) use some');
out.push('# retired ISO codes instead: ROM for Romania (now ROU), ZAR for Zaire (now COD), TMP for');
out.push('# East Timor (now TLS). Capitals stand for their governments (CODE + GOV): "Moscow said".');
out.push('');
const capitalPhrases = new Map();
for (const c of countries) {
    if (!c.capital) continue;
    const names = [c.capital];
    // "Washington D.C." is "Washington" in news
    if (/ D\.C\.$/.test(c.capital)) names.unshift(c.capital.replace(/ D\.C\.$/, ''));
    c.capitals = names.filter((n) => usable(n) && !NOT_CAPITALS.has(key(n)) && !owners.has(key(n)));
    for (const n of c.capitals) capitalPhrases.set(key(n), (capitalPhrases.get(key(n)) || 0) + 1);
}
for (const c of countries) {
    const phrases = c.phrases.filter((p) => {
        const o = [...owners.get(key(p))];
        const k = keeps(p, c.code);
        if (!k && o[0] === c.code && !o.some((x) => keeps(p, x)))
            dropped.push(`${p} (${o.join(' ')})`);
        return k;
    });
    if (phrases.length === 0) {
        console.error(`gen_countries: ${c.code} ${c.name} has no usable name; left out`);
        continue;
    }
    out.push(`actor ${c.code.toLowerCase()} ${c.code} ${phrases.join(' | ')}`);
    const caps = (c.capitals || []).filter((n) => capitalPhrases.get(key(n)) === 1);
    if (caps.length)
        out.push(`actor ${c.code.toLowerCase()}.capital ${c.code}GOV ${caps.join(' | ')}`);
}
if (dropped.length)
    out.push('', `# Left out as they name several countries: ${dropped.sort().join(', ')}.`);
process.stdout.write(out.join('\n') + '\n');
