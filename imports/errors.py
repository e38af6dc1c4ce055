"""What each refusal code means, in English msgids the catalogue translates.

Errors are stored as codes and parameters, and worded when shown, so a preview
reads in the language of whoever opens it.
"""

from django.utils.translation import gettext_lazy as _

from giamngheo.money import MESSAGES as MONEY_MESSAGES

MESSAGES = {
    # The whole file.
    "file_too_large": _("The file is larger than %(limit_mb)s MB."),
    "empty_file": _("The file is empty."),
    "not_a_spreadsheet": _("This is not an Excel (.xlsx, .xls), LibreOffice (.ods) or CSV file."),
    "encrypted": _("This file is protected by a password: open it, remove the password and save it again."),
    "unsafe_xml": _(
        "The file contains unsafe XML (a DTD or an external entity, the form of an XXE attack); it was not read."
    ),
    "macros": _("Files with macros are not accepted: save the workbook as .xlsx."),
    "compressed_bomb": _("The file expands to far more data than a list of this kind holds; it was not opened."),
    "bad_encoding": _("The CSV file is neither UTF-8 nor Vietnamese Windows text: save it as CSV UTF-8."),
    "no_header": _("No header row with the template's column names was found in the first rows."),
    "missing_column": _("The column “%(column)s” is missing."),
    "too_many_rows": _("The file has more than %(limit)s rows."),
    "too_many_cells": _("The sheet has more than %(limit)s cells; it was not read further."),
    "parse_timeout": _("Reading the file took longer than %(limit)s seconds; it was stopped."),
    "interrupted": _(
        "The check or the import was interrupted (the server stopped) before it finished: nothing was saved. Try again."
    ),
    "no_rows": _("The file has no data rows."),
    "internal_error": _("The import stopped on an unexpected error; nothing was saved."),
    "concurrent_change": _(
        "While this file was being imported, another import or officer saved the same value in this column; "
        "nothing was saved. Import the file again: its check will show the rows concerned."
    ),
    # One cell.
    "required": _("This cell is required."),
    "date_invalid": _("“%(value)s” is not a date as dd/mm/yyyy (day first)."),
    "date_not_in_calendar": _("“%(value)s” does not exist in the calendar: check the day and the month."),
    "date_in_future": _("This date is in the future."),
    "number_invalid": _("“%(value)s” is not a whole number (e.g. 2.000.000)."),
    **MONEY_MESSAGES,
    "choice_invalid": _("“%(value)s” is not one of: %(choices)s."),
    "yes_no_invalid": _("“%(value)s” is neither Có nor Không."),
    "too_long": _("At most %(limit)s characters."),
    "code_format": _("Use letters, digits, and . _ - only."),
    "citizen_id_format": _("A citizen ID has exactly 12 digits."),
    "citizen_id_masked": _("A masked citizen ID can only stand for the number already registered for this person."),
    "citizen_id_twice": _("This citizen ID is already on row %(row)s of the file."),
    "member_in_other_household": _("This citizen ID is already registered to a member of household %(code)s."),
    "born_in_future": _("The date of birth is in the future."),
    "pregnant_male": _("Only a woman can be recorded as pregnant or nursing."),
    "group_unknown": _("No residential group has the code or name “%(value)s”."),
    "code_in_other_commune": _("The household code %(code)s belongs to another commune's register."),
    "household_inconsistent": _("The household's columns differ from its first row (row %(row)s)."),
    "household_split": _("The rows of household %(code)s must be together; it already appeared above."),
    "member_twice": _("This person is already on row %(row)s of the file."),
    "one_head": _("A household has exactly one head; this one would have %(count)s."),
    "household_unknown": _("No household has the code %(code)s."),
    "month_missing": _("A regular review needs its month."),
    "no_regular_review": _("There is no regular review in %(month)02d/%(year)s: the periodic review covers it."),
    "outside_review": _("The assessment date must fall within the review, %(start)s to %(end)s."),
    "income_or_scores": _("Give the income, or both scores A and B."),
    "no_standard": _("No poverty standard is in force for the list of %(year)s that this review makes."),
    "indicator_not_in_standard": _("This indicator is not part of the review's standard."),
    "already_assessed": _("This household already has a different assessment in this review."),
    "assessment_twice": _("This household's assessment in this review is already on row %(row)s."),
    "subproject_unknown": _("No sub-project with this number or code in plan year %(year)s."),
    "not_your_subproject": _("You may not record supports in this sub-project."),
    "member_unknown": _("No member of this household has this citizen ID, or this name and date of birth."),
    "duplicate_row": _("The same support is already on row %(row)s of the file."),
    "not_eligible": _("Not eligible: %(reasons)s"),
    "justification_required": _(
        "The beneficiary is not eligible: write the justification for supporting them anyway. %(reasons)s"
    ),
    "not_editable": _("You may not change this."),
}


# Batches refused before .xls files were accepted were stored under this code.
MESSAGES["encrypted_or_old_excel"] = MESSAGES["encrypted"]


def describe(code: str, params: dict | None = None, message: str = "") -> str:
    """The message for a stored error; a service's own message when the code is not ours."""
    template = MESSAGES.get(code)
    if template is None:
        return message or code
    try:
        return str(template) % (params or {})
    except (KeyError, TypeError, ValueError):
        return str(template)
