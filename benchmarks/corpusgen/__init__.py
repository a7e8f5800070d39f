"""Generate a large synthetic news corpus with known framing rates, for benchmarking framelens.

The corpus imitates scraped war coverage from ten invented outlets: log-normal article lengths,
Zipf-like word frequencies over a vocabulary that keeps growing with the corpus (new names,
places and numbers keep appearing, as Heaps' law says they do), quotes with attributions,
abbreviations, page furniture around and inside some articles, planted framing terms at known
per-outlet rates, and exact and near-duplicate reposts.

``DIR/truth.json`` records what was planted: per outlet the articles, the words (counted with
framelens's own tokenizer, ``analysis.tokens``) and, per framing term, the target rate per
1,000 words and the occurrences actually written in the article text and in the furniture.

The same seed and size give byte-identical files. Articles are made in fixed batches, so a
smaller corpus is a prefix of a larger one made with the same seed. Writing is streamed: memory
stays bounded whatever the size.

Modules, in the order a batch of articles is made:

========================  =====================================================================
``datafiles``             reads the TOML files in ``data/`` once (outlets, markers, word lists,
                          attributions, furniture)
``markers``               the planted framing terms and distinctive words, their patterns
``words``                 filler vocabulary by Zipf rank, hashing, word counting, Heaps' law
``layout``                a batch's token stream: lengths, sentences, paragraphs, rendering
``outlets``               the outlets, their rates, and planting markers into a batch
``text``                  quotes, attributions, datelines, headlines, people's names
``furniture``             photo captions and the page lines around an article
``articles``              the article stream: batches, headlines, dates, URLs, reposts
``writers``               jsonl, folder and parquet output
``truth``                 the per-outlet tally and truth.json
``corpus``                ``generate()``: all of the above, streamed to disk; ``parse_size``
``cli``                   the command line (``benchmarks/generate_corpus.py``)
========================  =====================================================================
"""

from .articles import Article, CorpusGenerator
from .cli import main
from .corpus import generate, parse_size
from .markers import DISTINCTIVE_WORDS, FRAMING_TERMS, MARKERS
from .outlets import OUTLETS

__all__ = [
    "DISTINCTIVE_WORDS",
    "FRAMING_TERMS",
    "MARKERS",
    "OUTLETS",
    "Article",
    "CorpusGenerator",
    "generate",
    "main",
    "parse_size",
]
