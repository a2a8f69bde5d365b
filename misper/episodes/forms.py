"""Forms of the case pages. They parse what a person typed; the services apply the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from misper.accounts.models import Role, User
from misper.core.errors import DomainError
from misper.core.forms import TimeOfDayField, UKDateField, attach_domain_error, combine_local
from misper.core.policy import get_policy
from misper.core.timeutil import local, now
from misper.episodes.models import Condition, ExploitationIndicator, Grade
from misper.episodes.services import FoundInput, ReportInput, RiskAnswer
from misper.partners.models import Organisation, OrganisationKind
from misper.people.models import CareStatus, Sex
from misper.people.services import PersonDetails, validate_person_details

ANSWER_CHOICES = [("unknown", "Not asked / unknown"), ("yes", "Yes"), ("no", "No")]
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ReportForm(forms.Form):
    """The initial report, in the order a call handler asks the questions."""

    # 1. Who is missing
    given_name = forms.CharField(label="Given name", max_length=100, required=False)
    family_name = forms.CharField(label="Family name", max_length=100, required=False)
    aliases = forms.CharField(
        label="Nicknames or aliases", max_length=300, required=False, help_text="Separate with commas"
    )
    date_of_birth = UKDateField(label="Date of birth", required=False)
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, initial=Sex.UNKNOWN, widget=forms.RadioSelect)
    # 2. When and where last seen
    missing_since_date = UKDateField(
        label="Date last seen", error_messages={"required": "Enter the date they were last seen"}
    )
    missing_since_time = TimeOfDayField(
        label="Time last seen", error_messages={"required": "Enter the time they were last seen"}
    )
    last_seen_location = forms.CharField(
        label="Where last seen",
        max_length=300,
        error_messages={"required": "Enter where they were last seen"},
    )
    last_seen_by = forms.CharField(label="Last seen by", max_length=200, required=False)
    # 3. What happened
    circumstances = forms.CharField(label="Circumstances", max_length=10_000, required=False, widget=TEXTAREA)
    clothing = forms.CharField(
        label="Clothing, item by item", max_length=10_000, required=False, widget=TEXTAREA
    )
    # 5. Grade (the questions, section 4, are added in __init__ from the policy)
    risk_grade = forms.ChoiceField(
        label="Risk grade",
        choices=Grade.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the risk grade"},
    )
    risk_rationale = forms.CharField(
        label="Why this grade",
        max_length=10_000,
        widget=TEXTAREA,
        error_messages={"required": "Say why you chose this grade"},
    )
    # 6. Care
    care_status = forms.ChoiceField(label="Care status", choices=CareStatus.choices, initial=CareStatus.NONE)
    responsible_authority = forms.ModelChoiceField(
        label="Responsible local authority (child in care)",
        required=False,
        queryset=Organisation.objects.filter(kind=OrganisationKind.CHILDRENS_SERVICES),
    )
    # 7. Where they live, how to reach them
    address = forms.CharField(label="Home address", max_length=300, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    phone = forms.CharField(label="Their phone", max_length=40, required=False)
    description = forms.CharField(
        label="Description (height, build, hair, marks)", max_length=10_000, required=False, widget=TEXTAREA
    )
    # 8. Who is reporting
    reporting_person_name = forms.CharField(label="Reporting person", max_length=200, required=False)
    reporting_person_contact = forms.CharField(label="Their phone or address", max_length=200, required=False)
    reported_at_date = UKDateField(
        label="Date reported", error_messages={"required": "Enter the date reported"}
    )
    reported_at_time = TimeOfDayField(
        label="Time reported", error_messages={"required": "Enter the time reported"}
    )
    # 9. Police only
    police_only_notes = forms.CharField(
        label="Police-only notes (never shared with partners)",
        max_length=10_000,
        required=False,
        widget=TEXTAREA,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = local(now())
        self.fields["reported_at_date"].initial = current.strftime("%d/%m/%Y")
        self.fields["reported_at_time"].initial = current.strftime("%H:%M")
        for question in get_policy().risk_questions:
            self.fields[f"q_{question.key}"] = forms.ChoiceField(
                label=question.text, choices=ANSWER_CHOICES, initial="unknown", widget=forms.RadioSelect
            )
            self.fields[f"q_{question.key}_detail"] = forms.CharField(
                label="Details and who said so", max_length=10_000, required=False
            )

    # Set by the "Do we already know this person?" panel: a person's id, "new", or empty (engine decides).
    person_id = forms.RegexField(regex=r"^(\d{1,12}|new)?$", required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        """Check the person's details with the service's own rule, so that a future date of birth is
        reported together with the empty fields instead of only after they are fixed."""
        data = super().clean() or {}
        try:
            validate_person_details(
                PersonDetails(
                    given_name=data.get("given_name", ""),
                    family_name=data.get("family_name", ""),
                    date_of_birth=data.get("date_of_birth"),
                    sex=data.get("sex", Sex.UNKNOWN),
                )
            )
        except DomainError as exc:
            attach_domain_error(self, exc, REPORT_FIELD_MAP)
        return data

    def question_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"q_{q.key}"], self[f"q_{q.key}_detail"]) for q in get_policy().risk_questions]

    def to_input(self) -> ReportInput:
        data = self.cleaned_data
        source = data["reporting_person_name"] or "reporting person"
        reported_at = combine_local(data["reported_at_date"], data["reported_at_time"])
        answers = tuple(
            RiskAnswer(
                key=q.key,
                answer=data[f"q_{q.key}"],
                detail=data[f"q_{q.key}_detail"],
                source=source,
                given_at=reported_at,
            )
            for q in get_policy().risk_questions
            if data[f"q_{q.key}"] != "unknown" or data[f"q_{q.key}_detail"]
        )
        authority = data["responsible_authority"]
        return ReportInput(
            person=PersonDetails(
                given_name=data["given_name"],
                family_name=data["family_name"],
                date_of_birth=data["date_of_birth"],
                sex=data["sex"],
                postcode=data["postcode"],
                address=data["address"],
                phone=data["phone"],
                description=data["description"],
                aliases=tuple(a for a in data["aliases"].split(",") if a.strip()),
            ),
            missing_since=combine_local(data["missing_since_date"], data["missing_since_time"]),
            reported_at=reported_at,
            risk_grade=data["risk_grade"],
            last_seen_location=data["last_seen_location"],
            last_seen_by=data["last_seen_by"],
            circumstances=data["circumstances"],
            clothing=data["clothing"],
            care_status=data["care_status"],
            responsible_authority=authority.name if authority else "",
            police_only_notes=data["police_only_notes"],
            reporting_person_name=data["reporting_person_name"],
            reporting_person_contact=data["reporting_person_contact"],
            risk_rationale=data["risk_rationale"],
            risk_answers=answers,
            person_id=int(data["person_id"]) if data["person_id"].isdigit() else None,
            new_person=data["person_id"] == "new",
        )


# Which form field shows a service error about an input field.
REPORT_FIELD_MAP = {
    "missing_since": "missing_since_date",
    "reported_at": "reported_at_date",
    "person.date_of_birth": "date_of_birth",
    "person.given_name": "given_name",
}


class ReviewForm(forms.Form):
    grade = forms.ChoiceField(label="Grade after review", choices=Grade.choices, widget=forms.RadioSelect)
    decision = forms.CharField(
        label="Decision and actions",
        max_length=10_000,
        widget=TEXTAREA,
        error_messages={"required": "Record your decision and the actions you set"},
    )


class FoundForm(forms.Form):
    found_date = UKDateField(
        label="Date found", error_messages={"required": "Enter the date they were found"}
    )
    found_time = TimeOfDayField(
        label="Time found", error_messages={"required": "Enter the time they were found"}
    )
    found_location = forms.CharField(
        label="Where found", max_length=300, error_messages={"required": "Enter where they were found"}
    )
    found_by = forms.CharField(label="Found by", max_length=200, required=False)
    condition = forms.ChoiceField(label="Condition", choices=Condition.choices, initial=Condition.SAFE_WELL)
    harm_details = forms.CharField(
        label="Harm or injuries", max_length=10_000, required=False, widget=TEXTAREA
    )
    exploitation_indicators = forms.MultipleChoiceField(
        label="Exploitation indicators",
        choices=ExploitationIndicator.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    whereabouts_withheld = forms.BooleanField(
        label="An adult who asks that where they were is not passed on", required=False
    )

    def to_input(self) -> FoundInput:
        data = self.cleaned_data
        return FoundInput(
            found_at=combine_local(data["found_date"], data["found_time"]),
            found_location=data["found_location"],
            found_by=data["found_by"],
            condition=data["condition"],
            harm_details=data["harm_details"],
            exploitation_indicators=tuple(data["exploitation_indicators"]),
            whereabouts_withheld=data["whereabouts_withheld"],
        )


FOUND_FIELD_MAP = {"found_at": "found_date"}


class InterviewForm(forms.Form):
    conducted_date = UKDateField(
        label="Date of interview", error_messages={"required": "Enter the date of the interview"}
    )
    conducted_time = TimeOfDayField(
        label="Time of interview", error_messages={"required": "Enter the time of the interview"}
    )
    notes = forms.CharField(
        label="What the person said; disclosures",
        max_length=10_000,
        widget=TEXTAREA,
        error_messages={"required": "Record what the person said, even if it was nothing"},
    )


class TaskDoneForm(forms.Form):
    outcome = forms.CharField(label="Outcome", max_length=10_000, required=False)


class ReassessForm(forms.Form):
    risk_grade = forms.ChoiceField(label="New grade", choices=Grade.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(
        label="What changed",
        max_length=10_000,
        widget=TEXTAREA,
        error_messages={"required": "Say what changed"},
    )


class ReallocateForm(forms.Form):
    officer = forms.ModelChoiceField(label="Officer", queryset=User.objects.none())
    supervisor = forms.ModelChoiceField(label="Supervisor", queryset=User.objects.none())
    reason = forms.CharField(label="Reason", max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = User.objects.filter(role=Role.OFFICER, is_active=True)  # type: ignore[attr-defined]
        self.fields["supervisor"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role__in=get_policy().allocation.supervisor_roles, is_active=True
        )
