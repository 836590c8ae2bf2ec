"""Planning and decisions on a case: risk assessment, action plan, interventions and their approvals,
reviews and case conferences, closure and reopening. Included under "cases/<str:reference>/".

Each page is in its own module (plan_*.py); this one only names their URLs.
"""

from django.urls import path

from casework.web.views import plan_actions, plan_closure, plan_interventions, plan_meetings, plan_risk

urlpatterns = [
    path("risk-assessment", plan_risk.risk, name="risk"),
    path("risk-assessment/score", plan_risk.risk_score, name="risk-score"),
    path("action-plan", plan_actions.action_plan, name="action-plan"),
    path("action-plan/<int:item>/done", plan_actions.action_plan_done, name="action-plan-done"),
    path("action-plan/send", plan_actions.action_plan_send, name="action-plan-send"),
    path("interventions", plan_interventions.interventions, name="interventions"),
    path("interventions/new", plan_interventions.intervention_propose, name="intervention-propose"),
    path("interventions/<int:intervention>/decide", plan_interventions.intervention_decide, name="intervention-decide"),
    path("interventions/<int:intervention>/start", plan_interventions.intervention_start, name="intervention-start"),
    path("review", plan_meetings.review, name="review"),
    path("case-conference", plan_meetings.conference, name="conference"),
    path("closure", plan_closure.closure, name="closure"),
    path("closure/propose", plan_closure.closure_propose, name="closure-propose"),
    path("closure/agree", plan_closure.closure_agree, name="closure-agree"),
    path("closure/close", plan_closure.case_close, name="closure-close"),
    path("reopen", plan_closure.reopen, name="reopen"),
]
