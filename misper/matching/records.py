"""Person records: raw input, normalised form, and the columnar table used in batch mode."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from .normalise import (
    clean_email,
    clean_name,
    clean_text,
    normalise_phone,
    normalise_postcode,
    normalise_sex,
    parse_date,
)

__all__ = ["FIELDS", "PersonRecord", "PreparedRecord", "RecordTable", "prepare_record"]

# Compared fields in the order used by comparison specs; given/family share one vocabulary
# so that swapped names can be compared across columns.
FIELDS: tuple[str, ...] = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "postcode",
    "address",
    "phone",
    "email",
)


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A person as it arrives (any field may be None or blank)."""

    record_id: str
    given_name: str | None = None
    family_name: str | None = None
    date_of_birth: str | None = None
    sex: str | None = None
    postcode: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> PersonRecord:
        def get(key: str) -> str | None:
            value = data.get(key)
            return None if value is None else str(value)

        return cls(record_id=str(data["record_id"]), **{f: get(f) for f in FIELDS})


@dataclass(frozen=True, slots=True)
class PreparedRecord:
    """Normalised record; "" means unknown.  ``unreadable`` lists fields that held junk."""

    record_id: str
    given_name: str = ""
    family_name: str = ""
    date_of_birth: str = ""
    sex: str = ""
    postcode: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    unreadable: tuple[str, ...] = field(default=())

    def value(self, name: str) -> str:
        return str(getattr(self, name))


def prepare_record(record: PersonRecord | Mapping[str, object]) -> PreparedRecord:
    raw = record if isinstance(record, PersonRecord) else PersonRecord.from_mapping(record)
    dob, bad_dob = parse_date(raw.date_of_birth)
    sex, bad_sex = normalise_sex(raw.sex)
    unreadable = tuple(name for name, bad in (("date_of_birth", bad_dob), ("sex", bad_sex)) if bad)
    return PreparedRecord(
        record_id=raw.record_id,
        given_name=clean_name(raw.given_name),
        family_name=clean_name(raw.family_name),
        date_of_birth=dob,
        sex=sex,
        postcode=normalise_postcode(raw.postcode),
        address=clean_text(raw.address),
        phone=normalise_phone(raw.phone),
        email=clean_email(raw.email),
        unreadable=unreadable,
    )


class RecordTable:
    """Columnar view of prepared records: per field an int32 code array and its vocabulary.

    Code 0 is always the empty (unknown) value.  Given and family names share a vocabulary.
    """

    def __init__(self, records: Sequence[PreparedRecord]) -> None:
        self.records = records
        self.ids = [r.record_id for r in records]
        self.vocab: dict[str, list[str]] = {}
        self.codes: dict[str, npt.NDArray[np.int32]] = {}
        # Per-vocabulary arrays derived once and reused by every scoring call (see ``derived``).
        self._derived: dict[str, npt.NDArray[Any]] = {}
        names = self._encode_many(("given_name", "family_name"))
        for name in ("given_name", "family_name"):
            self.vocab[name] = names
        for name in FIELDS[2:]:
            self.vocab[name] = self._encode_many((name,))

    def __len__(self) -> int:
        return len(self.records)

    def derived(self, key: str, build: Callable[[], npt.NDArray[Any]]) -> npt.NDArray[Any]:
        """Memoised per-table array (e.g. date digits per vocabulary entry)."""
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]

    def _encode_many(self, fields: Iterable[str]) -> list[str]:
        vocab: list[str] = [""]
        index: dict[str, int] = {"": 0}
        for name in fields:
            codes = np.empty(len(self.records), dtype=np.int32)
            for i, record in enumerate(self.records):
                value = record.value(name)
                code = index.get(value)
                if code is None:
                    code = index[value] = len(vocab)
                    vocab.append(value)
                codes[i] = code
            self.codes[name] = codes
        return vocab
