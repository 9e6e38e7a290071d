from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError


class ChineseMinimumLengthValidator(MinimumLengthValidator):
    """Django's own validator, with the Chinese message its zh_Hans catalogue lacks."""

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码太短，至少需要 {self.min_length} 个字符。",
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"


def character_classes(password: str) -> int:
    """How many of the four classes (lower case, upper case, digit, other) a password uses."""
    return sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not (c.islower() or c.isupper() or c.isdigit()) for c in password),
        ]
    )


class CharacterClassValidator:
    """GB/T 22239 身份鉴别 a: a password mixes at least `min_classes` of the four classes, so
    that it is not one word or one number. Chinese characters count as "other"."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                f"密码须至少包含小写字母、大写字母、数字、其他符号四类中的 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"密码须至少包含小写字母、大写字母、数字、其他符号四类中的 {self.min_classes} 类。"


class NotUsernameValidator:
    """A password must not contain the username, in any letter case: guessing starts there.

    A username of one or two characters is only refused as the whole password: such a string
    turns up inside strong passwords by chance and says nothing about them.
    """

    min_contained_length = 3

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").casefold()
        if not username:
            return
        folded = password.casefold()
        if folded == username or (
            len(username) >= self.min_contained_length and username in folded
        ):
            raise ValidationError("密码不能包含用户名。", code="password_contains_username")

    def get_help_text(self):
        return "密码不能包含用户名。"
