"""The site's form renderer: Django's own templates, with a select's empty choice in Chinese.

Django names the empty choice of every select "---------" (a model field's blank choice, a
ModelChoiceField's empty_label), in every form and in the admin. Here it reads 请选择 wherever a
form is rendered, in one place rather than in each of forty forms.
"""

from django.forms.renderers import DjangoTemplates

BLANK_DASH = "---------"
BLANK_LABEL = "请选择"


def blank_label(label):
    """A choice's label as the site shows it: 请选择 for Django's dashes."""
    return BLANK_LABEL if label == BLANK_DASH else label


class SiteFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if isinstance(widget, dict):
            for _group, options, _index in widget.get("optgroups", ()):
                for option in options:
                    option["label"] = blank_label(option["label"])
        return super().render(template_name, context, request)
