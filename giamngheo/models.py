"""What every app shares: the user, and the administrative units the ward is made of."""

from datetime import date

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import connection, connections, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giamngheo.text import normalize_text


class User(AbstractUser):
    """A person who signs in: an officer of the ward or of a unit, or a reviewer."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    unit = models.ForeignKey(
        "giamngheo.Unit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("unit"),
        help_text=_("The unit the officer works for: it decides which sub-projects they run."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            # Held by supervision roles: any request that writes is refused.
            ("read_only_access", _("Can only read, never write")),
            # Held by the province's standing agency: every commune, and the roll-up.
            ("view_province", _("Can read every commune of the province")),
        ]

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or self.username


def recorded(row) -> tuple[str, str]:
    """Who recorded an attributed row (created_by, created_at) and when, in the ward's time.

    ("Phạm Văn Hùng", "05/06/2023 14:30"): what the line page, the ledger and its
    export show a reviewer, so every page says it the same way.
    """
    return row.created_by.get_full_name(), f"{timezone.localtime(row.created_at):%d/%m/%Y %H:%M}"


class AreaType(models.TextChoices):
    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")


class CommuneQuerySet(models.QuerySet):
    """Rows that belong to a commune through the administrative unit `unit_path` reaches."""

    unit_path: str

    def in_units(self, unit_ids):
        return self.filter(**{f"{self.unit_path}__in": unit_ids})

    def in_commune(self, commune: "AdministrativeUnit | None"):
        """The commune's rows, its former units' included; None: every commune's."""
        return self if commune is None else self.in_units(commune.lineage())


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day: date):
        return self.filter(Q(valid_from__lte=day) | Q(valid_from__isnull=True)).filter(
            Q(valid_to__gte=day) | Q(valid_to__isnull=True)
        )


class ValidityPeriod(models.Model):
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": ValidationError(_("The end date is before the start date."), code="period_reversed")}
            )

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class AdministrativeUnitQuerySet(ValidityQuerySet):
    def served(self):
        return self.filter(served=True, level=AdministrativeUnit.Level.COMMUNE)

    def served_on(self, day: date | None = None):
        """The commune-level unit this installation works for on a day, when it serves one commune."""
        day = day or timezone.localdate()
        return self.served().valid_on(day).order_by("-valid_from").first()

    def lineage_of(self, unit_ids) -> set[int]:
        """The units and every unit merged into them, at any depth, in one query."""
        return set().union(*self.lineages_of(unit_ids).values())

    def lineages_of(self, unit_ids) -> dict[int, set[int]]:
        """Each unit's lineage (itself and every unit merged into it, at any depth), all in one query."""
        unit_ids = list(unit_ids)
        if not unit_ids:
            return {}
        quote = connection.ops.quote_name
        units, through = quote(self.model._meta.db_table), quote(self.model.predecessors.through._meta.db_table)
        placeholders = ", ".join(["%s"] * len(unit_ids))
        sql = (
            f"WITH RECURSIVE lineage(root, id) AS (SELECT id, id FROM {units} WHERE id IN ({placeholders})"
            f" UNION SELECT l.root, p.to_administrativeunit_id FROM {through} p"
            " JOIN lineage l ON p.from_administrativeunit_id = l.id)"
            " SELECT root, id FROM lineage"
        )
        lineages = {}
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, unit_ids)
            for root, unit in cursor.fetchall():
                lineages.setdefault(root, set()).add(unit)
        return lineages

    def commune_of_units(self) -> dict[int, "AdministrativeUnit"]:
        """Each unit's commune today: itself for a commune served today, the commune it became for a
        unit merged into one (a former ward's records are the commune's). Two queries."""
        communes = {commune.pk: commune for commune in self.communes()}
        lineages = self.lineages_of(communes)
        return {unit: communes[root] for root, units in lineages.items() for unit in units}

    def communes(self):
        """The communes the installation serves today: units not (yet) merged into another."""
        return self.served().filter(valid_to__isnull=True).order_by("name")

    def province(self):
        """The province the installation's communes belong to; None if none is recorded."""
        return self.filter(level="province", children__in=self.communes()).distinct().order_by("pk").first()

    def sole_commune(self):
        """The one commune of a single-commune installation, else None."""
        communes = list(self.communes()[:2])
        return communes[0] if len(communes) == 1 else None


class AdministrativeUnit(ValidityPeriod):
    """A province or a commune-level unit (xã, phường, đặc khu), valid for a period.

    Units are merged and renamed (two-level government since 01/07/2025), so a unit
    is never edited into another: the successor is a new row naming its predecessors.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        COMMUNE = "commune", _("Commune-level unit")

    class Kind(models.TextChoices):
        PROVINCE = "tinh", _("Province (tỉnh)")
        CITY = "thanh_pho", _("Centrally-run city (thành phố)")
        WARD = "phuong", _("Ward (phường)")
        COMMUNE = "xa", _("Commune (xã)")
        SPECIAL_ZONE = "dac_khu", _("Special zone (đặc khu)")
        TOWNSHIP = "thi_tran", _("Township (thị trấn, before 07/2025)")

    code = models.CharField(_("code"), max_length=10, help_text=_("Statistical code of the unit."))
    name = models.CharField(_("name"), max_length=150)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("province"),
        limit_choices_to={"level": "province"},
    )
    area_type = models.CharField(
        _("area type"),
        max_length=5,
        choices=AreaType.choices,
        blank=True,
        help_text=_("Urban or rural for the poverty line; households inherit it."),
    )
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="successors", verbose_name=_("predecessors")
    )
    served = models.BooleanField(
        _("served by this installation"),
        default=False,
        help_text=_("The ward whose programme this installation manages (its predecessors too)."),
    )

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "name", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="administrativeunit_code_once_per_start"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize_text(self.name)
        super().save(*args, **kwargs)

    def title(self) -> str:
        """The unit's name as headings print it: "Ủy ban nhân dân phường Phước Hải"."""
        return _("People's Committee of %(name)s") % {"name": self.name}

    def signatory_on(self, day: date):
        return self.signatories.valid_on(day).order_by("order", "-valid_from").first()

    def current(self) -> "AdministrativeUnit":
        """The unit that holds this one's territory today: itself, or what it was merged into."""
        unit, seen = self, set()
        while unit.valid_to is not None and unit.pk not in seen:
            seen.add(unit.pk)
            successor = unit.successors.order_by("-valid_from").first()
            if successor is None:
                break
            unit = successor
        return unit

    def lineage(self) -> set[int]:
        """This unit and every unit merged into it, at any depth: whose records are now its own."""
        return AdministrativeUnit.objects.lineage_of([self.pk])

    def unit_on(self, day: date) -> "AdministrativeUnit | None":
        """The unit of this lineage that was served on a day (the former ward, before a merger)."""
        if self.is_valid_on(day):
            return self
        return (
            AdministrativeUnit.objects.served()
            .filter(pk__in=self.lineage())
            .valid_on(day)
            .order_by("-valid_from")
            .first()
        )


def sole_commune_id():
    """Default commune of a new record: the installation's commune when it serves only one."""
    commune = AdministrativeUnit.objects.sole_commune()
    return commune.pk if commune else None


class ResidentialGroupQuerySet(CommuneQuerySet, ValidityQuerySet):
    unit_path = "unit"

    def for_user(self, user):
        """The groups of the user's commune (and of the units merged into it)."""
        from giamngheo import access  # access reads this module's units

        return access.scope(self, user)


class ResidentialGroup(ValidityPeriod):
    """A tổ dân phố or thôn: the neighbourhood a household belongs to."""

    class Kind(models.TextChoices):
        STREET_GROUP = "to_dan_pho", _("Residential group (tổ dân phố)")
        VILLAGE = "thon", _("Village (thôn)")

    unit = models.ForeignKey(
        AdministrativeUnit,
        models.PROTECT,
        related_name="residential_groups",
        verbose_name=_("commune-level unit"),
        limit_choices_to={"level": "commune"},
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.STREET_GROUP)
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="successors", verbose_name=_("predecessors")
    )

    objects = ResidentialGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("residential group")
        verbose_name_plural = _("residential groups")
        ordering = ["unit__name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="residentialgroup_code_unique_in_unit"),
        ]
        # The household list's group order: walking the groups by code, PostgreSQL reads a group's
        # households at a time; without it, every household of the later groups is read and sorted
        # (a middle page of a million households: 300 ms, with it 1 ms).
        indexes = [models.Index(fields=["code"], name="residentialgroup_code")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize_text(self.name)
        super().save(*args, **kwargs)

    def as_of(self, day: date) -> "ResidentialGroup":
        """The group (this one or a predecessor) that held this neighbourhood on a day."""
        seen = set()
        group = self
        while not group.is_valid_on(day) and group.pk not in seen:
            seen.add(group.pk)
            earlier = [g for g in group.predecessors.all() if g.valid_from is None or g.valid_from <= day]
            if not earlier:
                break
            group = max(earlier, key=lambda g: g.valid_from or date.min)
        return group


class Signatory(ValidityPeriod):
    """Who signs the ward's documents, and in what capacity, for a period."""

    unit = models.ForeignKey(AdministrativeUnit, models.PROTECT, related_name="signatories", verbose_name=_("unit"))
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, help_text=_("e.g. Phó Chủ tịch"))
    capacity = models.CharField(
        _("signing capacity"),
        max_length=200,
        blank=True,
        help_text=_("The lines above the position, e.g. TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["unit", "order", "-valid_from"]

    def __str__(self):
        return f"{self.position} {self.full_name}"

    def title_lines(self) -> list[str]:
        """What a signature block prints above the name: the capacity lines, then the position."""
        lines = [line.strip() for line in self.capacity.splitlines() if line.strip()]
        return [line.upper() for line in [*lines, self.position] if line]


class Unit(models.Model):
    """An organisation with a part in the programme: the committee, an officer's post, an association."""

    class Kind(models.TextChoices):
        WARD_COMMITTEE = "ward_committee", _("Ward People's Committee")
        LABOUR_SOCIAL_OFFICER = "labour_social", _("Labour and social-affairs officer")
        FINANCE_OFFICER = "finance", _("Finance and planning officer")
        FARMERS_ASSOCIATION = "farmers", _("Farmers' Association")
        HEALTH_STATION = "health_station", _("Health station")
        EMPLOYMENT_CENTRE = "employment_centre", _("Employment service centre")
        RADIO_STATION = "radio", _("Radio station")
        FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front")
        MASS_ORGANISATION = "mass_organisation", _("Mass organisation")
        RESIDENTIAL_GROUP = "residential_group", _("Residential group")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    ward = models.ForeignKey(
        AdministrativeUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("ward"),
        limit_choices_to={"level": "commune"},
        help_text=_("The commune the unit works in; its officers work in that commune only."),
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            # Every commune has its own Farmers' Association: a code names one within a commune.
            models.UniqueConstraint(fields=["ward", "code"], name="unit_code_unique_in_ward"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(ward__isnull=True), name="unit_code_unique_outside_wards"
            ),
        ]

    def __str__(self):
        return self.name


class AccessChange(models.Model):
    """One grant or withdrawal of access: a role, a permission or an account flag, who changed it and when.

    Django keeps no record of these. simple-history's m2m history would snapshot a user's
    whole set of groups at each save; what the reviewer asks is "who gave this account the
    finance role, and when", one row per grant. The names are copied in, so the row still
    reads after the role or the account is deleted.
    """

    class Kind(models.TextChoices):
        ROLE = "role", _("Role")
        PERMISSION = "permission", _("Permission of the account")
        ROLE_PERMISSION = "role_permission", _("Permission of the role")
        FLAG = "flag", _("Account setting")

    class Action(models.TextChoices):
        GRANTED = "granted", _("Granted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    changed_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("changed by")
    )
    user = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="access_changes", verbose_name=_("account")
    )
    group = models.ForeignKey(
        "auth.Group", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("role")
    )
    holder = models.CharField(_("whose access"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    action = models.CharField(_("change"), max_length=10, choices=Action.choices)
    access = models.CharField(_("access"), max_length=255)

    class Meta:
        verbose_name = _("access change")
        verbose_name_plural = _("access changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.holder}: {self.get_action_display()} {self.access}"
