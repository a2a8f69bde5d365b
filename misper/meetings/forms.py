"""Forms of the meeting and case plan pages."""

from __future__ import annotations

from typing import Any

from django import forms

from misper.accounts.models import Role, User
from misper.core.forms import TimeOfDayField, UKDateField
from misper.partners.models import Organisation

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class MeetingRecordForm(forms.Form):
    held_date = UKDateField(label="Held on")
    held_time = TimeOfDayField(label="at (time)")
    push_factors = forms.CharField(
        label="Push factors: what drives them away (home, placement, school)",
        max_length=10_000,
        required=False,
        widget=TEXTAREA,
    )
    pull_factors = forms.CharField(
        label="Pull factors: who or what draws them (people, places, exploitation)",
        max_length=10_000,
        required=False,
        widget=TEXTAREA,
    )
    outcome = forms.CharField(label="Outcome and agreed response", max_length=10_000, widget=TEXTAREA)


class MeetingActionForm(forms.Form):
    description = forms.CharField(label="Action", max_length=500)
    owner_name = forms.CharField(label="Owner", max_length=200)
    owner_organisation = forms.ModelChoiceField(
        label="Organisation (blank for police)", queryset=Organisation.objects.all(), required=False
    )
    due_date = UKDateField(label="Due by")


class CasePlanForm(forms.Form):
    lead_officer = forms.ModelChoiceField(label="Lead officer", queryset=User.objects.none(), required=False)
    review_cadence_days = forms.IntegerField(label="Review the plan every (days)", min_value=1, max_value=365)
    plan = forms.CharField(label="The plan", max_length=10_000, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_officer"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role__in=[Role.OFFICER, Role.DS], is_active=True
        )
