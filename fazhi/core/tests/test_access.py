"""The one access rule: who sees and changes which records, by unit and role."""

import pytest
from django.db import connection, models
from django.test.utils import isolate_apps

from fazhi.core.access import Scope, UnitOwnedQuerySet, record_scope
from fazhi.core.models import AuditEntry, Unit, User
from fazhi.core.roles import CHANGE, VIEW, Role

ROLE = Role.RECONSIDERATION


@pytest.mark.parametrize(
    ("roles", "action", "scope"),
    [
        ({ROLE}, VIEW, Scope.SUBTREE),
        ({ROLE}, CHANGE, Scope.SUBTREE),
        ({Role.LEADER}, VIEW, Scope.SUBTREE),
        ({Role.LEADER}, CHANGE, Scope.NONE),
        ({Role.CLERK}, VIEW, Scope.NONE),  # this register takes no entries from outside
        ({Role.MEDIATION}, VIEW, Scope.NONE),  # another line's officer
        ({Role.SYSTEM_ADMIN}, VIEW, Scope.NONE),
        ({Role.SECURITY_ADMIN}, VIEW, Scope.NONE),
        ({Role.AUDIT_ADMIN}, VIEW, Scope.NONE),
        (set(), VIEW, Scope.NONE),
        ({Role.LEADER, ROLE}, CHANGE, Scope.SUBTREE),
    ],
)
def test_record_scope(roles, action, scope):
    assert record_scope(roles, ROLE, action) is scope


def test_clerk_enters_his_own_units_records_where_the_register_takes_them():
    for action in (VIEW, CHANGE):
        assert record_scope({Role.CLERK}, ROLE, action, clerk_enters=True) is Scope.OWN_UNIT


def test_record_scope_rejects_unknown_action():
    with pytest.raises(ValueError):
        record_scope({ROLE}, ROLE, "delete")


@pytest.fixture
def register_model(db):
    """A throwaway register, as every business register will be: owned by a unit."""
    with isolate_apps("fazhi.core"):

        class Case(models.Model):
            register_role = ROLE
            clerk_enters = True
            number = models.CharField(max_length=20)
            unit = models.ForeignKey(Unit, on_delete=models.PROTECT)
            objects = UnitOwnedQuerySet.as_manager()

            class Meta:
                app_label = "core"

            def __str__(self):
                return self.number

        with connection.schema_editor() as editor:
            editor.create_model(Case)
        yield Case
        with connection.schema_editor() as editor:
            editor.delete_model(Case)


@pytest.fixture
def cases(tree, register_model):
    made = {}
    for key in ("county", "section", "office", "committee", "sibling", "sibling_office"):
        made[key] = register_model.objects.create(number=key, unit=tree[key])
    return made


def visible(model, user, action=VIEW):
    return set(model.objects.visible_to(user, action).values_list("number", flat=True))


@pytest.mark.django_db(transaction=True)
def test_officer_sees_his_units_subtree_and_no_sibling_county(tree, make_user, cases):
    officer = make_user("officer", tree["county"], ROLE)
    assert visible(type(cases["county"]), officer) == {"county", "section", "office", "committee"}


@pytest.mark.django_db(transaction=True)
def test_judicial_office_officer_sees_only_his_office(tree, make_user, cases):
    officer = make_user("office", tree["office"], ROLE)
    assert visible(type(cases["county"]), officer) == {"office", "committee"}


@pytest.mark.django_db(transaction=True)
def test_sibling_county_sees_nothing_of_ours(tree, make_user, cases):
    other = make_user("luxi", tree["sibling"], ROLE)
    assert visible(type(cases["county"]), other) == {"sibling", "sibling_office"}


@pytest.mark.django_db(transaction=True)
def test_prefecture_sees_every_county(tree, make_user, cases):
    boss = make_user("zhou", tree["prefecture"], ROLE)
    assert visible(type(cases["county"]), boss) == set(cases)


@pytest.mark.django_db(transaction=True)
def test_leader_reads_but_cannot_change(tree, make_user, cases):
    leader = make_user("leader", tree["county"], Role.LEADER)
    model = type(cases["county"])
    assert visible(model, leader) == {"county", "section", "office", "committee"}
    assert visible(model, leader, CHANGE) == set()


@pytest.mark.django_db(transaction=True)
def test_clerk_enters_only_his_own_units_records(tree, make_user, cases):
    clerk = make_user("clerk", tree["office"], Role.CLERK)
    model = type(cases["county"])
    assert visible(model, clerk) == {"office"}
    assert visible(model, clerk, CHANGE) == {"office"}


@pytest.mark.django_db(transaction=True)
def test_administrators_and_other_lines_see_no_records(tree, make_user, cases):
    model = type(cases["county"])
    for username, role in [
        ("sys", Role.SYSTEM_ADMIN),
        ("sec", Role.SECURITY_ADMIN),
        ("aud", Role.AUDIT_ADMIN),
        ("med", Role.MEDIATION),
    ]:
        assert visible(model, make_user(username, tree["county"], role)) == set(), username


@pytest.mark.django_db(transaction=True)
def test_inactive_user_sees_nothing(tree, make_user, cases):
    officer = make_user("officer", tree["county"], ROLE)
    officer.is_active = False
    assert visible(type(cases["county"]), officer) == set()


def test_units_visible_are_the_users_subtree(tree, make_user):
    officer = make_user("office", tree["office"], ROLE)
    codes = set(Unit.objects.visible_to(officer).values_list("code", flat=True))
    assert codes == {"433126-S01", "433126-S01-01"}


def test_subtree_is_one_query_at_any_depth(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        codes = [u.code for u in Unit.objects.subtree(tree["province"])]
    assert len(codes) == len(tree)
    with django_assert_num_queries(1):
        codes = [u.code for u in Unit.objects.subtree(tree["office"])]
    assert codes == ["433126-S01", "433126-S01-01"]


def test_user_accounts_visible_to_account_admins_of_the_subtree(tree, make_user):
    admin = make_user("admin", tree["county"], Role.SYSTEM_ADMIN)
    make_user("a", tree["office"])
    make_user("b", tree["sibling"])
    assert set(User.objects.visible_to(admin).values_list("username", flat=True)) == {
        "admin",
        "a",
    }
    plain = make_user("c", tree["county"], ROLE)
    assert list(User.objects.visible_to(plain)) == [plain]


def test_audit_log_visible_to_audit_admin_only(tree, make_user):
    auditor = make_user("auditor", tree["county"], Role.AUDIT_ADMIN)
    admin = make_user("admin", tree["county"], Role.SYSTEM_ADMIN)
    security = make_user("security", tree["county"], Role.SECURITY_ADMIN)
    leader = make_user("leader", tree["county"], Role.LEADER)
    sibling = make_user("sibling", tree["sibling"])
    ours = make_user("ours", tree["office"])
    seen = AuditEntry.objects.visible_to(auditor)
    assert seen.filter(register="user", object_id=str(ours.pk)).exists()
    assert not seen.filter(register="user", object_id=str(sibling.pk)).exists()
    for user in (admin, security, leader):
        assert not AuditEntry.objects.visible_to(user).exists()


def test_a_lists_unit_filter_offers_two_levels_below_the_user(tree, make_user):
    from fazhi.core.models import Unit

    province = make_user("sheng", tree["province"], "leader")
    offered = set(Unit.objects.filter_choices(province).values_list("code", flat=True))
    assert offered == {"43", "4331", "433126", "433122"}  # not the sections and offices
    county = make_user("xian", tree["county"], "leader")
    offered = set(Unit.objects.filter_choices(county).values_list("code", flat=True))
    assert offered == {"433126", "433126-01", "433126-S01", "433126-S01-01"}
