"""A select's empty choice reads 请选择, never Django's "---------" (issue 19, defect 5), in
forms rendered by Django's templates and in the filters written in Python alike."""

from django import forms

from fazhi.core.forms import QuickSelect
from fazhi.core.models import Unit
from fazhi.core.renderers import BLANK_LABEL


class Choosing(forms.Form):
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "甲")], required=False)
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False)
    quick = forms.ChoiceField(
        choices=[("", "---------"), ("a", "甲")], required=False, widget=QuickSelect
    )


def test_every_empty_choice_reads_please_choose(db):
    html = Choosing().as_p()
    assert "---------" not in html
    assert html.count(f'<option value="" selected>{BLANK_LABEL}</option>') == 3
