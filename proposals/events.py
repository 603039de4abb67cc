"""The proposals component's events: its action-log entries and what people hear about.

Names are stored (``ActionLog.action``, ``Notification.event_name``): never renamed.
See participation.events for how they are declared, found and written.
"""

from django.utils.translation import gettext_lazy as _

from participation.events import FIELDS, LoggedEvent, NotificationEvent

# --- Proposals -------------------------------------------------------------------------------

draft_created = LoggedEvent(
    name="create_proposal_draft",
    label=_("Proposal draft started"),
    sentence=_("%(actor)s started the proposal draft “%(target)s”"),
)
proposal_published = LoggedEvent(
    name="publish_proposal",
    label=_("Proposal published"),
    sentence=_("%(actor)s published the proposal “%(target)s”"),
)
proposal_edited = LoggedEvent(
    name="edit_proposal",
    label=_("Proposal edited"),
    sentence=_("%(actor)s edited the proposal “%(target)s”"),
)
proposal_withdrawn = LoggedEvent(
    name="withdraw_proposal",
    label=_("Proposal withdrawn"),
    sentence=_("%(actor)s withdrew the proposal “%(target)s”"),
)
proposal_supported = LoggedEvent(
    name="support_proposal",
    label=_("Proposal supported"),
    sentence=_("%(actor)s supported the proposal “%(target)s”"),
)
proposal_unsupported = LoggedEvent(
    name="unsupport_proposal",
    label=_("Support withdrawn from a proposal"),
    sentence=_("%(actor)s withdrew their support from the proposal “%(target)s”"),
)

# --- Amendments ------------------------------------------------------------------------------

amendment_created = LoggedEvent(
    name="create_amendment",
    label=_("Amendment proposed"),
    sentence=_("%(actor)s proposed the amendment “%(target)s”"),
    payload=("proposal",),
)
amendment_accepted = LoggedEvent(
    name="accept_amendment",
    label=_("Amendment accepted"),
    sentence=_("%(actor)s accepted the amendment “%(target)s”"),
    payload=("proposal", "version", "title"),
)
amendment_rejected = LoggedEvent(
    name="reject_amendment",
    label=_("Amendment rejected"),
    sentence=_("%(actor)s rejected the amendment “%(target)s”"),
    payload=("proposal",),
)
amendment_withdrawn = LoggedEvent(
    name="withdraw_amendment",
    label=_("Amendment withdrawn"),
    sentence=_("%(actor)s withdrew the amendment “%(target)s”"),
    payload=("proposal",),
)
amendment_supported = LoggedEvent(
    name="support_amendment",
    label=_("Amendment supported"),
    sentence=_("%(actor)s supported the amendment “%(target)s”"),
)
amendment_unsupported = LoggedEvent(
    name="unsupport_amendment",
    label=_("Support withdrawn from an amendment"),
    sentence=_("%(actor)s withdrew their support from the amendment “%(target)s”"),
)

# --- Answers, states and evaluation ----------------------------------------------------------

state_created = LoggedEvent(
    name="proposals.state_created",
    label=_("Answer state created"),
    sentence=_("%(actor)s created the answer state “%(target)s”"),
    payload=(FIELDS,),
)
state_updated = LoggedEvent(
    name="proposals.state_updated",
    label=_("Answer state updated"),
    sentence=_("%(actor)s updated the answer state “%(target)s”"),
    payload=(FIELDS,),
)
state_deleted = LoggedEvent(
    name="proposals.state_deleted",
    label=_("Answer state deleted"),
    sentence=_("%(actor)s deleted the answer state “%(target)s”"),
    payload=(FIELDS,),
)
answered = LoggedEvent(
    name="proposals.answered",
    label=_("Proposal answered"),
    sentence=_("%(actor)s wrote the answer to the proposal “%(target)s”"),
    payload=(FIELDS,),
)
answer_published = LoggedEvent(
    name="proposals.answer_published",
    label=_("Answer published"),
    sentence=_("%(actor)s published the answer to the proposal “%(target)s”"),
    payload=("state", "custom_state"),
)
category_changed = LoggedEvent(
    name="proposals.category_changed",
    label=_("Proposal category changed"),
    sentence=_("%(actor)s changed the category of the proposal “%(target)s”"),
    payload=("category",),
)
scope_changed = LoggedEvent(
    name="proposals.scope_changed",
    label=_("Proposal scope changed"),
    sentence=_("%(actor)s changed the scope of the proposal “%(target)s”"),
    payload=("scope",),
)
evaluator_assigned = LoggedEvent(
    name="proposals.evaluator_assigned",
    label=_("Evaluator assigned"),
    sentence=_("%(actor)s assigned an evaluator to the proposal “%(target)s”"),
    payload=("evaluator",),
)
evaluator_unassigned = LoggedEvent(
    name="proposals.evaluator_unassigned",
    label=_("Evaluator removed"),
    sentence=_("%(actor)s removed an evaluator from the proposal “%(target)s”"),
    payload=("evaluator",),
)
note_added = LoggedEvent(
    name="proposals.note_added",
    label=_("Private note added"),
    sentence=_("%(actor)s added a private note to the proposal “%(target)s”"),
)

# --- Merging, splitting, importing -------------------------------------------------------------

merged = LoggedEvent(
    name="proposals.merged",
    label=_("Proposal merged"),
    sentence=_("%(actor)s merged the proposal “%(target)s” into another"),
    payload=("state", "into"),
)
split = LoggedEvent(
    name="proposals.split",
    label=_("Proposal split"),
    sentence=_("%(actor)s split the proposal “%(target)s”"),
    payload=("state", "into"),
)
created_by_merge = LoggedEvent(
    name="proposals.created_by_merge",
    label=_("Proposal created by a merge"),
    sentence=_("%(actor)s created the proposal “%(target)s” by merging others"),
    payload=("from",),
)
imported = LoggedEvent(
    name="proposals.imported",
    label=_("Proposals imported"),
    sentence=_("%(actor)s imported proposals into “%(target)s”"),
    payload=("source", "states", "count"),
)

# --- What people hear about (their notification settings list these labels) ----------------------

proposal_published_notification = NotificationEvent(
    name="proposals.proposal_published",
    label=_("A new proposal is published in a space or a category you follow"),
    sentence=_("%(actor)s published the proposal “%(title)s”"),
)
proposal_by_followed_user_notification = NotificationEvent(
    name="proposals.proposal_by_followed_user",
    label=_("A person you follow publishes a proposal"),
    sentence=_("%(actor)s published the proposal “%(title)s”"),
)
threshold_reached_notification = NotificationEvent(
    name="proposals.threshold_reached",
    label=_("A proposal you follow reaches the supports it needed"),
    sentence=_("The proposal “%(title)s” reached the supports it needed"),
    payload=("threshold",),
)
proposal_withdrawn_notification = NotificationEvent(
    name="proposals.proposal_withdrawn",
    label=_("A proposal you follow is withdrawn by its author"),
    sentence=_("%(actor)s withdrew the proposal “%(title)s”"),
)
amendment_created_notification = NotificationEvent(
    name="proposals.amendment_created",
    label=_("Someone proposes an amendment to your proposal"),
    sentence=_("%(actor)s proposes an amendment to your proposal: “%(title)s”"),
)
amendment_accepted_notification = NotificationEvent(
    name="proposals.amendment_accepted",
    label=_("Your amendment is accepted"),
    sentence=_("%(actor)s accepted your amendment “%(title)s”"),
)
amendment_rejected_notification = NotificationEvent(
    name="proposals.amendment_rejected",
    label=_("Your amendment is rejected"),
    sentence=_("%(actor)s rejected your amendment “%(title)s”"),
)
proposal_answered_notification = NotificationEvent(
    name="proposals.proposal_answered",
    label=_("Your proposal, or one you follow, receives an official answer"),
    sentence=_("“%(title)s” received an official answer"),
    payload=("state",),
)
