"""The account pages: users listed with masked ID numbers, created with checked input, and
only within the administrator's reach."""

from fazhi.core.models import Unit
from fazhi.core.roles import Role


def test_user_list_masks_id_numbers_and_pins_its_queries(
    client, tree, make_user, django_assert_max_num_queries
):
    admin = make_user("admin", tree["county"], Role.SYSTEM_ADMIN)
    for n in range(20):
        make_user(f"u{n}", tree["office"], Role.MEDIATION, id_number="11010519491231002X")
    client.force_login(admin)
    with django_assert_max_num_queries(6):
        response = client.get("/users/")
    page = response.content.decode()
    assert "1101**********002X" in page and "11010519491231002X" not in page
    assert len(response.context["page"]) == 21


def test_account_admin_creates_a_user_with_checked_input(client, tree, make_user):
    client.force_login(make_user("admin", tree["county"], Role.SYSTEM_ADMIN))
    form = {
        "username": "newbie",
        "full_name": "新同事",
        "unit": tree["office"].pk,
        "id_number": "110105194912310021",
        "password": "Guzhang-2025",
        "password_again": "Guzhang-2025",
    }
    page = client.post("/users/new/", form).content.decode()
    assert "校验位错误" in page
    form["id_number"] = "11010519491231002x"
    response = client.post("/users/new/", form)
    assert response.status_code == 302
    created = Unit.objects.get(code="433126-S01").users.get(username="newbie")
    assert created.id_number == "11010519491231002X"
    assert created.check_password("Guzhang-2025")
    page = client.post("/users/new/", form).content.decode()
    assert "已存在" in page


def test_account_admin_cannot_place_a_user_in_another_county(client, tree, make_user):
    client.force_login(make_user("admin", tree["county"], Role.SYSTEM_ADMIN))
    form = {
        "username": "spy",
        "full_name": "外县",
        "unit": tree["sibling"].pk,
        "password": "Guzhang-2025",
        "password_again": "Guzhang-2025",
    }
    response = client.post("/users/new/", form)
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Unit.objects.get(code="433122").users.exists()
