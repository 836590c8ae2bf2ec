"""The case file's records. A case is a list of events; these tables hold what the events refer to."""

from casework.cases.models.case import Case, CaseLink, CaseType, Party, ReferenceCounter
from casework.cases.models.enquiry import Enquiry
from casework.cases.models.feedback import CaseReviewRequest, SurveyResponse
from casework.cases.models.history import CaseEvent, Obligation
from casework.cases.models.hotspots import ComplainantDay, HotspotCaseDay, PerpetratorCase, PlaceDay
from casework.cases.models.letters import Letter, LetterMethod
from casework.cases.models.people import Address, Person
from casework.cases.models.records import (
    ActionPlanItem,
    CaseConference,
    Contact,
    Evidence,
    Incident,
    Intervention,
    InterventionApproval,
    PoliceDisclosure,
    Review,
    RiskAssessment,
)

__all__ = [
    "ActionPlanItem",
    "Address",
    "Case",
    "CaseConference",
    "CaseEvent",
    "CaseLink",
    "CaseReviewRequest",
    "CaseType",
    "ComplainantDay",
    "Contact",
    "Enquiry",
    "Evidence",
    "HotspotCaseDay",
    "Incident",
    "Intervention",
    "InterventionApproval",
    "Letter",
    "LetterMethod",
    "Obligation",
    "Party",
    "PerpetratorCase",
    "Person",
    "PlaceDay",
    "PoliceDisclosure",
    "ReferenceCounter",
    "Review",
    "RiskAssessment",
    "SurveyResponse",
]
