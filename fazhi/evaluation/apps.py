from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "fazhi.evaluation"
    label = "evaluation"
    verbose_name = "评议考核"
