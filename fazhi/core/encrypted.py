"""Model fields for personal data at rest: an encrypted text field and its blind index.

    id_number = EncryptedTextField("身份证号", max_length=18, mask="id_number",
                                   validators=[IdNumberValidator()])
    id_number_index = BlindIndexField(source="id_number")

The encrypted column reads back in clear in Python and is never filtered on (SM4-GCM ciphertext
differs on every write): look a value up through its blind index instead, e.g.
`filter(id_number_index=blind_index(number))`. The index is recomputed on every save.
"""

from django import forms
from django.core import validators
from django.db import models
from django.db.models import Q

from . import crypto
from .masks import MASKS


class EncryptedTextField(models.TextField):
    description = "SM4-GCM 加密存储的文本"

    def __init__(self, *args, mask: str = "text", **kwargs):
        if mask not in MASKS:
            raise ValueError(f"unknown mask {mask!r}, one of {sorted(MASKS)}")
        self.mask_kind = mask
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.mask_kind != "text":
            kwargs["mask"] = self.mask_kind
        return name, path, args, kwargs

    @property
    def context(self) -> str:
        """Associated data binding a ciphertext to this column."""
        return f"{self.model._meta.label}.{self.name}"

    def mask(self, value) -> str:
        return MASKS[self.mask_kind](value or "")

    def from_db_value(self, value, expression, connection):
        if not value or not crypto.is_ciphertext(value):
            # Legacy clear text (before the migration that encrypts it) reads as it is;
            # `rotate_data_key --check` reports such rows and a rotation encrypts them.
            return value
        return crypto.decrypt(value, self.context)

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value), self.context)

    def get_lookup(self, lookup_name):
        # Ciphertext never equals ciphertext: an exact/contains lookup would silently find
        # nothing. Only emptiness can be asked; anything else is a FieldError.
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": forms.CharField, "widget": forms.TextInput, **kwargs}
        )


class BlindIndexField(models.CharField):
    """HMAC-SM3 of another field's normalised value, kept current on every save."""

    description = "HMAC-SM3 盲索引"

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("max_length", 64), ("blank", True), ("editable", False)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        if self.db_index:
            kwargs.pop("db_index", None)
        else:
            kwargs["db_index"] = False
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = crypto.blind_index(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


ID_NUMBER_LENGTH = 18


def id_number_search(text: str, index_field: str = "id_number_index"):
    """A list search for an ID number: the column is ciphertext, so an 18-character query is
    looked up through the blind index (under every configured key); anything else gives None."""
    text = text.strip()
    if len(text) != ID_NUMBER_LENGTH:
        return None
    return Q(**{f"{index_field}__in": crypto.blind_indexes(text)})


def encrypted_fields(model) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def blind_index_fields(model) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]


def encrypt_existing(app_label: str, model_name: str):
    """A RunPython operation body that rewrites a model's rows so that values stored in clear
    before a field became encrypted are stored encrypted (reading clear text is tolerated,
    writing always encrypts)."""

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        names = [f.name for f in encrypted_fields(model)] + [
            f.name for f in blind_index_fields(model)
        ]
        rows = list(model.objects.all())
        for row in rows:
            for field in blind_index_fields(model):
                field.pre_save(row, add=False)
        model.objects.bulk_update(rows, names, batch_size=500)

    return forwards
