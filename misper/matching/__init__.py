"""Person matching for misper: normalisation, blocking keys, Fellegi-Sunter scoring, clustering.

Pure Python (numpy + jellyfish); no Django imports, so it can run in workers and tests alone.
"""

from __future__ import annotations

from .blocking import blocking_keys, record_blocking_keys
from .cli import link_file
from .engine import LinkageResult, build_batch, fit_model, link_records, link_table, train_model
from .explain import Reason
from .index import Candidate, MatchIndex
from .model import MatchModel, prior_model
from .records import PersonRecord, PreparedRecord, RecordTable, TableBuilder, prepare_record
from .settings import LinkageSettings, default_settings

__all__ = [
    "Candidate",
    "LinkageResult",
    "LinkageSettings",
    "MatchIndex",
    "MatchModel",
    "PersonRecord",
    "PreparedRecord",
    "Reason",
    "RecordTable",
    "TableBuilder",
    "blocking_keys",
    "build_batch",
    "default_settings",
    "fit_model",
    "link_file",
    "link_records",
    "link_table",
    "prepare_record",
    "prior_model",
    "record_blocking_keys",
    "train_model",
]
