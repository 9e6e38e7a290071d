from django.apps import AppConfig


class OfficersConfig(AppConfig):
    name = "fazhi.officers"
    label = "officers"
    verbose_name = "行政执法人员"

    def ready(self):
        from fazhi.core.registers import add
        from fazhi.core.writes import records_written

        from . import cards, indicators, measures, permissions
        from .columns import OFFICER_REGISTER, TRAINING_REGISTER

        add(OFFICER_REGISTER)
        add(TRAINING_REGISTER)
        indicators.register()
        permissions.register()
        measures.declare()
        # The cards follow the roster's card columns in the transaction that wrote them.
        records_written.connect(cards.on_records_written, dispatch_uid="officers.cards")
