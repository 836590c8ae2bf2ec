"""The fixed vocabularies of the case file, in the words the procedures use."""

from django.db import models


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in-person", "In person"
    WEB = "web", "Web form"
    APP = "app", "App"
    TEXT = "text", "Text message"
    THIRD_PARTY = "third-party", "Third party"
    ADVOCATE = "advocate", "Advocate"


class PartyRole(models.TextChoices):
    COMPLAINANT = "complainant", "Complainant"
    ALLEGED_PERPETRATOR = "alleged-perpetrator", "Alleged perpetrator"
    WITNESS = "witness", "Witness"
    ADVOCATE = "advocate", "Advocate"
    HOUSEHOLD_MEMBER = "household-member", "Household member"
    AGENCY = "agency", "Agency"


class IncidentSource(models.TextChoices):
    PHONE = "phone", "Phone"
    DIARY = "diary", "Diary sheet"
    APP = "app", "App"
    POLICE = "police", "Police"
    EMAIL = "email", "Email"
    IN_PERSON = "in-person", "In person"
    WEB = "web", "Web form"
    OFFICER = "officer", "Officer witnessed"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in-person", "In person"
    HOME_VISIT = "home-visit", "Home visit"
    TEXT = "text", "Text message"
    VIDEO = "video", "Video call"


class ContactOutcome(models.TextChoices):
    MADE = "made", "Spoke to them"
    NO_ANSWER = "no-answer", "No answer"
    LEFT_MESSAGE = "left-message", "Left a message"
    WRONG_DETAILS = "wrong-details", "Contact details wrong"


class ContactPurpose(models.TextChoices):
    CONTACT = "contact", "Contact about the case"
    UPDATE = "update", "Update on the case"
    APPOINTMENT = "appointment", "Appointment offered"
    INTERVIEW = "interview", "Interview"


class ActionOwner(models.TextChoices):
    COMPLAINANT = "complainant", "Complainant"
    LANDLORD = "landlord", "Landlord"
    AGENCY = "agency", "Agency"


class InterventionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    STARTED = "started", "Started"


class Decision(models.TextChoices):
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class ReviewKind(models.TextChoices):
    REVIEW = "review", "Case review"
    MANAGER_REVIEW = "manager-review", "Manager review"


class LinkKind(models.TextChoices):
    RELATED = "related", "Related"
    DUPLICATE = "duplicate", "Duplicate"


class ClosureReason(models.TextChoices):
    RESOLVED = "resolved", "Resolved"
    NO_FURTHER_ACTION = "no-further-action", "No further action possible"
    COMPLAINANT_WITHDREW = "complainant-withdrew", "Complainant withdrew"
    NO_CONTACT = "no-contact", "No contact from the complainant"
    NOT_ASB = "not-asb", "Not ASB"
    REFERRED = "referred", "Referred to another organisation"
    PARTY_MOVED = "party-moved", "A party moved away"
    LEGAL_ACTION_CONCLUDED = "legal-action-concluded", "Legal action concluded"
    DUPLICATE = "duplicate", "Duplicate of another case"


class ObligationState(models.TextChoices):
    """Stored settled state; whether a pending duty is due today or overdue is worked out from `due_date`."""

    PENDING = "pending", "Pending"
    MET = "met", "Met on time"
    MET_LATE = "met-late", "Met late"
    MISSED = "missed", "Missed"
    NOT_APPLICABLE = "not-applicable", "Not applicable"


class Satisfaction(models.TextChoices):
    """The regulator's five-point answer to TP12, "satisfied with the approach to handling ASB"."""

    VERY_SATISFIED = "very-satisfied", "Very satisfied"
    FAIRLY_SATISFIED = "fairly-satisfied", "Fairly satisfied"
    NEITHER = "neither", "Neither satisfied nor dissatisfied"
    FAIRLY_DISSATISFIED = "fairly-dissatisfied", "Fairly dissatisfied"
    VERY_DISSATISFIED = "very-dissatisfied", "Very dissatisfied"


#: The answers TP12 counts as satisfied.
SATISFIED = frozenset({Satisfaction.VERY_SATISFIED, Satisfaction.FAIRLY_SATISFIED})


class SurveySource(models.TextChoices):
    PAPER = "paper", "Paper survey returned"
    PHONE = "phone", "Phone"
    ONLINE = "online", "Online"
    EMAIL = "email", "Email"


class CaseReviewOutcome(models.TextChoices):
    """Where an ASB Case Review request has got to."""

    RECEIVED = "received", "Received, not yet decided"
    THRESHOLD_NOT_MET = "threshold-not-met", "Threshold not met"
    REVIEW_HELD = "review-held", "Review held: recommendations made"
    REVIEW_HELD_NO_CHANGE = "review-held-no-change", "Review held: no further action recommended"
    WITHDRAWN = "withdrawn", "Withdrawn"
