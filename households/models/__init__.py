"""The ward's register: households, their members, reviews, assessments and status.

The models live in standards, register and reviews; the app label stays "households".
"""

from households.models.population import OfficialPopulation
from households.models.register import Household, Member, citizen_id_problem, mask_citizen_id, search_text_for
from households.models.reviews import Assessment, Review, StatusDecision
from households.models.standards import DeprivationIndicator, PovertyStandard, StandardIndicator
from households.status import Status, add_months

__all__ = [
    "Assessment",
    "DeprivationIndicator",
    "Household",
    "Member",
    "OfficialPopulation",
    "PovertyStandard",
    "Review",
    "StandardIndicator",
    "Status",
    "StatusDecision",
    "add_months",
    "citizen_id_problem",
    "mask_citizen_id",
    "search_text_for",
]
