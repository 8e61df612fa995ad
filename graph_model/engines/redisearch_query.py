"""The RediSearch queries FalkorDB's full-text indexes are asked, for words typed in any case and accents.

FalkorDB's index on ``Entity`` keeps each word as written, ASCII letters
lower-cased and nothing else changed ("Schröder" -> "schröder", "ÆRØ" ->
"ÆrØ", "Straße" -> "straße"); it has no folding option.  Its query parser
(dialect 1: no wildcard ``w'...'`` terms) lower-cases a prefix term letter
by letter (``"Øst*"`` looks for "øst", ``"straß*"`` for "stras"), while an
exact or fuzzy term keeps its capitals.  So no prefix term reaches a word
past a capital outside ASCII or a "ß": "Østergaard" cannot be found by any
prefix at all.

Hence a second index per label, the *run index*: the same ``name`` and
``title`` with the ``chinese`` language, whose tokenizer treats every
letter outside ASCII as a break, so each run of plain letters is indexed as
a word of its own ("Østergaard" -> "stergaard", "Jens ÆRØ" -> "jens", "r",
"Tomás" -> "tom", "s"), stop words off so that runs like "a" or "it" stay.
A word whose folded form begins with the folded query word ``f`` is then a
word whose first plain run is one of a few strings of ``f``:

- the word's first letters are plain: its first run begins with ``f``
  (``f*``), or with ``f``'s first ``PLAIN_PREFIX`` letters when the first
  accent comes later (``schr*`` for "schröder"), or is exactly ``f[:j]`` when
  the first accent is its letter ``j`` (``m`` for "MÜLLER", ``tom`` for
  "Tomás");
- the word begins with accented letters that fold to ``f[:k]`` (k up to
  ``LEADING_LETTERS``): its first run begins with ``f[k:]`` when that holds
  ``MIN_TAIL`` letters or more (``ster*`` for "Øster"), or is exactly
  ``f[k:q]`` (up to ``MAX_RUN`` letters) when another accent follows within
  the typed letters (``r`` for "aero" and "Ærø").

The entity index is still asked for the word folded, as typed and within a
small edit distance (it ranks plain matches first, and finds whole words the
runs cannot); ``FalkorEngine.search`` keeps the candidates of both whose
folded words begin with the folded query words.  At most
``MAX_RUN_TERMS`` run terms per word and ``3`` entity terms, for at most
``MAX_TERMS`` words.  What no term reaches (README, "Search limits"): a
word that begins with accented letters folding to more than
``LEADING_LETTERS`` letters, or to all the letters typed, or followed by
fewer than ``MIN_TAIL`` typed letters that run on past the typed ones
("øst" for "Østergaard"; "oste" finds it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

PLAIN_PREFIX: Final = 4
LEADING_LETTERS: Final = 3
MIN_TAIL: Final = 3
MAX_RUN: Final = 12
MAX_RUN_TERMS: Final = 2 + (PLAIN_PREFIX - 1) + LEADING_LETTERS * (1 + MAX_RUN)


def edit_distance(term: str) -> int:
    """How many letters of a folded term may differ in the indexed word: one
    accent per short word, two per longer one ("angstrom" for "Ångström"); none
    for one or two letters, where any distance matches nearly every word."""
    return 0 if len(term) < 3 else 1 if len(term) < 6 else 2


def entity_terms(word: str, folded: str) -> list[str]:
    """``"tomás", "tomas"`` -> ``["tomas*", "tomás*", "%tomas%"]``."""
    prefixes = [folded] if word == folded else [folded, word]
    terms = [f"{p}*" for p in prefixes]
    distance = edit_distance(folded)
    if distance:
        terms.append(f"{'%' * distance}{folded}{'%' * distance}")
    return terms


def run_terms(folded: str) -> list[str]:
    """``"aero"`` -> ``["aero*", "a", "ae", "aer", "ero*", "e", "er", "r", ...]``."""
    size = len(folded)
    prefixes = [folded, folded[:PLAIN_PREFIX]]
    exact = [folded[:j] for j in range(1, min(size, PLAIN_PREFIX))]
    for k in range(1, min(size, LEADING_LETTERS + 1)):
        if size - k >= MIN_TAIL:
            prefixes.append(folded[k:])
        exact.extend(folded[k:q] for q in range(k + 1, min(size, k + MAX_RUN) + 1))
    terms = [f"{p}*" for p in prefixes] + exact
    return list(dict.fromkeys(terms))


def _pairs(words: Sequence[str], folded: Sequence[str]) -> list[tuple[str, str]]:
    if len(words) != len(folded):
        # A word whose folded form is several words ("⑴" and the like): folded terms only.
        return list(zip(folded, folded, strict=True))
    return list(zip(words, folded, strict=True))


def entity_query(words: Sequence[str], folded: Sequence[str]) -> str:
    """``["tomás"], ["tomas"]`` -> ``"(tomas*|tomás*|%tomas%)"``: every word must match."""
    return " ".join(f"({'|'.join(entity_terms(w, f))})" for w, f in _pairs(words, folded))


def run_query(folded: Sequence[str]) -> str:
    """The run index's query: every word must match one of its ``run_terms``."""
    return " ".join(f"({'|'.join(run_terms(f))})" for f in folded)
