"""The lexicon stage: loaded terms, where they occur, in whose voice, and how often per outlet.

Modules, by what they own:

* ``defaults`` (limits and thresholds); ``forms`` (inflection and spelling rules),
  ``patterns`` (user regex safety), ``drafts`` (one TOML file read into drafts, line-numbered
  problems), ``loading`` (packs and files combined or extended, cross-entry checks,
  ``lexicon show``), ``model`` (Term, Category, Lexicon);
* ``packs`` (the packaged packs, ``lexicon list``, pack names to files) and ``fit`` (which
  packs fit a corpus);
* ``compiled`` (the lexicon compiled into one regular expression, the Matcher) and
  ``matching`` (the HITS table, voice, sentences, speakers);
* ``rates`` (RATES and DIFFERENCES: counts, rates, intervals, shares, tests);
* ``against_rest`` (AGAINST_REST: each outlet or group against the rest, corrected for
  many comparisons);
* ``concordance`` (keyword-in-context lines, ``framelens kwic``).
"""

from analysis.lexicon.against_rest import AGAINST_REST, term_against_rest
from analysis.lexicon.concordance import CONCORDANCE, concordance, kwic
from analysis.lexicon.defaults import MIN_ANCHOR_SHARE
from analysis.lexicon.fit import PACK_FIT, LexiconChoice, choose_lexicon, fit_packs
from analysis.lexicon.forms import word_spellings
from analysis.lexicon.loading import (
    DEFAULT_LEXICON,
    check_lexicon,
    format_lexicon,
    load_combined,
    load_lexicon,
)
from analysis.lexicon.matching import HITS, attach_speakers, match_terms
from analysis.lexicon.model import SCARE_QUOTES_TERM, Category, ContrastSet, Lexicon, Term
from analysis.lexicon.packs import PACKS_FOLDER, Pack, format_packs, list_packs, resolve_lexicon
from analysis.lexicon.rates import (
    DIFFERENCES,
    RATES,
    framing_rates,
    narration_words,
    term_differences,
)

__all__ = [
    "AGAINST_REST",
    "CONCORDANCE",
    "DEFAULT_LEXICON",
    "DIFFERENCES",
    "HITS",
    "MIN_ANCHOR_SHARE",
    "PACKS_FOLDER",
    "PACK_FIT",
    "RATES",
    "SCARE_QUOTES_TERM",
    "Category",
    "ContrastSet",
    "Lexicon",
    "LexiconChoice",
    "Pack",
    "Term",
    "attach_speakers",
    "check_lexicon",
    "choose_lexicon",
    "concordance",
    "fit_packs",
    "format_packs",
    "format_lexicon",
    "framing_rates",
    "kwic",
    "list_packs",
    "load_combined",
    "load_lexicon",
    "match_terms",
    "resolve_lexicon",
    "term_against_rest",
    "term_differences",
    "narration_words",
    "word_spellings",
]
