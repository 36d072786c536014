"""Curating a corpus: drafting claims from an article, and what its claims do not cover yet.

`kg extract` (kg.curate.extract) drafts a claim sheet from an article: every figure kg.curate.scan
finds, its quote and wording (passages), a guessed measure, scope and subject (guess, subjects,
cues: the ontology's skos:hiddenLabel cue words), speaker and as-of date (attribution), each with
a `review:` line (draft, draftsheet write it); kg.curate.match finds entities by any spelling
(transliteration, spelling distance) for it and for `kg entities suggest`. `kg coverage`
(kg.curate.coverage) lists every figure that no claim's quote holds, judged on the build's quote
offsets, so that a curator or a CI job can gate on it; kg.curate.leftout reads what a project
leaves out on purpose (data/coverage.yaml); kg.curate.report renders the result. Like every
stage, it never prints or exits.
"""
