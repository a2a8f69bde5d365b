"""Forms of the partner pages."""

from __future__ import annotations

from django import forms

from misper.core.forms import TimeOfDayField, UKDateField, combine_local
from misper.partners.models import CareHome, Organisation, PartnerMeeting
from misper.partners.services import InterviewInput

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "contact_name",
            "phone",
            "out_of_hours_phone",
            "email",
            "address",
            "neighbouring",
        ]
        labels = {"neighbouring": "A neighbouring force (listed first)"}


class CareHomeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CareHome
        fields = [
            "name", "address", "postcode", "phone", "provider", "host_authority", "placing_authority",
            "spoc_name", "spoc_phone", "spoc_email", "deputy_name", "deputy_phone", "deputy_email",
        ]  # fmt: skip
        labels = {"spoc_name": "SPOC name", "spoc_phone": "SPOC phone", "spoc_email": "SPOC e-mail"}


class ReturnInterviewForm(forms.Form):
    offered_date = UKDateField(label="Date offered")
    offered_time = TimeOfDayField(label="Time offered")
    held_date = UKDateField(label="Date held", required=False)
    held_time = TimeOfDayField(label="Time held", required=False)
    declined = forms.BooleanField(label="The child declined the interview", required=False)
    disclosures = forms.CharField(label="Disclosures", max_length=10_000, required=False, widget=TEXTAREA)

    def to_input(self) -> InterviewInput:
        data = self.cleaned_data
        held = data.get("held_date")
        return InterviewInput(
            offered_at=combine_local(data["offered_date"], data["offered_time"]),
            held_at=combine_local(held, data["held_time"]) if held and data.get("held_time") else None,
            declined=data["declined"],
            disclosures=data["disclosures"],
        )


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="Meeting", choices=PartnerMeeting.Kind.choices, widget=forms.RadioSelect)
    period_start = UKDateField(label="Period from")
    period_end = UKDateField(label="Period to")
    held_on = UKDateField(label="Meeting date")


class MinutesForm(forms.Form):
    minutes = forms.CharField(label="Minutes", max_length=50_000, widget=forms.Textarea(attrs={"rows": 8}))


class ActionForm(forms.Form):
    description = forms.CharField(label="Action", max_length=500)
    owner_name = forms.CharField(label="Owner", max_length=200)
    owner_organisation = forms.ModelChoiceField(
        label="Owner's organisation", queryset=Organisation.objects.all()
    )
    due_on = UKDateField(label="Due")
