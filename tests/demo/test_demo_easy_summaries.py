"""The demo's texts in Leichte Sprache keep the rules of the Netzwerk Leichte Sprache
that a machine can check: one sentence per line, short sentences, the reader addressed
with "Sie" (never "du"), no abbreviations like "z. B." or "ca."."""

import re

import pytest

from demo import easy_summaries

TEXTS = [
    *easy_summaries.BUNDLES.values(),
    *easy_summaries.MEASURES.values(),
    *easy_summaries.PROJECTS.values(),
    *easy_summaries.PHASES.values(),
    *easy_summaries.BUDGET_PHASES.values(),
    *easy_summaries.PROPOSALS.values(),
]
MAX_WORDS = 12


@pytest.mark.parametrize("text", TEXTS, ids=lambda text: text.split("\n")[0][:40])
def test_each_demo_summary_keeps_the_checkable_rules(text):
    for line in text.split("\n"):
        assert line.strip() == line and line, repr(text)
        # one sentence a line: ends like a sentence (or is an address on its own)
        assert line[-1] in ".?:" or re.fullmatch(r".*: [\w.]+\.de", line), line
        assert len(re.findall(r"[.?!] ", line)) == 0, f"two sentences on one line: {line}"
        assert len(line.split()) <= MAX_WORDS, f"too long: {line}"
        assert not re.search(r"\b(du|dich|dir|dein\w*)\b", line, flags=re.I), line
        assert not re.search(r"\b(z\. ?B\.|ca\.|bzw\.|usw\.|d\. ?h\.)", line), line
