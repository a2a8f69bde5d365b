"""Person records: raw input, normalised form, and the columnar table used in batch mode."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping
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

__all__ = ["FIELDS", "PersonRecord", "PreparedRecord", "RecordTable", "TableBuilder", "prepare_record"]

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
    Only the codes, vocabularies and ids are kept, not the records: ``record(i)`` rebuilds one.
    Build a large table with ``TableBuilder`` (one record at a time) instead of from a list.
    """

    def __init__(self, records: Iterable[PreparedRecord] = ()) -> None:
        builder = TableBuilder()
        builder.extend(records)
        self._adopt(builder)

    @classmethod
    def _from_builder(cls, builder: TableBuilder) -> RecordTable:
        table = cls.__new__(cls)
        table._adopt(builder)
        return table

    def _adopt(self, builder: TableBuilder) -> None:
        self.ids: list[str] = builder._ids
        self.vocab: dict[str, list[str]] = {name: builder._vocab[name] for name in FIELDS}
        # A copy each (4 bytes per record and field), so the builder's buffers can be freed.
        self.codes: dict[str, npt.NDArray[np.int32]] = {
            name: np.array(builder._codes[name], dtype=np.int32) for name in FIELDS
        }
        self._unreadable = builder._unreadable
        # Per-vocabulary arrays derived once and reused by every scoring call (see ``derived``).
        self._derived: dict[str, npt.NDArray[Any]] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def record(self, index: int) -> PreparedRecord:
        """The prepared record at ``index``, rebuilt from its codes."""

        def value(name: str) -> str:
            return self.vocab[name][int(self.codes[name][index])]

        return PreparedRecord(
            record_id=self.ids[index],
            given_name=value("given_name"),
            family_name=value("family_name"),
            date_of_birth=value("date_of_birth"),
            sex=value("sex"),
            postcode=value("postcode"),
            address=value("address"),
            phone=value("phone"),
            email=value("email"),
            unreadable=self._unreadable.get(index, ()),
        )

    def derived(self, key: str, build: Callable[[], npt.NDArray[Any]]) -> npt.NDArray[Any]:
        """Memoised per-table array (e.g. date digits per vocabulary entry)."""
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]


class TableBuilder:
    """Builds a ``RecordTable`` one record at a time, so that no list of records need exist.

    Each field value is coded on arrival (4 bytes per record and field); ``build`` then hands
    the columns over, and the builder is spent.
    """

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._vocab: dict[str, list[str]] = {}
        self._codes: dict[str, array[int]] = {name: array("i") for name in FIELDS}
        self._unreadable: dict[int, tuple[str, ...]] = {}  # rare: only records that have any
        names: tuple[list[str], dict[str, int]] = ([""], {"": 0})
        columns: list[tuple[str, list[str], dict[str, int], array[int]]] = []
        for name in FIELDS:
            vocab, index = names if name in {"given_name", "family_name"} else ([""], {"": 0})
            self._vocab[name] = vocab
            columns.append((name, vocab, index, self._codes[name]))
        self._columns: list[tuple[str, list[str], dict[str, int], array[int]]] | None = columns

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, record: PreparedRecord) -> None:
        if self._columns is None:
            raise RuntimeError("this TableBuilder has already built its table")
        if record.unreadable:
            self._unreadable[len(self._ids)] = record.unreadable
        self._ids.append(record.record_id)
        for name, vocab, index, codes in self._columns:
            value = getattr(record, name)
            code = index.get(value)
            if code is None:
                code = index[value] = len(vocab)
                vocab.append(value)
            codes.append(code)

    def extend(self, records: Iterable[PreparedRecord]) -> None:
        for record in records:
            self.add(record)

    def build(self) -> RecordTable:
        """The table of every record added so far (the value -> code indexes are dropped)."""
        if self._columns is None:
            raise RuntimeError("this TableBuilder has already built its table")
        self._columns = None
        table = RecordTable._from_builder(self)
        self._codes = {}
        return table
