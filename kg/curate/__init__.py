"""Curating a corpus: what its claims do not cover yet.

`kg coverage` (kg.curate.coverage) lists every figure of the articles that no claim's quote
holds, judged on the build's quote offsets, so that a curator or a CI job can gate on it;
kg.curate.scan finds the figures in running text with the figure reader's own tables, and
kg.curate.leftout reads what a project leaves out on purpose (data/coverage.yaml).
kg.curate.report renders the result. Like every stage, it never prints or exits.
"""
