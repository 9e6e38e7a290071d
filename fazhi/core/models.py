import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db import models
from django.utils import timezone

from . import pgcopy
from .access import Scope, scope_for, sees_unattached_audit
from .choices import DeliveryMethod
from .encrypted import EncryptedTextField
from .idnumber import IdNumberValidator
from .register_settings import SETTINGS, valid_value
from .registers import REGISTERS, get_register
from .roles import ADMIN_ROLES, VIEW, Role

UNIT_CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{0,31}$")
PATH_SEPARATOR = "/"


def validate_unit_code(code: str):
    if not UNIT_CODE_RE.match(code or ""):
        raise ValidationError(
            f"单位代码「{code}」格式不正确：只能由字母、数字和连字符组成，最长32位。",
            code="invalid_unit_code",
        )


def unit_path(parent_path: str, code: str) -> str:
    """A unit's materialised path: its ancestors' codes and its own, e.g. /43/4331/433126/.

    A subtree is then `path LIKE '/43/4331/433126/%'`: one indexed SQL query at any depth,
    on SQLite and PostgreSQL alike, and a register joins to it without recursion.
    """
    return (parent_path or PATH_SEPARATOR) + code + PATH_SEPARATOR


class UnitKind(models.TextChoices):
    PROVINCE = "province", "省级司法厅"
    PREFECTURE = "prefecture", "市州司法局"
    COUNTY = "county", "县级司法局"
    SECTION = "section", "内设机构"
    JUDICIAL_OFFICE = "judicial_office", "司法所"
    MEDIATION_COMMITTEE = "mediation_committee", "人民调解委员会"
    NOTARY_OFFICE = "notary_office", "公证机构"
    LEGAL_AID_CENTER = "legal_aid_center", "法律援助机构"
    ENFORCEMENT_DEPARTMENT = "enforcement_department", "行政执法部门"
    TOWNSHIP_GOVERNMENT = "township_government", "乡镇人民政府"


# Named groups of unit kinds. A rule names the group it means instead of listing kinds, so that
# two lists of one group cannot drift apart. Tuples, in a fixed order (a query's IN list).
#
# 司法行政机关: the province's 司法厅 and the bureaus of prefectures and counties. Each makes its
# own 法治政府建设年度报告, sets its own 以奖代补 tiers, is a row of the dashboard's comparison,
# and is the bureau (Unit.bureau) of the units below it.
BUREAUS = (UnitKind.PROVINCE, UnitKind.PREFECTURE, UnitKind.COUNTY)
# A bureau and its 内设机构: who may own the record of a case the bureau handles itself
# (行政复议, 行政应诉, 合法性审查, 执法监督 …), entered by the bureau or by the section doing it.
BUREAUS_AND_SECTIONS = (*BUREAUS, UnitKind.SECTION)
# Those and the 司法所, the county bureau's 派出机构 in a township: who may own the record of
# work the bureau also does on the ground (社区矫正, 安置帮教, 普法, 法律咨询).
BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES = (*BUREAUS_AND_SECTIONS, UnitKind.JUDICIAL_OFFICE)


class UnitQuerySet(models.QuerySet):
    def subtree(self, unit: "Unit"):
        """The unit and all units below it, in one query."""
        return self.filter(path__startswith=unit.path)

    def filter_choices(self, user, levels: int = 2):
        """The units a list's unit filter offers: the user's own and `levels` levels below.
        A province holds thousands of units; choosing a county already filters everything
        under it, so deeper units need not be listed (a list page would render them all).
        Found level by level through `parent` (indexed), not by matching every path below."""
        if not user.is_authenticated or user.unit_id is None:
            return self.none()
        # Each level as a condition on `parent` (its index), the levels OR-ed: the planner
        # reads each through the index, where "id IN (the children's ids)" scanned every unit.
        near, parents = models.Q(pk=user.unit_id), None
        for _ in range(levels):
            if parents is None:
                level, parents = models.Q(parent_id=user.unit_id), [user.unit_id]
            else:
                parents = Unit.objects.filter(parent_id__in=parents).values("pk")
                level = models.Q(parent_id__in=parents)
            near |= level
        return self.filter(near)

    def visible_to(self, user, action: str = VIEW):
        """Every user sees the organisation tree of his own unit's subtree."""
        if not user.is_authenticated or not user.is_active or user.unit_id is None:
            return self.none()
        return self.subtree(user.unit)


class Unit(models.Model):
    code = models.CharField("单位代码", max_length=32, unique=True, validators=[validate_unit_code])
    name = models.CharField("单位名称", max_length=100)
    kind = models.CharField("单位类别", max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField("路径", max_length=600, unique=True, editable=False)
    # 常住人口 of the area a bureau serves, where the administrator has entered it: the
    # denominator of "每万人律师数" and such figures (issue 22). Blank means unknown, and such a
    # figure is then not computed rather than divided by a guess.
    population = models.PositiveIntegerField(
        "常住人口（人）",
        null=True,
        blank=True,
        help_text="辖区常住人口，用于计算每万人律师数等指标；不知道时留空",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["path"]

    def __str__(self):
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count(PATH_SEPARATOR) - 2

    def ancestors(self):
        """The units above this one, top first, in one query."""
        codes = self.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)[:-1]
        by_code = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]

    @property
    def is_top(self) -> bool:
        """The unit above every other (a province's 司法厅, or a county running alone): its
        administrators keep what holds for all units (settings, the holiday calendar, the
        audit entries tied to no unit)."""
        return self.parent_id is None

    def is_within(self, other: "Unit") -> bool:
        return self.path.startswith(other.path)

    def bureau(self) -> "Unit | None":
        """The 司法行政机关 this unit belongs to: itself if it is one (no query), else the
        nearest bureau above it — a section's or a 司法所's county, a prefecture's section's
        prefecture — found among its ancestors (one query); None if no bureau is above it."""
        if self.kind in BUREAUS:
            return self
        return next((unit for unit in reversed(self.ancestors()) if unit.kind in BUREAUS), None)


class UserQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        """Account administrators see the accounts of their subtree; everyone sees himself."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        roles = user.role_codes
        if user.unit_id and roles & {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}:
            return self.filter(unit__path__startswith=user.unit.path)
        return self.filter(pk=user.pk)


class FazhiUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=50, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name="所属单位",
        null=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    id_number = EncryptedTextField(
        "身份证号", max_length=18, blank=True, mask="id_number", validators=[IdNumberValidator()]
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)

    objects = FazhiUserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["unit__path", "username"]

    def __str__(self):
        return self.full_name or self.username

    @cached_property
    def role_codes(self) -> set[str]:
        return set(self.role_grants.values_list("role", flat=True))

    @property
    def role_labels(self) -> list[str]:
        return [Role(r).label for r in Role.values if r in self.role_codes]

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes & set(roles))

    @property
    def is_admin_role(self) -> bool:
        return bool(self.role_codes & ADMIN_ROLES)


class UserRole(models.Model):
    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    granted_by = models.ForeignKey(
        User,
        verbose_name="授予人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField("授予时间", auto_now_add=True)

    class Meta:
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_grant_per_role")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"


class AuditAction(models.TextChoices):
    LOGIN = "login", "登录成功"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGOUT = "logout", "退出登录"
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    READ_SENSITIVE = "read_sensitive", "查看敏感信息"
    GRANT_ROLE = "grant_role", "授予角色"
    REVOKE_ROLE = "revoke_role", "撤销角色"
    SET_PASSWORD = "set_password", "设置密码"
    IMPORT = "import", "导入"
    EXPORT = "export", "导出"
    SEARCH_AUDIT = "search_audit", "查询审计日志"
    KEY_ROTATION = "key_rotation", "密钥轮换"
    ARCHIVE_AUDIT = "archive_audit", "归档审计日志"
    ACCESS_REASON = "access_reason", "说明查看事由"
    DELETE = "delete", "删除"
    BACKUP = "backup", "系统备份"
    RESTORE = "restore", "从备份恢复"
    TWO_FACTOR_ENROL = "two_factor_enrol", "启用双因素认证"
    TWO_FACTOR_RESET = "two_factor_reset", "重置双因素认证"
    RECOVERY_CODE_LOGIN = "recovery_code_login", "使用恢复码登录"
    # A registration refused because the person is already on the register elsewhere: the
    # refusal tells something about another unit's person (core/duplicates.py).
    REFUSED_REGISTRATION = "refused_registration", "登记被拒绝"
    HOLIDAYS = "holidays", "录入节假日安排"
    RECOMPUTE = "recompute", "重新计算期限"
    # A numbered document issued for a record, or cancelled (作废, its number kept).
    ISSUE_DOCUMENT = "issue_document", "发文"
    CANCEL_DOCUMENT = "cancel_document", "文书作废"
    # A document's 送达 recorded; a file attached to a case, downloaded or removed; a bureau's
    # own template of a case document uploaded or dropped.
    DELIVER_DOCUMENT = "deliver_document", "登记送达"
    ATTACH = "attach", "上传材料"
    DOWNLOAD = "download", "下载文件"
    REMOVE_ATTACHMENT = "remove_attachment", "删除材料"
    DOCUMENT_TEMPLATE = "document_template", "设置文书模板"


class AuditLogIsAppendOnly(Exception):
    pass


@dataclass(frozen=True)
class AuditChain:
    """How an entry is kept tamper-evident as it is written (core/audit/chain.py): `protect`
    stamps it with its content MAC before the INSERT, `schedule_seal(low, high, using)` seals
    entries low..high into the chain once the transaction commits. The chain is built on these
    models, so CoreConfig.ready() installs it here (use_audit_chain) rather than this module
    importing it."""

    protect: Callable[["AuditEntry"], None]
    schedule_seal: Callable[[int | None, int | None, str], None]


_audit_chain: AuditChain | None = None


def use_audit_chain(chain: AuditChain) -> None:
    global _audit_chain
    _audit_chain = chain


def audit_chain() -> AuditChain:
    # Refuse rather than write an entry without its MAC.
    if _audit_chain is None:
        raise ImproperlyConfigured("no AuditChain: CoreConfig.ready() installs it")
    return _audit_chain


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("审计日志只能追加，不能修改。")

    def delete(self):
        raise AuditLogIsAppendOnly("审计日志只能追加，不能删除。")

    def bulk_create(self, objs, *args, **kwargs):
        """Insert entries in bulk, each carrying its content MAC; they are chained (sealed)
        after the transaction commits, so a long import holds no lock other users wait on."""
        chain = audit_chain()
        objs = list(objs)
        for obj in objs:
            chain.protect(obj)
        plain = not args and set(kwargs) <= {"batch_size"} and all(o.pk is None for o in objs)
        if plain and pgcopy.usable(len(objs)):
            # An import's entries, one per row: by COPY, in a fraction of the INSERTs' time.
            pgcopy.insert(self.model, objs)
            chain.schedule_seal(min(o.pk for o in objs), max(o.pk for o in objs), self.db)
            return objs
        created = super().bulk_create(objs, *args, **kwargs)
        ids = [obj.pk for obj in created if obj.pk is not None]
        if len(ids) == len(created):
            chain.schedule_seal(min(ids, default=None), max(ids, default=None), self.db)
        else:  # ids not returned by this database: seal whatever is pending
            chain.schedule_seal(None, None, self.db)
        return created

    def visible_to(self, user, action: str = VIEW):
        """Only the audit administrator reads the log: entries concerning his subtree, and,
        for the top unit's only, those tied to no unit at all (access.sees_unattached_audit)."""
        if not user.is_authenticated or not user.is_active or user.unit_id is None:
            return self.none()
        if Role.AUDIT_ADMIN not in user.role_codes:
            return self.none()
        own = models.Q(unit__path__startswith=user.unit.path)
        if sees_unattached_audit(user.unit):
            own |= models.Q(unit=None)
        return self.filter(own)


class AuditEntry(models.Model):
    """One line of the append-only audit log.

    Nothing in the system updates or deletes an entry: save() refuses an existing row, the
    queryset refuses update() and delete(), and a database trigger refuses UPDATE (and DELETE
    on PostgreSQL) from anything else.

    Tamper evidence (fazhi.core.audit): each entry carries `content_mac`, an HMAC-SM3 over all
    its fields, computed when it is written; after its transaction commits, an AuditSeal gives
    it the next position in one chain, with an HMAC over the entry's MAC and the previous
    seal's. `manage.py verify_audit` checks both and names the first broken entry.
    """

    # The time the entry was made (default, not auto_now_add: the content MAC is computed
    # before the INSERT and must cover the very value stored).
    at = models.DateTimeField("时间", default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        User,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField("用户名", max_length=150, blank=True, db_index=True)
    # The unit the entry concerns: the changed record's owner unit, else the actor's. It decides
    # which audit administrators see the entry.
    unit = models.ForeignKey(
        Unit, verbose_name="所涉单位", null=True, blank=True, on_delete=models.PROTECT
    )
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    channel = models.CharField(
        "渠道",
        max_length=16,
        default="web",
        choices=[("web", "网页"), ("cli", "命令行"), ("api", "接口")],
    )
    action = models.CharField("操作", max_length=32, choices=AuditAction.choices, db_index=True)
    register = models.CharField("登记簿", max_length=64, blank=True, db_index=True)
    object_id = models.CharField("记录编号", max_length=64, blank=True)
    object_repr = models.CharField("记录", max_length=200, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    # Random per entry, so that two entries of identical content still differ and a copied row
    # shows up as a duplicate MAC.
    nonce = models.CharField("随机数", max_length=32, blank=True, editable=False)
    key_id = models.CharField("密钥编号", max_length=16, blank=True, editable=False)
    content_mac = models.CharField("内容校验码", max_length=64, blank=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["register", "object_id"], name="audit_record")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditLogIsAppendOnly("审计日志只能追加，不能修改。")
        chain = audit_chain()
        chain.protect(self)
        super().save(*args, **kwargs)
        chain.schedule_seal(self.pk, self.pk, self._state.db)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("审计日志只能追加，不能删除。")

    @property
    def register_label(self) -> str:
        model = audited_model(self.register)
        if model is not None:
            return str(model._meta.verbose_name)
        return AUDIT_SUBJECTS.get(self.register, self.register)

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(label, before, after) for each value that differs, labels in Chinese."""
        before, after = self.before or {}, self.after or {}
        model = audited_model(self.register)
        keys = list(dict.fromkeys([*before, *after]))
        return [
            (
                _field_label(model, k),
                _shown(model, k, before.get(k)),
                _shown(model, k, after.get(k)),
            )
            for k in keys
            if before.get(k) != after.get(k)
        ]


class DuplicateNoticeQuerySet(models.QuerySet):
    def visible_to(self, user, register_name: str):
        """The notices of one register that `user` may read: the register's own rule of who
        sees its records (access.scope_for on its model), applied to the holding unit. The
        attempting unit's officers are not the holder's, so they see nothing of it."""
        notices = self.filter(register=register_name)
        scope = scope_for(user, get_register(register_name).model, VIEW)
        if scope is Scope.SUBTREE:
            return notices.filter(unit__path__startswith=user.unit.path)
        if scope is Scope.OWN_UNIT:
            return notices.filter(unit_id=user.unit_id)
        return self.none()


class DuplicateNotice(models.Model):
    """A notice to the unit that holds a person on a register (社区矫正, 安置帮教): an officer
    who may not see that record tried to register the same ID number and was refused
    (core/duplicates.py).

    The refused officer is told only that the person is already on the register; the holder is
    told who tried, when and through which way, so that a genuine transfer can be settled
    between the two and a probe of ID numbers is seen by those who hold the person. The rows
    are also the count of a user's refused attempts that limits their rate, per register.
    """

    at = models.DateTimeField("时间", default=timezone.now)
    register = models.CharField("登记簿", max_length=64)
    # The unit that holds the person (the open record's owner): its officers and the county's
    # above it see the notice, the attempting county's do not.
    unit = models.ForeignKey(
        Unit, verbose_name="持有单位", on_delete=models.PROTECT, related_name="+"
    )
    # The held record, by id: one table serves every register, so no foreign key. The page
    # links to it through the register's detail page, which checks visibility again.
    record_id = models.BigIntegerField("持有记录", null=True)
    record_number = models.CharField("编号", max_length=64)
    actor = models.ForeignKey(
        User,
        verbose_name="尝试登记的用户",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text as it was then: the notice must still say who tried after a user moves.
    actor_label = models.CharField("尝试登记的人员", max_length=200)
    actor_unit_name = models.CharField("尝试登记的单位", max_length=100)
    way = models.CharField("途径", max_length=20)

    objects = DuplicateNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "重复登记提醒"
        verbose_name_plural = "重复登记提醒"
        ordering = ["-at", "-id"]
        indexes = [
            # The limit counts one user's recent notices of a register.
            models.Index(fields=["register", "actor", "at"], name="dup_notice_actor_at"),
            # A list page shows a register's latest notices of a subtree.
            models.Index(fields=["register", "at"], name="dup_notice_register_at"),
        ]

    def __str__(self):
        return f"{self.record_number} {self.actor_label}"


class AuditSeal(models.Model):
    """An audit entry's place in the chain: position n's MAC covers the entry's id and content
    MAC and position n-1's MAC. Written only by audit.seal_pending, after the entry's
    transaction committed (only then is "the previous entry" known to every session).

    `entry` is a bare id (no database constraint): a seal must outlive a deleted entry, so that
    the deletion is reported rather than cascaded away.
    """

    position = models.BigIntegerField("链位置", primary_key=True)
    entry = models.OneToOneField(
        AuditEntry,
        verbose_name="审计日志",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="seal",
    )
    key_id = models.CharField("密钥编号", max_length=16)
    mac = models.CharField("链校验码", max_length=64)

    class Meta:
        verbose_name = "审计日志封存"
        verbose_name_plural = "审计日志封存"
        ordering = ["position"]

    def __str__(self):
        return f"{self.position} → #{self.entry_id}"


class AuditFile(models.Model):
    """The file an audited import read, kept SM4-GCM encrypted as long as its entry is in the
    database (the audit retention period; archiving the entry drops the copy). The entry's
    content, under its MAC, holds the file's SM3 digest: verify_audit decrypts the copy and
    compares, so a changed or swapped copy is reported. The ciphertext is stored in parts
    (AuditFilePart), so that neither writing nor checking a file of hundreds of MB holds it in
    memory; the tag, here, vouches for every part in order. `entry` is a bare id, as a seal's."""

    entry = models.OneToOneField(
        AuditEntry,
        verbose_name="审计日志",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="file",
    )
    key_id = models.CharField("密钥编号", max_length=16)
    nonce = models.CharField("随机数", max_length=24)
    tag = models.CharField("认证标签", max_length=32, blank=True)
    size = models.BigIntegerField("文件大小（字节）")

    class Meta:
        verbose_name = "导入留存文件"
        verbose_name_plural = "导入留存文件"

    def __str__(self):
        return f"审计日志 #{self.entry_id} 的留存文件"


class AuditFilePart(models.Model):
    """One part of a kept file's ciphertext, in order (`number` from 0)."""

    file = models.ForeignKey(
        AuditFile,
        verbose_name="留存文件",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="parts",
    )
    number = models.PositiveIntegerField("序号")
    data = models.BinaryField("密文")

    class Meta:
        verbose_name = "导入留存文件分段"
        verbose_name_plural = "导入留存文件分段"
        constraints = [
            models.UniqueConstraint(fields=["file", "number"], name="audit_file_part_order")
        ]

    def __str__(self):
        return f"{self.file_id}#{self.number}"


class RangeKind(models.TextChoices):
    """What an audit entry did to the records a run of ids names."""

    CREATED = "created", "导入新增"
    SHOWN = "shown", "完整显示个人信息"


class ImportedRange(models.Model):
    """A run of record ids an audit entry names, so that a record's id finds the entry without
    one entry per record: the records an import created (its IMPORT entry), the records a page
    showed in full (its one READ_SENSITIVE entry, core/personal.py). The runs are also in the
    entry's content, under its MAC; verify_audit compares the two (core/audit/runs.py).

    The name is the table's first use, kept: a backup names each table by its model
    (operations/backup.py), so a backup made before the runs served page views restores
    into this model, each of its rows an import's (the kind's default)."""

    entry = models.ForeignKey(
        AuditEntry,
        verbose_name="审计日志",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="record_ranges",
    )
    register = models.CharField("登记簿", max_length=64)
    first_id = models.BigIntegerField("起始记录编号")
    last_id = models.BigIntegerField("截止记录编号")
    # A database default too: a row written before the kinds existed, or by the import tests'
    # attacker in raw SQL, is an import's.
    kind = models.CharField(
        "类别",
        max_length=16,
        choices=RangeKind.choices,
        default=RangeKind.CREATED,
        db_default=RangeKind.CREATED,
    )

    class Meta:
        verbose_name = "日志所涉记录编号"
        verbose_name_plural = "日志所涉记录编号"
        indexes = [models.Index(fields=["kind", "register", "first_id"], name="record_range")]

    def __str__(self):
        return f"{self.register} #{self.first_id}–{self.last_id}"


class AuditAnchor(models.Model):
    """Where the chain in the database starts after older entries were archived to a file:
    the archived run's last position and MAC, itself under an HMAC so it cannot be moved."""

    created_at = models.DateTimeField("归档时间")
    before = models.DateField("归档截止日期")
    file_name = models.CharField("归档文件", max_length=255)
    first_position = models.BigIntegerField("首条位置")
    last_position = models.BigIntegerField("末条位置", unique=True)
    count = models.BigIntegerField("条数")
    last_mac = models.CharField("末条链校验码", max_length=64)
    key_id = models.CharField("密钥编号", max_length=16)
    mac = models.CharField("校验码", max_length=64)

    class Meta:
        verbose_name = "审计日志归档锚点"
        verbose_name_plural = "审计日志归档锚点"
        ordering = ["last_position"]

    def __str__(self):
        return f"{self.file_name}（{self.first_position}–{self.last_position}）"


# Audit subjects that are not models.
AUDIT_SUBJECTS = {
    "session": "登录会话",
    "audit": "审计日志",
    "roles": "角色",
    "indicator_setting": "指标设置",
    "annual_report": "法治政府建设年度报告",
    "api_token": "接口令牌",
}
# Values an audit entry records that are no model's field, by the key it records them under.
AUDIT_FIELD_LABELS = {
    "roles": "角色",
    "two_factor": "双因素认证",
    "active_api_tokens": "有效接口令牌数",
    "block": "报告段落",
    "text": "内容",
    "document": "文书",
    "document_number": "文号",
    "number_pattern": "编号格式",
    "files": "卷宗文件数",
    "template": "模板",
    "delivered_on": "送达日期",
    "delivery_method": "送达方式",
}

# Labels of values recorded under such a key of their own, which no model's choices name
# (报告段落: the block's key). The app that records them adds its labels from its
# AppConfig.ready(), as core may not import it.
AUDIT_VALUE_LABELS: dict[str, dict[str, str]] = {}


def audited_model(register: str):
    """The model an audit entry's `register` names: a register's name or a model's name."""
    if register in REGISTERS:
        return REGISTERS[register].model
    for model in apps.get_models():
        if model._meta.model_name == register:
            return model
    return None


def _shown(model, name: str, value):
    """A recorded value as the pages show it: a choice by its label (行政处罚, not a stored
    code), 是/否, roles by their names."""
    if name == "roles" and isinstance(value, list):
        return "、".join(Role(r).label if r in Role.values else r for r in value) or None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str) and value:
        label = _choice_label(model, name, value) or AUDIT_VALUE_LABELS.get(name, {}).get(value)
        if label is not None:
            return label
    if isinstance(value, int | float):
        return str(value)  # 0 is a count, not an empty value
    return value


def _choice_label(model, name: str, value: str) -> str | None:
    """The label of a field's stored choice, or None where the field has no such choice (a
    field since removed, free text)."""
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None
    if field is None or not field.choices:
        return None
    found = dict(field.flatchoices).get(value)
    return None if found is None else str(found)


def _field_label(model, name: str) -> str:
    """The model's own label of a field; else the label of a value recorded under its own key
    (AUDIT_FIELD_LABELS); else the key as recorded (a field since removed)."""
    if model is not None:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            pass
    return AUDIT_FIELD_LABELS.get(name, name)


class CalendarSource(models.TextChoices):
    PACKAGE = "package", "系统内置数据"
    ENTERED = "entered", "管理员录入"


class HolidayYear(models.Model):
    """One year of the State Council's holiday arrangement (国务院办公厅关于某年部分节假日安排的
    通知). Seeded from the chinesecalendar package for the years it knows; a year the top
    unit's system administrator enters wins over the package's for that year. A year not here
    is provisional (fazhi.core.workdays.statutory_year)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField("来源", max_length=16, choices=CalendarSource.choices)
    notice_number = models.CharField("通知文号", max_length=100, blank=True)
    notice_date = models.DateField("通知日期", null=True, blank=True)
    entered_by = models.ForeignKey(
        User, verbose_name="录入人", null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日安排年度"
        verbose_name_plural = "节假日安排年度"
        ordering = ["year"]

    def __str__(self):
        return f"{self.year}年节假日安排"


class Arrangement(models.TextChoices):
    REST = "rest", "放假"
    WORK = "work", "上班"


class HolidayDay(models.Model):
    """One day the notice sets apart from an ordinary week: a day off (放假, a holiday's
    weekend days included) or a weekend day that is a working day (调休上班)."""

    year = models.ForeignKey(
        HolidayYear, verbose_name="年度", on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField("日期", unique=True)
    arrangement = models.CharField("安排", max_length=8, choices=Arrangement.choices)
    name = models.CharField("名称", max_length=100)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_arrangement_display()}（{self.name}）"


class RecomputeStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "计算中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class DeadlineRecompute(models.Model):
    """A recomputation of stored deadlines after a holiday year was entered or corrected, run
    by the background worker with its progress (done of total) here for the page to read."""

    year = models.PositiveSmallIntegerField("年度")
    requested_by = models.ForeignKey(
        User, verbose_name="发起人", null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(
        "状态", max_length=16, choices=RecomputeStatus.choices, default=RecomputeStatus.QUEUED
    )
    total = models.PositiveIntegerField("记录总数", default=0)
    done = models.PositiveIntegerField("已计算", default=0)
    # [{"register": name, "id": pk, "number": 编号, "field": label, "before": iso, "after": iso}]
    moved = models.JSONField("期限变化的案件", default=list, blank=True)
    result = models.CharField("结果", max_length=500, blank=True)
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "期限重新计算"
        verbose_name_plural = "期限重新计算"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.year}年节假日变更后的期限重新计算（{self.get_status_display()}）"


class RegisterSettingQuerySet(models.QuerySet):
    def current(self, unit: "Unit | None" = None) -> dict[str, object]:
        """Every declared setting's value (one query). For a unit: the choice of the nearest
        unit at or above it that made one; else the defaults' row (unit empty: what the top
        unit's administrator set for everyone); else the default declared in code
        (register_settings.valid_value). Without a unit: the defaults' row, else the code's."""
        return {key: value for key, (value, _) in self.in_force(unit).items()}

    def in_force(self, unit: "Unit | None" = None) -> dict[str, tuple[object, "Unit | None"]]:
        """As current(), each value with the unit whose choice it is (None: the defaults'
        row or the code's default) — the settings page says where a value comes from."""
        codes = unit.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR) if unit else []
        rows = self.filter(key__in=SETTINGS).filter(
            models.Q(unit__isnull=True) | models.Q(unit__code__in=codes)
        )
        depth = {code: index for index, code in enumerate(codes)}
        chosen: dict[str, tuple[int, object, Unit | None]] = {}
        for row in rows.select_related("unit"):
            rank = -1 if row.unit is None else depth[row.unit.code]
            if row.key not in chosen or rank > chosen[row.key][0]:
                chosen[row.key] = (rank, row.value, row.unit)
        found = {}
        for key, setting in SETTINGS.items():
            _, value, source = chosen.get(key, (-1, None, None))
            found[key] = (valid_value(setting, value), source)
        return found


class RegisterSetting(models.Model):
    """An administrator's choice for a register setting (a period, a threshold, a counting
    choice); absent means the default declared in code (register_settings.SETTINGS).

    The indicators app kept them before, as IndicatorSetting; its migration 0003 moved the
    rows here with their ids, so the audit log's entries about them (register
    "indicator_setting", object_id the row's id) still name the same rows."""

    key = models.CharField("设置项", max_length=100)
    # The unit whose subtree the choice holds for; empty: the defaults for every unit, set by
    # the top unit's administrator (a unit below inherits until it makes its own choice).
    unit = models.ForeignKey(
        Unit,
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    value = models.JSONField("取值")
    updated_by = models.ForeignKey(
        User,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = RegisterSettingQuerySet.as_manager()

    class Meta:
        # The name the pages and the menu give them.
        verbose_name = "指标设置"
        verbose_name_plural = "指标设置"
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(unit__isnull=True), name="one_default_setting"
            ),
            models.UniqueConstraint(
                fields=["key", "unit"],
                condition=models.Q(unit__isnull=False),
                name="one_unit_setting",
            ),
        ]

    def __str__(self):
        setting = SETTINGS.get(self.key)
        return setting.label if setting else self.key


class DocumentNumbering(models.Model):
    """The pattern a unit gives the numbers of one kind of document (古政复受字〔{年}〕{序号}号,
    core/numbering.py); absent means the kind's default, its 文种代字 alone."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE)
    kind = models.CharField("文书种类", max_length=100)
    pattern = models.CharField("编号格式", max_length=100)
    updated_by = models.ForeignKey(
        User,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "文书编号格式"
        verbose_name_plural = "文书编号格式"
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], name="numbering_unit_kind"),
        ]

    def __str__(self):
        return self.pattern


class DocumentSeries(models.Model):
    """The last serial given in one series: a unit's documents of one kind in one year. The
    row is locked while a number is given, so that two issuers never take the same one and no
    number is skipped (core/document_actions.py)."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT)
    kind = models.CharField("文书种类", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用到的序号", default=0)

    class Meta:
        verbose_name = "文书编号序列"
        verbose_name_plural = "文书编号序列"
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "year"], name="series_unit_kind_year"),
        ]

    def __str__(self):
        return f"{self.kind} {self.year}：{self.last}"


class IssuedDocument(models.Model):
    """A numbered document issued for a record (a 受理通知书 of a 复议 case): its number, kept
    for good. Cancelled (作废), it keeps its number, which is never given again."""

    register = models.CharField("登记簿", max_length=64)
    record_id = models.PositiveBigIntegerField("记录编号")
    unit = models.ForeignKey(Unit, verbose_name="发文单位", on_delete=models.PROTECT)
    kind = models.CharField("文书种类", max_length=100)
    title = models.CharField("文书名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=120)
    issued_on = models.DateField("成文日期")
    issued_at = models.DateTimeField("编号时间", auto_now_add=True)
    issued_by = models.ForeignKey(
        User,
        verbose_name="编号人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField("作废时间", null=True, blank=True)
    cancelled_by = models.ForeignKey(
        User,
        verbose_name="作废人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancel_reason = models.CharField("作废理由", max_length=200, blank=True)
    # The .docx as issued, sealed (SealedFile): a download later is the same document, whatever
    # the record or the bureau's template became since.
    content = models.ForeignKey(
        "SealedFile",
        verbose_name="文书文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 送达: who received it, when and how (送达回证 or the post's receipt); a document sent to
    # a party and not yet delivered shows as 待送达 on the case and on the board.
    recipient = models.CharField("受送达人", max_length=100, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivery_method = models.CharField(
        "送达方式", max_length=16, choices=DeliveryMethod.choices, blank=True
    )
    delivered_to = models.CharField("签收人", max_length=100, blank=True)
    delivery_recorded_by = models.ForeignKey(
        User,
        verbose_name="送达登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["register", "record_id", "issued_at", "id"]
        constraints = [
            # A document of a kind that takes no number (调解记录, 受理登记表) has serial 0.
            models.UniqueConstraint(
                fields=["unit", "kind", "year", "serial"],
                condition=models.Q(serial__gt=0),
                name="document_serial_once",
            ),
            # No 文号 twice in one organ, whatever kinds' patterns write it.
            models.UniqueConstraint(
                fields=["unit", "number"],
                condition=~models.Q(number=""),
                name="document_number_once",
            ),
        ]
        indexes = [models.Index(fields=["register", "record_id"], name="document_record")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """受理通知书（古政复受字〔2026〕12号）, or the title alone for one not numbered."""
        return f"{self.title}（{self.number}）" if self.number else self.title

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def awaiting_delivery(self) -> bool:
        return bool(self.recipient) and self.delivered_on is None and not self.cancelled


class SealedFile(models.Model):
    """A file fazhi keeps for a case (an attachment, an issued document), SM4-GCM encrypted with
    the personal data's keys and its own id bound in (core/sealed_files.py). The ciphertext is
    stored in parts (SealedFilePart), in the database: outside the web root, in every backup,
    and never in clear on disk. The SM3 digest is of the plaintext, checked on every read."""

    key_id = models.CharField("密钥编号", max_length=16)
    nonce = models.CharField("随机数", max_length=24)
    tag = models.CharField("认证标签", max_length=32, blank=True)
    size = models.BigIntegerField("文件大小（字节）")
    digest = models.CharField("SM3摘要", max_length=64)
    created_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = "加密文件"
        verbose_name_plural = "加密文件"

    def __str__(self):
        return f"加密文件 #{self.pk}"


class SealedFilePart(models.Model):
    """One part of a sealed file's ciphertext, in order (`number` from 0)."""

    file = models.ForeignKey(
        SealedFile, verbose_name="加密文件", on_delete=models.CASCADE, related_name="parts"
    )
    number = models.PositiveIntegerField("序号")
    data = models.BinaryField("密文")

    class Meta:
        verbose_name = "加密文件分段"
        verbose_name_plural = "加密文件分段"
        constraints = [
            models.UniqueConstraint(fields=["file", "number"], name="sealed_file_part_order")
        ]

    def __str__(self):
        return f"{self.file_id}#{self.number}"


class AttachmentKind(models.TextChoices):
    """What a case's attached file is (issue 20)."""

    APPLICATION = "application", "申请材料"
    EVIDENCE = "evidence", "证据材料"
    DECISION = "decision", "签收的决定书"
    RECEIPT = "receipt", "送达回证"
    SCAN = "scan", "扫描件"
    OTHER = "other", "其他材料"


class FileType(models.TextChoices):
    """The types an attachment may be, as found from its content (core/attachments.py)."""

    PDF = "pdf", "PDF 文件"
    JPEG = "jpeg", "JPEG 图片"
    PNG = "png", "PNG 图片"
    DOCX = "docx", "Word 文档"
    XLSX = "xlsx", "Excel 表格"
    DOC = "doc", "Word 97-2003 文档"
    XLS = "xls", "Excel 97-2003 表格"


class Attachment(models.Model):
    """A file a case holds: the application, evidence, a signed decision, a 送达回证, a scan.
    Its bytes are a SealedFile; who may see it is who may see the record. Removed (with a
    reason, audited), it stays in the database until the record's retention ends."""

    register = models.CharField("登记簿", max_length=64)
    record_id = models.PositiveBigIntegerField("记录编号")
    kind = models.CharField("材料类别", max_length=16, choices=AttachmentKind.choices)
    name = models.CharField("文件名", max_length=200)
    file_type = models.CharField("文件类型", max_length=8, choices=FileType.choices)
    file = models.ForeignKey(
        SealedFile, verbose_name="加密文件", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        User, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    removed_at = models.DateTimeField("删除时间", null=True, blank=True)
    removed_by = models.ForeignKey(
        User,
        verbose_name="删除人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    remove_reason = models.CharField("删除理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "案件材料"
        verbose_name_plural = "案件材料"
        ordering = ["register", "record_id", "uploaded_at", "id"]
        indexes = [models.Index(fields=["register", "record_id"], name="attachment_record")]

    def __str__(self):
        return self.name


class DocumentTemplate(models.Model):
    """A bureau's own Word template for one kind of case document (register.key), uploaded
    after the check of its placeholders; absent, the document's default template is used."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE)
    kind = models.CharField("文书种类", max_length=100)
    name = models.CharField("文件名", max_length=200)
    content = models.BinaryField("模板文件")
    uploaded_by = models.ForeignKey(
        User, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], name="document_template_unit_kind"),
        ]

    def __str__(self):
        return self.name
