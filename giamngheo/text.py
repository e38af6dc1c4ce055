"""Vietnamese text: one spelling per name, diacritic-free search, alphabetical order."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# Letters of the Vietnamese alphabet in dictionary order, with the foreign letters
# that appear in names slotted where Latin puts them.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# Tones in dictionary order: level, grave, hook, tilde, acute, dot below.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn


def normalize_text(value: str) -> str:
    """NFC, trimmed, inner whitespace collapsed: "Nguyễn" typed two ways is one name."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str) -> str:
    """Lower-case ASCII form for search: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    decomposed = unicodedata.normalize("NFD", normalize_text(value))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Đ has no decomposition; Ð (U+00D0) is its common look-alike.
    return stripped.translate(str.maketrans("đĐðÐ", "dDdD")).casefold()


def _letter_codes(word: str) -> tuple[str, str]:
    """Primary code (letters) and secondary code (tones) of one word."""
    primary, secondary = [], []
    for cluster in re.findall(r".[\u0300-\u036f]*", unicodedata.normalize("NFD", word.lower())):
        base, marks = cluster[0], cluster[1:]
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
        rank = _LETTER_RANK.get("đ" if letter == "ð" else letter)
        if rank is not None:
            primary.append(f"{rank + 10:02d}")
            secondary.append(str(max((_TONE_RANK.get(m, 0) for m in marks), default=0)))
        elif letter.isdigit():
            # Digits sort before letters; punctuation is ignored.
            primary.append(f"0{letter}")
            secondary.append("0")
    return "".join(primary), "".join(secondary)


def name_sort_key(full_name: str) -> str:
    """A string whose plain byte order is the order of a Vietnamese name list.

    Lists in Vietnam are alphabetised by given name (the last word), then by family
    name, then by middle names; letters follow the Vietnamese alphabet (A Ă Â … D Đ …)
    and tones break ties. The key sorts the same on SQLite and PostgreSQL and can be
    indexed, which an ICU collation (PostgreSQL only, whole-string) could not give us.
    """
    words = normalize_text(full_name).split(" ")
    if words == [""]:
        return ""
    ordered = [words[-1], *words[:-1]]
    # Each word is its letters, a space, then its tones, so a given name is
    # settled (tones included) before the family name is looked at; " " and "#"
    # sort below every letter code, so "An" < "An Bình" < "Anh" < "Ánh".
    return "#".join("{} {}".format(*_letter_codes(word)) for word in ordered)[:255]
