from django import forms


class PassDayForm(forms.Form):
    day = forms.DateField(
        label="Day that begins",
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d"],
    )
