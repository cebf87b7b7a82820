"""Who signs: the signed-in person's profile (姓名、职务、单位) and the colleagues' ones.

Paper names a signer by their profile — "张三（龙城街道办事处党建指导员）" — never by the account
name (an OS login such as "root" or a server user name such as "zhangsan"). Profiles live in the
local `profiles` table keyed by user name (the `signer` a sign-off stores): the own one is edited
in settings and pushed at the next sync (`pending`), the colleagues' ones come down with sync
(app.sync.profiles). The same checks run here, in the settings dialog (field by field, by code)
and on the server (server/profiles.py), so a value refused anywhere is refused everywhere.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from app.errors import BadInput
from db.models import UserProfile
from db.types import utcnow

NAME_MIN, NAME_MAX = 2, 20
TEXT_MAX = 40  # 职务 and 单位
FIELDS = ("name", "title", "office")
MIDDLE_DOT = "·"
# Dots people type for the separator of a minority or foreign name: stored as the one "·".
_DOTS = str.maketrans({"・": MIDDLE_DOT, "•": MIDDLE_DOT, "‧": MIDDLE_DOT, "．": MIDDLE_DOT})

FIELD_LABELS_ZH = {"name": "姓名", "title": "职务", "office": "单位"}
# Why a value is refused: code → Chinese text ({max}/{min} filled in); the UI translates the same
# codes (ui/settings_dialog.py), the server answers them in its 422 body.
ERROR_TEXT_ZH = {
    "required": "必须填写",
    "length": "须为 {min} 至 {max} 个字",
    "chars": "只能由汉字、字母和间隔号“·”组成",
    "too_long": "不能超过 {max} 个字",
    "control": "含有不可见的控制字符",
}


@dataclass(frozen=True)
class Profile:
    """A user's profile as printed: `user` is the account name a sign-off stores as its signer."""

    user: str
    name: str
    title: str
    office: str

    @property
    def signer_text(self) -> str:
        """"张三（龙城街道办事处党建指导员）"; only the name when neither title nor office is set."""
        role = f"{self.office}{self.title}"
        return f"{self.name}（{role}）" if role else self.name


class ProfileError(BadInput):
    """A profile value refused (nothing was saved): `problems` maps field → code of ERROR_TEXT_ZH."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("；".join(f"{FIELD_LABELS_ZH[f]}：{error_text(c)}"
                                  for f, c in self.problems.items()))


def error_text(code: str) -> str:
    return ERROR_TEXT_ZH.get(code, code).format(min=NAME_MIN, max=NAME_MAX if code == "length"
                                                else TEXT_MAX)


def normalized(name: str, title: str, office: str) -> tuple[str, str, str]:
    """The values as stored: trimmed, NFC, the name's dots made "·"."""
    def tidy(value: str) -> str:
        return unicodedata.normalize("NFC", str(value)).strip()

    return tidy(name).translate(_DOTS), tidy(title), tidy(office)


def _has_control(text: str) -> bool:
    # Cc: control (NUL, newline, ESC…); Cf: invisible format marks (zero-width, bidi overrides);
    # Cs: lone surrogates; Zl/Zp: line and paragraph separators.
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in text)


def _name_char(ch: str) -> bool:
    return ch == MIDDLE_DOT or ch.isalpha()


def problems(name: str, title: str, office: str) -> dict[str, str]:
    """Field → error code for each refused value (empty when the profile may be saved)."""
    name, title, office = normalized(name, title, office)
    found: dict[str, str] = {}
    if _has_control(name):
        found["name"] = "control"
    elif not name:
        found["name"] = "required"
    elif not NAME_MIN <= len(name) <= NAME_MAX:
        found["name"] = "length"
    elif not all(_name_char(ch) for ch in name) or name[0] == MIDDLE_DOT or name[-1] == MIDDLE_DOT:
        found["name"] = "chars"
    for field, value in (("title", title), ("office", office)):
        if _has_control(value):
            found[field] = "control"
        elif len(value) > TEXT_MAX:
            found[field] = "too_long"
    return found


def checked(name: str, title: str, office: str) -> tuple[str, str, str]:
    """The normalized values, or ProfileError naming every refused one."""
    refused = problems(name, title, office)
    if refused:
        raise ProfileError(refused)
    return normalized(name, title, office)


def own_user(session: Session) -> str:
    """The account this store acts as: the server user once logged in, else the configured or OS
    user (app.session) — the same name its sign-offs store as their signer."""
    from app.session import ACTOR_SETTING, get_setting, local_actor

    return get_setting(session, ACTOR_SETTING) or local_actor()


def _as_profile(row: UserProfile | None) -> Profile | None:
    if row is None or not row.name:
        return None
    return Profile(row.user, row.name, row.title or "", row.office or "")


def profile_of(session: Session, user: str) -> Profile | None:
    """The profile kept here for `user` (own or a colleague's), None when none is known."""
    if not user:
        return None
    return _as_profile(session.get(UserProfile, user))


def own_profile(session: Session, *, user: str | None = None) -> Profile | None:
    """The signed-in person's profile; `user` names them when the caller knows better (the UI
    passes the store's actor, the name its sign-offs are signed with)."""
    return profile_of(session, user or own_user(session))


def display_signer(session: Session, user: str) -> str | None:
    """How paper names the signer `user`: "张三（龙城街道办事处党建指导员）", None when unknown
    (print a blank for a handwritten name then, never the account name)."""
    profile = profile_of(session, user)
    return profile.signer_text if profile else None


def save_own_profile(session: Session, name: str, title: str, office: str, *,
                     user: str | None = None) -> Profile:
    """Keep the own profile (refused whole with ProfileError when a value is wrong); it is sent to
    the server at the next sync. Saving the same values again changes nothing."""
    name, title, office = checked(name, title, office)
    user = user or own_user(session)
    row = session.get(UserProfile, user)
    if row is None:
        row = UserProfile(user=user, name=name, title=title, office=office, version=0,
                          pending=True, edited_at=utcnow())
        session.add(row)
    elif (row.name, row.title, row.office) != (name, title, office):
        row.name, row.title, row.office = name, title, office
        row.pending, row.edited_at = True, utcnow()
    session.flush()
    return Profile(user, name, title, office)


def keep_profile(session: Session, user: str, name: str, title: str, office: str,
                 version: int, *, edited_at: datetime | None = None) -> None:
    """Store a profile as the server has it (`version`), replacing any local one but a pending
    own edit (the sync decides about that one). Values are checked like a typed one: a refused
    value is not kept (BadInput)."""
    name, title, office = checked(name, title, office)
    row = session.get(UserProfile, user)
    if row is None:
        session.add(UserProfile(user=user, name=name, title=title, office=office,
                                version=version, pending=False, edited_at=edited_at))
    else:
        row.name, row.title, row.office = name, title, office
        row.version, row.pending, row.edited_at = version, False, edited_at


def carry_own_profile(session: Session, old_user: str, new_user: str) -> None:
    """At login the store starts acting as the server user: a profile typed before under the old
    name (the OS account) is copied to the new one, to be sent at the next sync — unless the new
    name already has one. The old one stays for the sign-offs made under that name."""
    if old_user == new_user or session.get(UserProfile, new_user) is not None:
        return
    old = session.get(UserProfile, old_user)
    if old is None or not old.name:
        return
    session.add(UserProfile(user=new_user, name=old.name, title=old.title, office=old.office,
                            version=0, pending=True, edited_at=old.edited_at or utcnow()))
    session.flush()


__all__ = [
    "ERROR_TEXT_ZH",
    "FIELD_LABELS_ZH",
    "Profile",
    "ProfileError",
    "carry_own_profile",
    "display_signer",
    "keep_profile",
    "own_profile",
    "own_user",
    "problems",
    "profile_of",
    "save_own_profile",
]
