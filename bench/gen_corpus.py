"""Generate N fictional action plans and IRP reports, with a manifest of what each contains.

Run from the repo root::

    python bench/gen_corpus.py OUT --plans 1000 --irps 250 --seed 7

Every document is one of the samples (``samples/``) re-templated: the three
action plan layouts (2018–2021 Word table: Ashdown, Fenwick; 2022 PDF
extraction: Carrow Vale; 2023+ concerns table: Larkhill) and the IRP report
(Ashdown IRP). Some establishments get a series instead of one plan: Fenwick's
plans of 2013, 2016 and 2019 (``SERIES_TEMPLATES``, two layouts), under one
name and one year shift, whose repeated refs make repeat links and chains of
three when imported. Each copy gets its own fictional establishment name (in every
form the sample spells it: 'Ashdown', 'ASHDOWN'), its years shifted by a
multiple of four (so 29 February stays a real day) and its prose reworded
(a seeded choice of synonyms for common words, which never touches the
table structure, numbering, refs, agreement cells or dates). The result is
the same for the same ``--seed``.

OUT gets one ``.txt`` per document and ``manifest.json``: for each file its
establishment, kind, layout, template, whether it is one of a series, records (recommendations of a plan,
judgements of an IRP report), actions, and agreement counts. The counts are
those of the template's parse; ``tests/test_gen_corpus.py`` checks that the
generated documents parse to them.

``generate()`` yields the documents one at a time, so a benchmark can stream
them without holding the corpus in memory.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

# template file -> the establishment name as the sample spells it (without HMP/HMYOI)
PLAN_TEMPLATES = {
    "ashdown_action_plan_2021.txt": "Ashdown",
    "fenwick_action_plan_2019.txt": "Fenwick",
    "carrow_vale_action_plan_2022.txt": "Carrow Vale",
    "larkhill_action_plan_2024.txt": "Larkhill",
}
IRP_TEMPLATES = {"ashdown_irp_2022.txt": "Ashdown"}
# One establishment's plans of three inspections, in order: each later plan prints
# "(Repeated recommendation …)" refs of the one before, so importing them makes repeat
# links and chains of three (2013 -> 2016 -> 2019, years shifted alike).
SERIES_TEMPLATES = (
    "fenwick_action_plan_2013.txt",
    "fenwick_action_plan_2016.txt",
    "fenwick_action_plan_2019.txt",
)
SERIES_NAME = "Fenwick"

PREFIXES = ("Ash", "Brook", "Carr", "Dun", "Elm", "Fen", "Gar", "Hol", "Kes", "Lark", "Mor",
            "Pen", "Ravens", "Salt", "Thorn", "Wick", "Bram", "Cold", "Hart", "Stan")  # fmt: skip
ENDINGS = ("ford", "dale", "moor", "field", "ton", "by", "wood", "ham", "leigh", "combe")
SUFFIXES = ("", " Vale", " Park", " Grange", " Heath", " Hill", " Lodge", " Down")

# Lower-case prose words and their interchangeable rewordings. Whole words only;
# none of them is a keyword the parser reads (agreement, 'Recommendation', refs,
# months, owners' titles are left alone).
SYNONYMS = {
    "prisoners": ("prisoners", "residents", "people in prison"),
    "weekly": ("weekly", "fortnightly"),
    "monthly": ("monthly", "quarterly"),
    "leaders": ("leaders", "managers", "senior leaders"),
    "introduced": ("introduced", "put in place", "started"),
    "reviewed": ("reviewed", "checked", "examined"),
    "support": ("support", "help"),
    "improve": ("improve", "strengthen"),
    "regularly": ("regularly", "routinely"),
    "meeting": ("meeting", "forum"),
}
_WORD = re.compile(r"\b(" + "|".join(SYNONYMS) + r")\b")
_YEAR_RANGE = re.compile(r"\b(20[0-3]\d)-(\d\d)\b")  # financial years: 2019-20
_YEAR = re.compile(r"\b(20[0-3]\d)\b")


@dataclass(frozen=True)
class Generated:
    name: str  # file name
    text: str
    entry: dict  # the manifest entry


def establishment_names(count: int) -> list[str]:
    """``count`` distinct made-up establishment names (no prefix), the same every run."""
    names = [f"{p}{e}{s}" for s in SUFFIXES for p in PREFIXES for e in ENDINGS]
    out = names[:count]
    n = 2
    while len(out) < count:  # more than the combinations: number them
        out += [f"{name} {n}" for name in names[: count - len(out)]]
        n += 1
    return out


@cache
def template(file: str) -> tuple[str, dict]:
    """The sample's text and the counts its parse gives (computed once per template)."""
    from extract import parse_document
    from extract.formats.read import read_document

    text = read_document(SAMPLES / file)
    doc = parse_document(text)
    counts: dict = {"kind": doc.kind, "layout": getattr(doc, "layout", None)}
    if doc.kind == "action_plan":
        recs = doc.recommendations
        counts["records"] = len(recs)
        counts["actions"] = sum(len(r.actions) for r in recs)
        agreement: dict[str, int] = {}
        for r in recs:
            agreement[str(r.agreement)] = agreement.get(str(r.agreement), 0) + 1
        counts["agreement"] = agreement
    else:
        counts["records"] = len(doc.judgements)
        counts["actions"] = 0
    return text, counts


def reword(text: str, old_name: str, new_name: str, year_shift: int, rng: random.Random) -> str:
    text = text.replace(old_name, new_name).replace(old_name.upper(), new_name.upper())
    if year_shift:
        text = _YEAR_RANGE.sub(
            lambda m: f"{int(m[1]) + year_shift}-{(int(m[2]) + year_shift) % 100:02d}", text
        )
        text = _YEAR.sub(lambda m: str(int(m[1]) + year_shift), text)
    choice = {word: rng.choice(options) for word, options in SYNONYMS.items()}
    return _WORD.sub(lambda m: choice[m[1]], text)


def generate(plans: int, irps: int = 0, seed: int = 0) -> Iterator[Generated]:
    """Yield ``plans`` action plans and ``irps`` IRP reports, interleaved, one at a time."""
    rng = random.Random(seed)
    names = establishment_names(max(plans, irps))
    order = ["plan"] * plans + ["irp"] * irps
    rng.shuffle(order)
    plan_files = list(PLAN_TEMPLATES)
    n_plan = n_irp = 0
    series: list[str] = []  # the rest of a series being generated: its next plans
    series_name, series_shift = "", 0
    for i, what in enumerate(order):
        shift = None
        in_series = False
        if what == "plan":
            in_series = bool(series)
            if series:  # the same establishment's next inspection
                file, name, shift = series.pop(0), series_name, series_shift
                old = SERIES_NAME
            else:
                # one pick in len + 1 starts a series of three plans of one establishment
                pick = rng.randrange(len(plan_files) + 1)
                name = names[n_plan]
                if pick == len(plan_files):
                    in_series = True
                    file, *series = SERIES_TEMPLATES
                    old, series_name = SERIES_NAME, name
                else:
                    file = plan_files[pick]
                    old = PLAN_TEMPLATES[file]
            n_plan += 1
        else:
            file = "ashdown_irp_2022.txt"
            old = IRP_TEMPLATES[file]
            # an IRP report follows up a plan's establishment (the first plans')
            name = names[n_irp % max(plans, 1)] if plans else names[n_irp]
            n_irp += 1
        text, counts = template(file)
        drawn = rng.choice((-4, 0, 4))
        if shift is None:
            shift = drawn
            if file == SERIES_TEMPLATES[0]:
                series_shift = shift  # the series' plans keep their order in time
        body = reword(text, old, name, shift, rng)
        prefix = "HMYOI" if "Carrow" in old else "HMP"
        slug = name.lower().replace(" ", "_")
        kind = "irp" if counts["kind"] == "irp_report" else "action_plan"
        file_name = f"{i + 1:05d}_{slug}_{kind}.txt"
        entry = {
            "file": file_name,
            "establishment": f"{prefix} {name}",
            "template": file,
            "year_shift": shift,
            "series": in_series,  # one of an establishment's series of three plans
            **counts,
        }
        yield Generated(file_name, body, entry)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the .txt files and manifest.json")
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--irps", type=int, default=None, help="default: a quarter of --plans")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    irps = args.plans // 4 if args.irps is None else args.irps
    args.out.mkdir(parents=True, exist_ok=True)
    manifest = []
    for doc in generate(args.plans, irps, args.seed):
        (args.out / doc.name).write_text(doc.text, encoding="utf-8")
        manifest.append(doc.entry)
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    records = sum(e["records"] for e in manifest)
    actions = sum(e["actions"] for e in manifest)
    print(
        f"{len(manifest)} documents ({args.plans} plans, {irps} IRP reports), "
        f"{records} records, {actions} actions -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
