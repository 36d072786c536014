"""Export: the build as Linked Data in five formats, the consensus view and its VoID/DCAT
description.

Reads: the build's chunks. Writes: the file given with `-o` (atomically).
"""
