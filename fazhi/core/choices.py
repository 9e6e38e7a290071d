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


class DeliveryMethod(models.TextChoices):
    """送达方式 of every document a case sends (issue 20), first 行政复议's: 行政复议法第八十八条
    sends delivery to 民事诉讼法 第七章第二节, whose ways are these (2023 text): 直接送达
    第八十八条, 留置送达 第八十九条, 电子送达 第九十条, 委托送达 and 邮寄送达 第九十一条, 转交
    (军人, 被监禁或被采取强制性教育措施的人) 第九十二至九十四条, 公告送达 第九十五条."""

    DIRECT = "direct", "直接送达"
    LEFT = "left", "留置送达"
    POST = "post", "邮寄送达"
    ELECTRONIC = "electronic", "电子送达"
    ENTRUSTED = "entrusted", "委托送达"
    FORWARDED = "forwarded", "转交送达"
    NOTICE = "notice", "公告送达"
