"""Hand-made workbooks of 普法活动 and 宣传稿件 import through the command, and
`indicators --format json` equals a hand count — the reference report's “在公众号以及省、州、
县级有关媒体发布信息稿件40余篇”. Each breakdown sums to its whole; a bad link or a negative
受众人次 is refused with its row and column, and nothing is written."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.imports.tests.files import figures, import_workbooks, write_xlsx
from fazhi.publicity.columns import ACTIVITY_REGISTER, ARTICLE_REGISTER
from fazhi.publicity.models import Activity, ActivityCategory, Article, ArticlePlatform

COUNTY, OFFICE, SIBLING = "433126", "433126-S01", "433122"


def activity(number, category, held="2024-05-10", audience="", unit=COUNTY):
    return {
        "活动编号": number,
        "活动日期": held,
        "活动名称": f"普法活动{number}",
        "活动类别": category,
        "主办单位": "古丈县司法局",
        "宣传法律": "民法典、反电信网络诈骗法",
        "受众人次": audience,
        "所属单位代码": unit,
    }


def activity_rows():
    rows = []
    # In 2024, in the county's subtree: 12 + 8 + 3 + 5 + 1 = 29 activities.
    rows += [activity(f"V{n}", "法律进乡村", audience="100", unit=OFFICE) for n in range(12)]
    rows += [activity(f"S{n}", "法律进学校", "2024-09-02", "500") for n in range(8)]
    rows += [activity(f"X{n}", "宪法宣传", "2024-12-04", "300") for n in range(3)]
    rows += [activity(f"M{n}", "民法典宣传", "2024-05-20") for n in range(5)]  # audience unknown
    rows.append(activity("R1", "法律进宗教场所", "2024-01-01", "0"))
    # Not the county's 2024: held on New Year's Eve 2023; held by the sibling county.
    rows.append(activity("OLD", "法律进机关", "2023-12-31", "999"))
    rows += [activity(f"L{n}", "法律进企业", audience="50", unit=SIBLING) for n in range(4)]
    return rows


def article(number, platform, published="2024-06-18", link="", unit=COUNTY):
    return {
        "稿件编号": number,
        "发布日期": published,
        "标题": f"稿件{number}",
        "发布平台": platform,
        "链接": link,
        "所属单位代码": unit,
    }


def article_rows():
    rows = [
        article(f"W{n}", "本单位公众号", link=f"https://mp.weixin.qq.com/s/w{n}") for n in range(25)
    ]
    rows += [
        article(f"P{n}", "省级媒体", "2024-03-01", "http://www.hunan.gov.cn/a") for n in range(2)
    ]
    rows += [article(f"Z{n}", "州市级媒体", "2024-12-31") for n in range(5)]
    rows += [article(f"C{n}", "县级媒体", link="") for n in range(10)]
    # Not the county's 2024.
    rows.append(article("NEW", "本单位公众号", "2025-01-02"))
    rows.append(article("LX", "县级媒体", unit=SIBLING))
    return rows


@pytest.fixture
def imported(tree, tmp_path):
    import_workbooks(
        tmp_path, (ACTIVITY_REGISTER, activity_rows(), 34), (ARTICLE_REGISTER, article_rows(), 44)
    )
    return tmp_path


def test_figures_equal_the_hand_count(imported, capsys):
    got = figures(2024)

    def value(key):
        return got[key]["value"]

    assert value("publicity.activities") == 29
    by_category = {label: 0 for _, label in ActivityCategory.choices}
    by_category.update({"法律进乡村": 12, "法律进学校": 8, "宪法宣传": 3, "民法典宣传": 5})
    by_category["法律进宗教场所"] = 1
    assert {k: value(f"publicity.activities.{k}") for k in by_category} == by_category
    assert sum(by_category.values()) == value("publicity.activities")
    # 12×100 + 8×500 + 3×300 + 0; the five activities without a count add nothing.
    assert value("publicity.audience") == 6100
    assert value("publicity.articles") == 42  # “40余篇”
    by_platform = {"本单位公众号": 25, "省级媒体": 2, "州市级媒体": 5, "县级媒体": 10, "其他": 0}
    assert {k: value(f"publicity.articles.{k}") for k in by_platform} == by_platform
    units = {key: got[key]["unit"] for key in got if key.startswith("publicity.")}
    assert units["publicity.activities"] == "次" and units["publicity.audience"] == "人次"
    assert units["publicity.articles"] == units["publicity.articles.其他"] == "篇"
    expected_keys = {"publicity.activities", "publicity.audience", "publicity.articles"}
    expected_keys |= {f"publicity.activities.{label}" for _, label in ActivityCategory.choices}
    expected_keys |= {f"publicity.articles.{label}" for _, label in ArticlePlatform.choices}
    assert set(units) == expected_keys


def test_other_years_and_units_count_their_own_records(imported, capsys):
    before = figures(2023)
    assert before["publicity.activities"]["value"] == 1
    assert before["publicity.activities.法律进机关"]["value"] == 1
    assert before["publicity.audience"]["value"] == 999
    after = figures(2025)
    assert after["publicity.articles"]["value"] == 1
    assert after["publicity.activities"]["value"] == 0 and after["publicity.audience"]["value"] == 0
    office = figures(2024, OFFICE)
    assert office["publicity.activities"]["value"] == 12
    assert office["publicity.audience"]["value"] == 1200
    assert office["publicity.articles"]["value"] == 0
    sibling = figures(2024, SIBLING)
    assert sibling["publicity.activities.法律进企业"]["value"] == 4
    assert sibling["publicity.audience"]["value"] == 200
    assert sibling["publicity.articles.县级媒体"]["value"] == 1
    prefecture = figures(2024, "4331")  # both counties
    assert prefecture["publicity.activities"]["value"] == 33
    assert prefecture["publicity.articles"]["value"] == 43


def test_export_by_year_counts_by_the_activity_and_publishing_dates(imported, capsys):
    call_command("export_register", "publicity_activity", "--format", "json", "--year", "2024")
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 33 and "OLD" not in {r["活动编号"] for r in rows}
    s0 = next(r for r in rows if r["活动编号"] == "S0")
    assert s0["活动类别"] == "法律进学校" and s0["受众人次"] == "500"
    assert s0["宣传法律"] == "民法典、反电信网络诈骗法"
    assert next(r for r in rows if r["活动编号"] == "M0")["受众人次"] == ""
    call_command("export_register", "publicity_article", "--format", "json", "--year", "2025")
    rows = json.loads(capsys.readouterr().out)
    assert [(r["稿件编号"], r["发布平台"]) for r in rows] == [("NEW", "本单位公众号")]


def test_reimporting_a_corrected_file_updates_by_number(imported, tmp_path, capsys):
    rows = [article("C0", "省级媒体", link="https://www.hunan.gov.cn/c0")]
    path = write_xlsx(tmp_path / "更正.xlsx", rows, ARTICLE_REGISTER.headers)
    call_command("import_register", "publicity_article", str(path))
    capsys.readouterr()
    got = figures(2024)
    assert got["publicity.articles"]["value"] == 42
    assert got["publicity.articles.省级媒体"]["value"] == 3
    assert got["publicity.articles.县级媒体"]["value"] == 9


def test_the_templates_carry_the_domain_files_headers(tree, tmp_path):
    assert ACTIVITY_REGISTER.headers == [
        "活动编号", "活动日期", "活动名称", "活动类别", "主办单位", "宣传法律", "受众人次",
        "所属单位代码",
    ]  # fmt: skip
    assert ARTICLE_REGISTER.required_headers == ["稿件编号", "发布日期", "标题", "发布平台",
                                                 "所属单位代码"]  # fmt: skip
    assert ARTICLE_REGISTER.headers == [
        "稿件编号", "发布日期", "标题", "发布平台", "链接", "所属单位代码",
    ]  # fmt: skip
    for name in ("publicity_activity", "publicity_article"):
        out = tmp_path / f"{name}.xlsx"
        call_command("register_template", name, "--out", str(out))
        assert out.stat().st_size > 0


def _refused(tmp_path, capsys, register, rows) -> str:
    path = write_xlsx(tmp_path / "坏.xlsx", rows, register.headers)
    with pytest.raises(CommandError):
        call_command("import_register", register.name, str(path))
    output = capsys.readouterr()
    return output.out + output.err


def test_a_link_that_is_not_http_is_refused_with_row_and_column(tree, tmp_path, capsys):
    rows = [
        article("A1", "县级媒体", link="https://www.guzhang.gov.cn/a1"),
        article("A2", "县级媒体", link="www.guzhang.gov.cn/a2"),  # no scheme
    ]
    text = _refused(tmp_path, capsys, ARTICLE_REGISTER, rows)
    assert "第3行" in text and "「链接」" in text and "https://" in text, text  # header is row 1
    assert not Article.objects.exists()


def test_a_negative_audience_is_refused_with_row_and_column(tree, tmp_path, capsys):
    rows = [
        activity("B1", "法律进社区", audience="80"),
        activity("B2", "法律进社区", audience="-3"),
    ]
    text = _refused(tmp_path, capsys, ACTIVITY_REGISTER, rows)
    assert "第3行" in text and "「受众人次」" in text and "非负整数" in text, text
    assert not Activity.objects.exists()
