from fazhi.core.forms import DATE_INPUT, RegisterCreateForm

from .models import ResettlementSubject


class SubjectForm(RegisterCreateForm):
    """登记（修改）一名安置帮教对象. Those who may not see personal data get it without the
    personal fields (RecordPages drops them on edit)."""

    # Dates of things that have happened, like 释放或解矫日期 (checked by the base form).
    # Dates of what has happened are checked against today by RegisterCreateForm, from the
    # columns' past_only; these two also take the ISO format the date input sends.
    other_dates = ("handover_date", "ended_date")

    class Meta:
        model = ResettlementSubject
        fields = [
            "unit",
            "number",
            "name",
            "id_number",
            "address",
            "kind",
            "release_date",
            "original_offence",
            "original_sentence",
            "key_subject",
            "escorted",
            "handover_date",
            "placement",
            "helper",
            "archive_complete",
            "status",
            "ended_date",
        ]
        widgets = {name: DATE_INPUT for name in ("release_date", "handover_date", "ended_date")}
        help_texts = {
            "handover_date": "必接必送的可早于释放日期。",
            "ended_date": "状态为重新犯罪、死亡、迁出时必填。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.other_dates:
            self.fields[name].input_formats = ["%Y-%m-%d"]
