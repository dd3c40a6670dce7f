"""The follow-up rules: what each card needs next, when it is due, and when to hold back.

The rules, as the board applies them:

1. Thank-you within 24 real hours of the interview. Under 6 hours left is a WARNING;
   after that it is OVERDUE. Every interviewer gets one: the card leaves Interviewed when
   the last of them is thanked this round, and its status line names who is left. Moved
   back to Interviewed once everyone is thanked, it asks what Thanked would. A new
   round puts the card back in Interviewed, which makes another thank-you due, and clears
   the earlier round's decision and check-in dates (``changes.new_round``).
2. A card in Thanked without a decision date (or a date they gave for checking in) asks
   for their decision timeline, until the question is marked sent or the check-in date
   arrives (the check-in can ask it too). In Awaiting Decision the check-in date is shown
   and the timeline question stays one key away in the draft panel.
3. The check-in date is ``follow_up_on`` when they gave one; else the first business day
   after ``decision_by``; else the interview's local date plus ``profile.follow_up_days``
   (moved to Monday when it falls on a weekend). A date from before the latest interview
   is left over from an earlier round and ignored. Before the date the card WAITS; on it
   the check-in is DUE; from the 3rd business day after it, OVERDUE.
4. No squeaky wheel: checking in before that date, or within 5 business days of the
   last check-in, asks first (``check_in_warning``). The next check-in is never suggested
   before the check-in date, even after an early one. After 2 check-ins and 5 more business
   days without an answer, the card suggests recording "no response"; nothing is to be sent
   until it is (the final thank-you follows the outcome, rule 5).
5. Outcome: rejected -> ask for feedback, then a final thank-you; offer, withdrawn or no
   response -> a final thank-you and connect; still pending -> record the outcome. As with
   the thank-you, every interviewer gets a final thank-you: the card moves to Networked
   after the last of them, and its status line names who is left. These
   apply in any stage once an outcome is set, and count only this round's messages. Moving
   a card back to a stage before Outcome sets its outcome back to pending (``reopens_outcome``).
6. Networked is done.

Days are calendar (or Monday-to-Friday business) days in the user's zone, so a DST change
never moves a check-in date by an hour; the thank-you window is 24 real hours.

The package, one concern a module (everything is re-exported here, so ``rules.X`` works):

* ``round_history``: what this round's history says (messages sent and to whom, check-ins).
* ``due_dates``: when each letter is due and how far apart they go (rules 1, 3 and 4).
* ``next_action``: the next action per stage, the column order and the header's counts.
* ``guards``: what to ask first (a check-in too early), dates that cannot be right, and
  the first day a draft is right to send.
* ``stage_moves``: where a card moves by itself after an edit or a message.
"""

from __future__ import annotations

from tui.rules.due_dates import (
    CHECK_IN_GAP,
    CONNECT_AFTER_FEEDBACK,
    THANK_YOU_WINDOW,
    TIMELINE_QUESTION_WAIT,
    check_in_gap,
    follow_up_date,
    thank_you_due_at,
)
from tui.rules.guards import (
    check_in_warning,
    date_before_interview_problem,
    move_warning,
    not_before,
)
from tui.rules.next_action import (
    CHECK_INS_BEFORE_MOVING_ON,
    MESSAGE_KINDS,
    MESSAGE_LABELS,
    OVERDUE_AFTER,
    THANK_YOU_WARNING,
    NextAction,
    Severity,
    message_label,
    message_to_send,
    next_action,
    summary,
    todays_actions,
    urgency_key,
    urgency_keys,
)
from tui.rules.round_history import (
    PER_PERSON_KINDS,
    already_sent_to,
    cancelled_interview,
    how_many_left,
    interview_ends_at,
    next_recipient,
    reply_waiting,
    sent_this_round,
    this_round,
)
from tui.rules.stage_moves import reopens_outcome, stage_after_edit, stage_after_sent

__all__ = [
    "CHECK_INS_BEFORE_MOVING_ON",
    "CHECK_IN_GAP",
    "CONNECT_AFTER_FEEDBACK",
    "MESSAGE_KINDS",
    "MESSAGE_LABELS",
    "OVERDUE_AFTER",
    "PER_PERSON_KINDS",
    "THANK_YOU_WARNING",
    "THANK_YOU_WINDOW",
    "TIMELINE_QUESTION_WAIT",
    "NextAction",
    "Severity",
    "already_sent_to",
    "cancelled_interview",
    "check_in_gap",
    "check_in_warning",
    "date_before_interview_problem",
    "follow_up_date",
    "how_many_left",
    "interview_ends_at",
    "message_label",
    "message_to_send",
    "move_warning",
    "next_action",
    "next_recipient",
    "not_before",
    "reopens_outcome",
    "reply_waiting",
    "sent_this_round",
    "stage_after_edit",
    "stage_after_sent",
    "summary",
    "thank_you_due_at",
    "this_round",
    "todays_actions",
    "urgency_key",
    "urgency_keys",
]
