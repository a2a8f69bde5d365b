"""Forms of the people pages: merge decisions."""

from __future__ import annotations

from django import forms


class MergeForm(forms.Form):
    survivor = forms.IntegerField(widget=forms.HiddenInput)
    merged = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="Why these are the same person", max_length=500)
