"""A command form shows the command's own field rules as form errors."""

from django import forms

from garage.kernel import fields
from garage.kernel.errors import InvalidInputError
from garage.kernel.messages import Command
from garage.kernel.web import CommandForm


class Note(Command):
    reason: fields.text(20)
    pages: int


class NoteForm(CommandForm):
    reason = forms.CharField(widget=forms.Textarea)  # lets a line break through
    pages = forms.CharField()

    def command(self, prefix: str = "") -> Note:
        return Note(
            reason=prefix + self.cleaned_data["reason"],
            pages=self.cleaned_data["pages"],
        )


def test_a_command_refusing_its_fields_is_invalid_input_naming_them():
    form = NoteForm({"reason": "Wrong\nhours", "pages": "many"})
    assert form.is_valid()

    try:
        form.command()
    except InvalidInputError as refusal:
        assert refusal.errors == {
            "reason": [fields.LINE_MESSAGE],
            "pages": [
                "Input should be a valid integer, unable to parse string as an integer"
            ],
        }
    else:
        raise AssertionError("the command was built")


def test_the_refusal_shows_next_to_each_field():
    form = NoteForm({"reason": "Wrong\nhours", "pages": "2"})
    assert form.is_valid()

    try:
        form.command()
    except InvalidInputError as refusal:
        form.add_command_error(refusal)

    assert form.errors == {"reason": [fields.LINE_MESSAGE]}


def test_a_valid_command_is_built_with_the_callers_arguments():
    form = NoteForm({"reason": "Late", "pages": "2"})
    assert form.is_valid()

    assert form.command("Very ") == Note(reason="Very Late", pages=2)
