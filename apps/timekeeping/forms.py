from django import forms

from garage.kernel.web import CommandForm


class PassDayForm(CommandForm):
    day = forms.DateField(
        label="Day that begins",
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d"],
    )
