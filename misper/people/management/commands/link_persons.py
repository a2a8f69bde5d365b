"""link_persons --input IN.csv --output OUT.csv: the person-matching engine over a file."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from misper.matching import link_file


class Command(BaseCommand):
    help = "Cluster person records: writes record_id,cluster_id (same cluster = same person)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--input", required=True, help="CSV (or Parquet) with record_id and person columns"
        )
        parser.add_argument("--output", required=True, help="CSV to write record_id,cluster_id")

    def handle(self, *args: Any, **options: Any) -> None:
        code = link_file(options["input"], options["output"], stderr=sys.stderr)
        if code:
            # The contract's exit code for unusable input; the message is already on stderr.
            sys.exit(code)
