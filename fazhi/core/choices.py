"""Choices that more than one register uses."""

from django.db import models


class ActType(models.TextChoices):
    """行政行为类别, shared by reconsideration and litigation."""

    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LICENSING = "licensing", "行政许可"
    CONFIRMATION = "confirmation", "行政确认"
    EXPROPRIATION = "expropriation", "行政征收征用"
    PAYMENT = "payment", "行政给付"
    INFORMATION = "information", "政府信息公开"
    COMPLAINT = "complaint", "投诉举报处理"
    INACTION = "inaction", "不履行法定职责"
    AGREEMENT = "agreement", "行政协议"
    OTHER = "other", "其他"
