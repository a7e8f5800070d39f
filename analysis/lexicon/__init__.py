"""The lexicon stage: loaded terms, where they occur, in whose voice, and how often per outlet.

Modules, by what they own:

* ``forms`` (inflection and spelling rules), ``patterns`` (user regex safety), ``lines`` and
  ``reading`` (one TOML file, line-numbered problems), ``loading`` (default / replace / extend,
  cross-entry checks, ``lexicon show``), ``model`` (Term, Category, Lexicon);
* ``matcher`` (one regular expression per lexicon) and ``matching`` (the HITS table, voice,
  sentences, speakers);
* ``rates`` (RATES and DIFFERENCES: counts, rates, intervals, shares, tests);
* ``concordance`` (keyword-in-context lines, ``framelens kwic``).
"""

from analysis.lexicon.concordance import CONCORDANCE, concordance, kwic
from analysis.lexicon.loading import DEFAULT_LEXICON, check_lexicon, format_lexicon, load_lexicon
from analysis.lexicon.matching import HITS, attach_speakers, match_terms
from analysis.lexicon.model import SCARE_QUOTES_TERM, Category, ContrastSet, Lexicon, Term
from analysis.lexicon.rates import DIFFERENCES, RATES, framing_rates, term_differences

__all__ = [
    "CONCORDANCE",
    "DEFAULT_LEXICON",
    "DIFFERENCES",
    "HITS",
    "RATES",
    "SCARE_QUOTES_TERM",
    "Category",
    "ContrastSet",
    "Lexicon",
    "Term",
    "attach_speakers",
    "check_lexicon",
    "concordance",
    "format_lexicon",
    "framing_rates",
    "kwic",
    "load_lexicon",
    "match_terms",
    "term_differences",
]
