"""Forms of the live-case pages: they parse what was typed; the services apply the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from misper.accounts.models import Role, User
from misper.casework.models import ContactLog, Enquiry, SearchRecord, Sighting
from misper.casework.services import ContactInput, EnquiryInput, SearchInput, SightingInput
from misper.core.forms import TimeOfDayField, UKDateField, combine_local
from misper.core.timeutil import local, now

TEXTAREA = forms.Textarea(attrs={"rows": 2})


def _date(label: str) -> UKDateField:
    return UKDateField(label=label, error_messages={"required": f"Enter the {label.lower()}"})


def _time(label: str) -> TimeOfDayField:
    return TimeOfDayField(label=label, error_messages={"required": f"Enter the {label.lower()}"})


class NowByDefault(forms.Form):
    """Date and time fields start at now: most entries are written as they happen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = local(now())
        for name, field in self.fields.items():
            if isinstance(field, UKDateField):
                field.initial = current.strftime("%d/%m/%Y")
            elif isinstance(field, TimeOfDayField) and name.endswith("_time"):
                field.initial = current.strftime("%H:%M")

    def at(self, prefix: str) -> Any:
        return combine_local(self.cleaned_data[f"{prefix}_date"], self.cleaned_data[f"{prefix}_time"])


class ContactForm(NowByDefault):
    contact_with = forms.CharField(label="Who was contacted", max_length=200)
    relationship = forms.CharField(
        label="Relationship (mother, carer, key worker)", max_length=100, required=False
    )
    method = forms.ChoiceField(label="How", choices=ContactLog.Method.choices)
    contacted_date = _date("Date of contact")
    contacted_time = _time("Time of contact")
    outcome = forms.CharField(label="Outcome", max_length=10_000, widget=TEXTAREA)
    new_information = forms.BooleanField(label="They gave new information", required=False)

    def to_input(self) -> ContactInput:
        d = self.cleaned_data
        return ContactInput(
            contact_with=d["contact_with"],
            relationship=d["relationship"],
            method=d["method"],
            contacted_at=self.at("contacted"),
            outcome=d["outcome"],
            new_information=d["new_information"],
        )


class SightingForm(NowByDefault):
    seen_date = _date("Date seen")
    seen_time = _time("Time seen")
    place = forms.CharField(label="Where", max_length=300)
    source = forms.CharField(label="Who reported it (name, contact)", max_length=200)
    credibility = forms.ChoiceField(label="Credibility", choices=Sighting.Credibility.choices)
    details = forms.CharField(label="Details", max_length=10_000, required=False, widget=TEXTAREA)

    def to_input(self) -> SightingInput:
        d = self.cleaned_data
        return SightingInput(
            seen_at=self.at("seen"),
            place=d["place"],
            source=d["source"],
            credibility=d["credibility"],
            details=d["details"],
        )


class EnquiryForm(NowByDefault):
    kind = forms.ChoiceField(label="Enquiry with", choices=Enquiry.Kind.choices)
    target = forms.CharField(label="Who exactly (e.g. Royal Derby Hospital A&E)", max_length=200)
    made_date = _date("Date made")
    made_time = _time("Time made")
    result = forms.CharField(label="Result", max_length=10_000, required=False, widget=TEXTAREA)
    new_information = forms.BooleanField(label="The result is new information", required=False)

    def to_input(self) -> EnquiryInput:
        d = self.cleaned_data
        return EnquiryInput(
            kind=d["kind"],
            target=d["target"],
            made_at=self.at("made"),
            result=d["result"],
            new_information=d["new_information"],
        )


class SearchForm(NowByDefault):
    address = forms.CharField(label="Address searched", max_length=300)
    area = forms.ChoiceField(label="Area", choices=SearchRecord.Area.choices)
    area_detail = forms.CharField(
        label="Which one (e.g. back bedroom, blue Ford Fiesta)", max_length=200, required=False
    )
    searched_by = forms.CharField(label="Searched by", max_length=200)
    searched_date = _date("Date searched")
    searched_time = _time("Time searched")
    result = forms.CharField(label="Result", max_length=10_000, required=False, widget=TEXTAREA)

    def to_input(self) -> SearchInput:
        d = self.cleaned_data
        return SearchInput(
            address=d["address"],
            area=d["area"],
            area_detail=d["area_detail"],
            searched_by=d["searched_by"],
            searched_at=self.at("searched"),
            result=d["result"],
        )


class LineForm(forms.Form):
    description = forms.CharField(label="Line of enquiry", max_length=500)
    owner = forms.ModelChoiceField(label="Owner", queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role__in=[Role.OFFICER, Role.DS, Role.INTEL], is_active=True
        ).order_by("last_name", "id")


class LineCloseForm(forms.Form):
    result = forms.CharField(label="Result", max_length=10_000)


class MeetingForm(NowByDefault):
    held_date = _date("Date held")
    held_time = _time("Time held")
    minutes = forms.CharField(label="Minutes", max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}))
    actions = forms.CharField(
        label="Actions, one a line",
        max_length=5_000,
        required=False,
        widget=TEXTAREA,
        help_text="Each becomes a task for the officer, due in 24 hours",
    )


class ShiftForm(forms.Form):
    user = forms.ModelChoiceField(label="Who", queryset=User.objects.none())
    day = UKDateField(label="Date")
    starts = TimeOfDayField(label="From")
    ends = TimeOfDayField(label="To")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role__in=[Role.OFFICER, Role.DS, Role.DI, Role.DCI], is_active=True
        ).order_by("last_name", "id")


class HandoverForm(forms.Form):
    text = forms.CharField(
        label="Handover for the next shift", max_length=10_000, widget=forms.Textarea(attrs={"rows": 3})
    )
