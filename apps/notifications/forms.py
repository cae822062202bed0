from django import forms

from .models import Message


class MessageFilterForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("", "every kind"), *Message.Kind.choices], required=False
    )
    customer = forms.UUIDField(required=False, widget=forms.HiddenInput)
