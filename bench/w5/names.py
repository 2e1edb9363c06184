"""How W5 folds names, shared by the generator and the GeoPandas peer: accents and case
dropped, articles left out, a leading unit word taken as a level hint, as coopatlas
reads names (README, "Partnership tables")."""
import re
import unicodedata

ARTICLES = {"le", "la", "les", "l", "de", "du", "des", "d", "el", "al", "the", "of", "del", "di", "et", "and"}
UNIT_WORDS = {"region": "region", "regions": "region", "province": "province", "departement": "departement",
              "department": "departement", "commune": "commune", "municipalite": "commune",
              "municipality": "commune", "ville": "commune", "city": "commune", "groupement": "groupement"}


def fold(s):
    s = unicodedata.normalize("NFKD", str(s))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", s).split())


def name_key(s):
    """(level hint, key) of a name: folded, articles dropped, a leading unit word taken as a hint."""
    words, kept, hint = fold(s).split(), [], ""
    for i, w in enumerate(words):
        if w in ARTICLES:
            continue
        if not kept and not hint and i + 1 < len(words) and w in UNIT_WORDS:
            hint = UNIT_WORDS[w]
            continue
        kept.append({"st": "saint", "ste": "sainte"}.get(w, w))
    return hint, " ".join(kept) or fold(s)


def key(s):
    return name_key(s)[1]
