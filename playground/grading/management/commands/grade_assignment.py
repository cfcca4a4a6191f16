"""``python manage.py grade_assignment ID [--wait] [--csv FILE]``: batch-grade from the shell.

Queues a grading batch over every student's latest submission (Celery
workers do the grading).  ``--wait`` follows the batch until it finishes,
printing progress; ``--csv FILE`` then writes the gradebook CSV ("-" for
stdout).  Exit status: 0 when done, 1 when the queue cannot be reached or
``--timeout`` passes first.

``--resume`` does not start a new batch: it queues again what the
assignment's latest batch has not graded yet (after a worker was killed;
its in-flight task would otherwise wait for the broker's visibility
timeout, an hour on Redis).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from playground.grading.batches import batch_progress, resume_batch, start_batch
from playground.grading.exports import grades_csv
from playground.grading.models import Assignment, BatchStatus

POLL_SECONDS = 0.5


class Command(BaseCommand):
    help = "Queue batch grading of an assignment; optionally wait and write the CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assignment_id", type=int)
        parser.add_argument("--wait", action="store_true", help="wait until the batch is graded")
        parser.add_argument("--csv", metavar="FILE", help="write the grades CSV here (- for stdout)")
        parser.add_argument("--resume", action="store_true",
                            help="queue again the ungraded submissions of the latest batch")
        parser.add_argument("--timeout", type=float, default=600.0,
                            help="with --wait: give up after this many seconds (default 600)")

    def handle(self, *args: Any, **options: Any) -> None:
        assignment = Assignment.objects.filter(pk=options["assignment_id"]).first()
        if assignment is None:
            raise CommandError(f"there is no assignment with id {options['assignment_id']}")
        began = time.monotonic()
        if options["resume"]:
            batch = assignment.batches.first()
            if batch is None:
                raise CommandError(f"assignment {assignment.pk} has no grading batch to resume")
            count = resume_batch(batch)
            batch.refresh_from_db()
            self.stderr.write(f"batch {batch.pk}: {count} ungraded submissions queued again")
        else:
            batch = start_batch(assignment)
            self.stderr.write(f"batch {batch.pk}: {batch.total} submissions queued")
        if batch.status == BatchStatus.QUEUE_FAILED:
            raise CommandError(batch.error)
        if options["wait"]:
            self._wait(batch, began, options["timeout"])
        elif options["csv"]:
            self.stderr.write("without --wait the CSV holds only what is graded so far")
        if options["csv"]:
            self._write_csv(assignment, options["csv"])

    def _wait(self, batch: Any, began: float, timeout: float) -> None:
        shown = None
        while True:
            progress = batch_progress(batch)
            line = f"{progress['done']}/{progress['total']} graded, {progress['failed']} failed"
            if line != shown:
                self.stderr.write(line)
                shown = line
            if progress["status"] == BatchStatus.FINISHED:
                elapsed = time.monotonic() - began
                rate = progress["total"] / elapsed if elapsed > 0 else 0.0
                self.stderr.write(f"finished in {elapsed:.1f} s ({rate:.1f} submissions/s)")
                self._report_engine(progress["engine"])
                return
            if time.monotonic() - began > timeout:
                raise CommandError(f"not finished after {timeout:.0f} s: is a Celery worker "
                                   "running? (celery -A playground worker)")
            time.sleep(POLL_SECONDS)

    def _report_engine(self, engine: dict[str, Any]) -> None:
        """Say when the engine changed since the last grading, and which grades moved."""
        now = ", ".join(engine["versions"]) or "unknown"
        if engine["changed"]:
            before = ", ".join(engine["previous_versions"])
            self.stderr.write(f"the engine changed since the last grading: {before} -> {now}")
        else:
            self.stderr.write(f"engine {now}")
        if engine["moved_count"]:
            self.stderr.write(f"{engine['moved_count']} grades moved since the last grading:")
            for grade in engine["moved"]:
                self.stderr.write(f"  {grade['student']} (submission {grade['submission']}): "
                                  f"{grade['before']} -> {grade['after']}")
            if engine["moved_count"] > len(engine["moved"]):
                self.stderr.write(f"  ... and {engine['moved_count'] - len(engine['moved'])} more")
        elif engine["previous_versions"]:
            self.stderr.write("no grade moved since the last grading")

    def _write_csv(self, assignment: Assignment, target: str) -> None:
        text = grades_csv(assignment)
        if target == "-":
            sys.stdout.write(text)
        else:
            Path(target).write_text(text, encoding="utf-8")
            self.stderr.write(f"wrote {target}")
