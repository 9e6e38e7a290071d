"""What 指标设置 says of each setting is for the administrator who reads it: Chinese, with no
command or field name of the code in it (issue 19, defect 5: "运行 recompute_deadlines")."""

import re

import pytest

from fazhi.core.register_settings import SETTINGS

CODE_WORD = re.compile(r"[A-Za-z_]{3,}")


@pytest.mark.parametrize("key", sorted(SETTINGS))
def test_a_setting_speaks_to_its_reader(key):
    setting = SETTINGS[key]
    for text in (setting.label, setting.help, *(label for _value, label in setting.choices)):
        assert not CODE_WORD.search(str(text)), f"{key}：{text}"
