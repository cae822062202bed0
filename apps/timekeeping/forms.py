from django import forms

from garage.kernel.web import CommandForm


class PassDayForm(CommandForm):
    day = forms.DateField(
        label="Day that begins",
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d"],
    )
    # Passing a day sends e-mails that cannot be taken back: the first post
    # asks to confirm, the second (confirmed) passes the day.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
