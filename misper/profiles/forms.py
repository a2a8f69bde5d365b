"""Forms of the profile pages: they parse what the carer typed; the services apply the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from misper.core.forms import TimeOfDayField, UKDateField, combine_local
from misper.episodes.models import Grade
from misper.partners.models import CareHome, Organisation, OrganisationKind
from misper.profiles.models import PART1_QUESTIONS
from misper.profiles.services import MAX_PHOTO_BYTES, ProfileInput, RequestInput

TEXTAREA = forms.Textarea(attrs={"rows": 2})
FIELD_MAP = {"answers": "", "kind": ""}


def _organisations(*kinds: str) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(queryset=Organisation.objects.filter(kind__in=kinds), required=False)


class ProfileForm(forms.Form):
    """Part 1 of a Philomena or Herbert profile. The questions come from the protocol of its kind."""

    given_name = forms.CharField(label="Given name", max_length=100)
    family_name = forms.CharField(label="Family name", max_length=100)
    date_of_birth = UKDateField(label="Date of birth")
    care_home = forms.ModelChoiceField(
        label="Home they live in", queryset=CareHome.objects.all(), required=False
    )
    responsible_authority = _organisations(
        OrganisationKind.CHILDRENS_SERVICES, OrganisationKind.ADULT_SERVICES
    )
    school = _organisations(OrganisationKind.EDUCATION)
    health = _organisations(OrganisationKind.HEALTH)
    photo = forms.FileField(
        label="Recent photo",
        required=False,
        help_text="A JPEG, PNG, GIF or WebP image of at most 10 MB. Leave empty to keep the last photo.",
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["responsible_authority"].label = "Responsible local authority"
        self.fields["school"].label = "School or college"
        self.fields["health"].label = "GP or health provider"
        for key, label in PART1_QUESTIONS[kind]:
            self.fields[f"q_{key}"] = forms.CharField(
                label=label, max_length=10_000, required=False, widget=TEXTAREA
            )

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo is not None and photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError("The photo is larger than 10 MB; choose a smaller one")
        return photo

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{key}"] for key, _ in PART1_QUESTIONS[self.kind]]

    def to_input(self) -> ProfileInput:
        data = self.cleaned_data
        return ProfileInput(
            kind=self.kind,
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            care_home=data.get("care_home"),
            responsible_authority=data.get("responsible_authority"),
            school=data.get("school"),
            health=data.get("health"),
            answers={key: data.get(f"q_{key}", "") for key, _ in PART1_QUESTIONS[self.kind]},
            photo=data.get("photo"),
        )


class MoveForm(forms.Form):
    care_home = forms.ModelChoiceField(label="New home", queryset=CareHome.objects.all())


class RequestForm(forms.Form):
    """Part 2 of the protocol, only when the person goes missing."""

    missing_since_date = UKDateField(label="Date last seen")
    missing_since_time = TimeOfDayField(label="Time last seen")
    last_seen_location = forms.CharField(label="Where last seen", max_length=300)
    clothing = forms.CharField(label="Clothing, item by item", max_length=10_000, widget=TEXTAREA)
    circumstances = forms.CharField(label="What happened", max_length=10_000, required=False, widget=TEXTAREA)

    def to_input(self) -> RequestInput:
        data = self.cleaned_data
        return RequestInput(
            missing_since=combine_local(data["missing_since_date"], data["missing_since_time"]),
            last_seen_location=data["last_seen_location"],
            clothing=data["clothing"],
            circumstances=data["circumstances"],
        )


class AcceptForm(forms.Form):
    risk_grade = forms.ChoiceField(label="Risk grade", choices=Grade.choices, widget=forms.RadioSelect)
