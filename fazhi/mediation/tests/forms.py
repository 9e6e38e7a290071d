"""The 人民调解 register form as a committee's 填报员 fills it in."""


def case_form(unit, number: str, **values) -> dict:
    """A case of 白果社区人民调解委员会 (433126-S01-01) owned by `unit`: a marriage dispute
    received 2024-05-06 and settled orally two days later, unless told."""
    return {
        "unit": unit.pk,
        "number": number,
        "committee_code": "433126-S01-01",
        "received_date": "2024-05-06",
        "dispute_type": "marriage",
        "status": "succeeded",
        "agreement_form": "oral",
        "closed_date": "2024-05-08",
        "difficulty": "ordinary",
        **values,
    }
