from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "fazhi.publicity"
    label = "publicity"
    verbose_name = "普法宣传"

    def ready(self):
        from fazhi.core.registers import add

        from . import indicators
        from .columns import ACTIVITY_REGISTER, ARTICLE_REGISTER

        add(ACTIVITY_REGISTER)
        add(ARTICLE_REGISTER)
        indicators.register()
