from __future__ import annotations

import time

from misper.matching import MatchIndex, MatchModel, PersonRecord, fit_model, prepare_record
from misper.matching.tests.synthetic import dataset

INCOMING = PersonRecord("new", "Jon", "Smith", "1971-06-24", "m", "SW1A 2AA", None, "07700 900123")


def _texts(index: MatchIndex, candidate: PersonRecord) -> list[str]:
    return [r.text for r in index.rank(INCOMING, [candidate])[0].reasons]


def test_reasons_explain_the_match() -> None:
    candidate = PersonRecord(
        "p1", "Jonathan", "Smith", "1971-06-24", "male", "sw1a2aa", None, "+44 7700 900123"
    )
    texts = _texts(MatchIndex(), candidate)
    assert "same date of birth" in texts
    assert "name variant (jon ~ jonathan)" in texts
    assert "same postcode" in texts
    assert "same phone" in texts


def test_rank_orders_and_bands() -> None:
    index = MatchIndex()
    candidates = [
        PersonRecord("far", "Alice", "Brown", "1990-01-15", "f", "LS1 4AP"),
        PersonRecord("near", "Jonathan", "Smith", "1971-06-24", "m", "SW1A 2AA", None, "07700900123"),
        PersonRecord("mid", "John", "Smyth", "1971-06-24"),
    ]
    ranked = index.rank(INCOMING, candidates)
    assert [c.record_id for c in ranked] == ["near", "mid", "far"]
    assert ranked[0].band == "auto_link"
    assert ranked[-1].band == "no_match"
    assert ranked[0].probability > ranked[1].probability > ranked[2].probability


def test_swapped_names_reason() -> None:
    ranked = MatchIndex().rank(INCOMING, [PersonRecord("s", "Smith", "Jon", "1971-06-24")])
    assert any("swapped" in r.text for r in ranked[0].reasons)


def test_trained_model_round_trips_and_scores_fast() -> None:
    rows, _ = dataset(30)
    model = MatchModel.from_json(fit_model([prepare_record(r) for r in rows]).to_json())
    index = MatchIndex(model)
    candidates = [
        PersonRecord(str(i), "Jonathan", "Smith", f"1971-06-{1 + i % 28:02d}", "m") for i in range(50)
    ]
    index.rank(INCOMING, candidates)
    start = time.perf_counter()
    ranked = index.rank(INCOMING, candidates)
    assert time.perf_counter() - start < 0.05  # ~3 ms in practice; generous for slow CI
    assert ranked[0].record_id == "23"  # the one with the exact date of birth


def test_report_time_scores_with_the_report_prior_not_the_batch_rate() -> None:
    from dataclasses import replace

    from misper.matching import default_settings, prior_model

    batch = replace(prior_model(default_settings()), match_rate=1e-9)  # a million people on record
    known = PersonRecord("1", "Jonathan", "Whitfield", "2009-03-14", postcode="LS6 2AB")
    phoned = PersonRecord("r", "Jon", "Whitfeld", "2009-03-14")
    with_batch_rate = MatchIndex(prior_model(default_settings()))
    with_batch_rate.model = batch
    assert with_batch_rate.rank(phoned, [known])[0].band == "no_match"
    assert MatchIndex(batch).rank(phoned, [known])[0].band != "no_match"
