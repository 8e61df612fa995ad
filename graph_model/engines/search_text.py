"""Turn what a user typed into safe full-text queries, and fold text for comparison.

Both engines parse a query language inside the search string (RediSearch and
Lucene); user text is reduced to plain word terms, matched as prefixes, so
nothing the user types can change the query's meaning.

Folding (case and accents: "TOMÁS" -> "tomas", "Straße" -> "strasse") is the
job of each engine's index where it can do it; ``fold`` gives the same answer
for the letters of Latin scripts, so that a query can be folded the way the
index folded the names (Lucene folds indexed words, not prefix terms), and so
that FalkorDB, whose index cannot fold, can check its candidates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_TERMS = 8

# Latin letters that carry their difference in the letter itself rather than
# in a combining mark, so Unicode decomposition leaves them as they are; each
# is folded as Lucene's ASCIIFoldingFilter folds it (ß is handled by casefold).
_UNDECOMPOSED = str.maketrans(
    {
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "\u0131": "i",  # dotless i
        "ħ": "h",
        "ŧ": "t",
        "ŀ": "l",
        "ŋ": "n",
        "ĸ": "q",
    }
)


def fold(text: str) -> str:
    """Case and accents away: ``"İlkay Zoë"`` -> ``"ilkay zoe"``, ``"Ærø"`` -> ``"aero"``."""
    if text.isascii():
        # Most names: nothing to decompose (FalkorDB's candidates are folded one by one).
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare.translate(_UNDECOMPOSED))


def terms(text: str) -> list[str]:
    # Composed first: a decomposed accent (a combining mark) is not a word
    # character and would split "Tomás" typed as "Toma\u0301s" in two.
    return [w.lower() for w in _WORD.findall(unicodedata.normalize("NFC", text))][:MAX_TERMS]


def folded_terms(words: Sequence[str]) -> list[str]:
    """``terms`` folded, and cut into words again: a compatibility form may hold
    characters of the query languages (``"⑴"`` folds to ``"(1)"``)."""
    return [t for w in words for t in _WORD.findall(fold(w))][:MAX_TERMS]


def begins_words(folded: Sequence[str], texts: Iterable[str]) -> bool:
    """Whether each folded term begins some word of ``texts``, folded."""
    words = [w for text in texts for w in _WORD.findall(fold(text))]
    return all(any(w.startswith(t) for w in words) for t in folded)
