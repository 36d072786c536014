"""Answers kept in memory: the served build cannot change while the server runs, so the same
query asked for the same media type has the same answer. Bounded by the bytes it holds, least
recently used first out. Used from the event loop's thread only, so it needs no lock.
"""

from __future__ import annotations

from collections import OrderedDict

from kg.engine.workers import Job
from kg.output.results import Answer


class AnswerCache:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._answers: OrderedDict[Job, Answer] = OrderedDict()
        self._bytes = 0
        self.hits = 0

    def get(self, job: Job) -> Answer | None:
        answer = self._answers.get(job)
        if answer is not None:
            self._answers.move_to_end(job)
            self.hits += 1
        return answer

    def put(self, job: Job, answer: Answer) -> None:
        size = len(answer.body) + len(job.text)
        if size > self.max_bytes // 4 or job in self._answers:
            return  # one huge answer must not push out everything else
        self._answers[job] = answer
        self._bytes += size
        while self._bytes > self.max_bytes:
            old_job, old = self._answers.popitem(last=False)
            self._bytes -= len(old.body) + len(old_job.text)
