"""Screening names against watch lists across scripts (pure: values in, values out).

    scripts    which writing system a name is in (Unicode Script property, via rigour)
    chinese    characters -> pinyin as on PRC passports (pypinyin), Wade-Giles, regional
               surname spellings (Cantonese, Hokkien)
    burmese    Burmese script -> usual passport spellings by syllable; honorifics
    lao        Lao script -> passport spellings (prevowels reordered, then anyascii)
    phonetic   phonetic keys and consonant skeletons of romanised names
    names      a name in any script -> the Latin forms documents write it in
    compare    name similarity and blocking keys (the seam casework uses: `compare_names`,
               `blocking_keys`)
    evaluation recall at 1 and 10 per script pair over name pairs, beside a plain fuzzy baseline

Weighing names with dates of birth, nationalities and document numbers is casework's
(`scamgrid.cases.matching`), as are watch-list files and the batch screening index.
"""

from scamgrid.screening.compare import blocking_keys, compare_names

__all__ = ["blocking_keys", "compare_names"]
