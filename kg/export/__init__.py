"""Export: the build as Linked Data in five formats, the consensus view and its VoID/DCAT
description.

Reads: the build's chunks. Writes: the file given with `-o`, atomically (kg.engine.atomic): a
temporary beside it, `.{name}.{pid}.{random}`, renamed over it when complete and removed on
every way out the process can catch (an error, Ctrl-C, SIGTERM, SIGHUP); one a killed export
left is removed by the next write in that directory.
"""
