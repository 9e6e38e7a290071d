from django.contrib.auth.backends import ModelBackend

from .models import User


class UnitAwareBackend(ModelBackend):
    """Loads the user with his unit, which every scoped query needs, in the same query."""

    def get_user(self, user_id):
        user = User.objects.select_related("unit").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
