"""Profiles (姓名、职务、单位 of the server's accounts): `GET /api/v1/profile`, `PUT /api/v1/profile`
(only the caller's own), `GET /api/v1/profiles` (those the caller's client may print). What they
do is server.profiles; here are the routes and their shapes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from app import profile as rules
from server.problems import Problem
from server.profiles import ProfileBody, own, profile_object, put_own, visible
from server.routers.deps import Authenticated, Reading, Writing
from server.routers.schemas import AUTHENTICATED

router = APIRouter(prefix="/api/v1", tags=["profiles"], responses=AUTHENTICATED)


class Profile(BaseModel):
    user: str
    name: str
    title: str
    office: str
    version: int
    edited_at: str | None


class PutAnswer(BaseModel):
    applied: bool
    profile: Profile


class Profiles(BaseModel):
    profiles: list[Profile]


@router.get("/profile", response_model=Profile)
def get_profile(who: Authenticated, connection: Reading) -> JSONResponse:
    return JSONResponse(profile_object(own(connection, who.user_id)))


@router.put("/profile", response_model=PutAnswer)
def put_profile(body: Annotated[ProfileBody, Body()], who: Authenticated,
                connection: Writing) -> JSONResponse:
    refused = rules.problems(body.name, body.title, body.office)
    if refused:  # nothing changes; `problems` maps field → app.profile's code
        problem = Problem("profile_invalid", problems=refused,
                          detail=rules.ProfileError(refused).args[0])
        return JSONResponse({"error": problem.envelope()}, status_code=422)
    applied, row = put_own(connection, who.user_id, body)
    return JSONResponse({"applied": applied, "profile": profile_object(row)})


@router.get("/profiles", response_model=Profiles)
def get_profiles(who: Authenticated, connection: Reading) -> JSONResponse:
    rows = visible(connection, who)
    return JSONResponse({"profiles": [profile_object(row) for row in rows]})
