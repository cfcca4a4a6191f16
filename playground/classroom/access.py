"""Who may start, lead and join live sessions.

- **start**: instructors (of any course) and staff; a session tied to a
  course only by an instructor of that course (or staff).
- **lead** (drive playback, ask, reveal, end, open the projector): the
  session's instructor, any instructor of its course, and staff.
- **join**: in an *open* session anyone, anonymous visitors with a display
  name; in a closed session with a course, that course's members; in a
  closed session without a course, anyone logged in.

Anonymous participants are remembered in the Django session (the browser's
session cookie), under ``SESSION_KEY``: ``{code: participant id}``.
"""
from __future__ import annotations

from typing import Any

from playground.accounts.roles import AnyUser, is_admin, is_instructor, is_member
from playground.classroom.models import LiveSession, Participant

SESSION_KEY = "classroom_participants"


def can_start_sessions(user: AnyUser) -> bool:
    """Instructors of any course and staff."""
    return is_instructor(user)


def can_lead(user: AnyUser, session: LiveSession) -> bool:
    """The session's instructor, an instructor of its course, or staff."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.pk == session.instructor_id or is_admin(user):
        return True
    return session.course_id is not None and is_instructor(user, session.course_id)


def may_join(user: AnyUser, session: LiveSession) -> bool:
    """Whether ``user`` may join as a participant (see the module docstring)."""
    if session.open:
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    return session.course_id is None or is_member(user, session.course_id)


def display_name_of(user: AnyUser) -> str:
    """The name a logged-in participant appears under."""
    full = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return (full or user.get_username())[:40]


def remembered_participant_id(django_session: Any, code: str) -> int | None:
    """The anonymous participant this browser joined ``code`` as, if any."""
    if django_session is None:
        return None
    remembered = django_session.get(SESSION_KEY) or {}
    value = remembered.get(code) if isinstance(remembered, dict) else None
    return value if isinstance(value, int) else None


def remember_participant(django_session: Any, code: str, participant_id: int) -> None:
    """Remember in the browser's session that it joined ``code`` as ``participant_id``."""
    remembered = dict(django_session.get(SESSION_KEY) or {})
    remembered[code] = participant_id
    django_session[SESSION_KEY] = remembered


def participant_for(session: LiveSession, user: AnyUser, django_session: Any) -> Participant | None:
    """The participant this visitor joined ``session`` as, or None."""
    if user.is_authenticated:
        found = Participant.objects.filter(session=session, user_id=user.pk).first()
        if found is not None:
            return found
    pid = remembered_participant_id(django_session, session.code)
    if pid is None:
        return None
    found = Participant.objects.filter(session=session, pk=pid).first()
    # A remembered anonymous seat is not taken over by someone who logged in since.
    if found is not None and found.user_id is not None and found.user_id != user.pk:
        return None
    return found
