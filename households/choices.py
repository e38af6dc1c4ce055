"""Fixed national code lists used by the registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The 54 ethnic groups of Viet Nam with the General Statistics Office codes
# (Quyết định 121-TCTK/PPCĐ). Names are proper nouns and are not translated.
ETHNIC_GROUPS = [
    ("01", "Kinh"), ("02", "Tày"), ("03", "Thái"), ("04", "Hoa"), ("05", "Khơ-me"),
    ("06", "Mường"), ("07", "Nùng"), ("08", "Hmông"), ("09", "Dao"), ("10", "Gia-rai"),
    ("11", "Ngái"), ("12", "Ê-đê"), ("13", "Ba-na"), ("14", "Xơ-đăng"), ("15", "Sán Chay"),
    ("16", "Cơ-ho"), ("17", "Chăm"), ("18", "Sán Dìu"), ("19", "Hrê"), ("20", "Mnông"),
    ("21", "Ra-glai"), ("22", "Xtiêng"), ("23", "Bru-Vân Kiều"), ("24", "Thổ"), ("25", "Giáy"),
    ("26", "Cơ-tu"), ("27", "Gié-Triêng"), ("28", "Mạ"), ("29", "Khơ-mú"), ("30", "Co"),
    ("31", "Tà-ôi"), ("32", "Chơ-ro"), ("33", "Kháng"), ("34", "Xinh-mun"), ("35", "Hà Nhì"),
    ("36", "Chu-ru"), ("37", "Lào"), ("38", "La Chí"), ("39", "La Ha"), ("40", "Phù Lá"),
    ("41", "La Hủ"), ("42", "Lự"), ("43", "Lô Lô"), ("44", "Chứt"), ("45", "Mảng"),
    ("46", "Pà Thẻn"), ("47", "Cơ Lao"), ("48", "Cống"), ("49", "Bố Y"), ("50", "Si La"),
    ("51", "Pu Péo"), ("52", "Brâu"), ("53", "Ơ Đu"), ("54", "Rơ-măm"),
]  # fmt: skip
KINH = "01"


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Relation(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    CHILD_IN_LAW = "child_in_law", _("Son- or daughter-in-law")
    GRANDCHILD = "grandchild", _("Grandchild")
    PARENT = "parent", _("Parent")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Brother or sister")
    OTHER_RELATIVE = "relative", _("Other relative")
    OTHER = "other", _("Other")


class Disability(models.TextChoices):
    # Levels of the Law on Persons with Disabilities 2010, Art. 3.
    NONE = "", _("None")
    MILD = "mild", _("Mild disability")
    SEVERE = "severe", _("Severe disability")
    ESPECIALLY_SEVERE = "especially_severe", _("Especially severe disability")


class Merit(models.TextChoices):
    NONE = "", _("No")
    PERSON = "person", _("Person with revolutionary merit")
    RELATIVE = "relative", _("Relative of a person with revolutionary merit")


class Schooling(models.TextChoices):
    UNKNOWN = "", _("Not recorded")
    ATTENDING = "attending", _("Attending school or training")
    NOT_ATTENDING = "not_attending", _("Not attending school")


class Education(models.TextChoices):
    # Ordered from lowest to highest: code order is compared in the deprivation rules.
    UNKNOWN = "", _("Not recorded")
    NONE = "0_none", _("No schooling completed")
    PRIMARY = "1_primary", _("Primary school")
    LOWER_SECONDARY = "2_lower_secondary", _("Lower secondary school")
    UPPER_SECONDARY = "3_upper_secondary", _("Upper secondary school")
    VOCATIONAL_ELEMENTARY = "4_vocational_elementary", _("Elementary vocational certificate")
    VOCATIONAL_INTERMEDIATE = "5_vocational_intermediate", _("Intermediate vocational diploma")
    COLLEGE = "6_college", _("College")
    UNIVERSITY = "7_university", _("University or higher")


class Employment(models.TextChoices):
    UNKNOWN = "", _("Not recorded")
    CONTRACT = "contract", _("Employed with a labour contract")
    NO_CONTRACT = "no_contract", _("Wage work without a labour contract")
    SELF_EMPLOYED = "self_employed", _("Self-employed or family work")
    UNEMPLOYED = "unemployed", _("Unemployed, looking for work")
    STUDYING = "studying", _("Studying")
    NOT_WORKING = "not_working", _("Not working (home duties, retired, unable)")
