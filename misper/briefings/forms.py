"""The daily tasking meeting's decision form."""

from __future__ import annotations

from typing import Any

from django import forms

from misper.accounts.models import Role, User
from misper.core.forms import TimeOfDayField, UKDateField


class DecisionForm(forms.Form):
    episode_id = forms.IntegerField(label="Episode number", min_value=1)
    decision = forms.CharField(label="Decision", max_length=10_000, widget=forms.Textarea(attrs={"rows": 2}))
    action = forms.CharField(label="Action", max_length=500)
    owner = forms.ModelChoiceField(
        label="Owner (default: the case officer)", queryset=User.objects.none(), required=False
    )
    due_date = UKDateField(label="Due date")
    due_time = TimeOfDayField(label="Due time")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role__in=[Role.OFFICER, Role.DS, Role.DI, Role.INTEL, Role.COORDINATOR], is_active=True
        ).order_by("last_name", "id")
