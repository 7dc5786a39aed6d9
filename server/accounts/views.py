from __future__ import annotations

from apiflask import Schema, fields
from apiflask.validators import Length
from flask import request

from server.accounts import service
from server.api.auth import auth, principals, require_principal
from server.api.base import api, now, ttl
from server.audit.service import sign_in_failed, signed_in
from server.errors import Unauthorized
from server.extensions import db
from server.security import limits, passwords, signin


class Credentials(Schema):
    username = fields.String(required=True, validate=Length(1, 80))
    password = fields.String(required=True, validate=Length(1, 200))


class Me(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    role = fields.String()
    center_ids = fields.List(fields.Integer())


class TokenOut(Schema):
    token = fields.String()
    expires_at = fields.String()
    user = fields.Nested(Me)


def _me(user) -> dict:
    return {"id": user.id, "username": user.username, "display_name": user.display_name,
            "role": user.role, "center_ids": user.center_ids}


@api.post("/auth/token")
@limits.per_address("RATELIMIT_LOGIN")
@api.input(Credentials, arg_name="body")
@api.output(TokenOut)
@api.doc(summary="Sign in: user name and password in, a bearer token out",
         description="Wrong passwords slow the account down: after a few, each further try "
                     "waits longer (429 until then), from the address that made them.",
         responses={200: "Signed in", 401: "Wrong user name or password",
                    429: "Too many tries: wait and try again"})
def auth_token(body: dict) -> dict:
    at = now()
    lifetime = ttl()
    username, throttle = body["username"], limits.signin_throttle()
    signin.check(throttle.storage, username=username, address=throttle.address)
    with db.read() as session:
        stored = service.password_hash_of(session=session, username=username)
    if not passwords.verify(stored, body["password"], threads=throttle.threads):
        signin.failed(throttle.storage, throttle.rules, username=username,
                      address=throttle.address)
        with db.transaction() as session:
            sign_in_failed(session, username, at, request.remote_addr)
        raise Unauthorized("Wrong user name or password.")
    signin.succeeded(throttle.storage, username=username, address=throttle.address)
    with db.transaction() as session:
        user, token = service.sign_in(session=session, username=username, now=at,
                                      ttl=lifetime)
        me = _me(user)
        signed_in(session, user, at)
    return {"token": token, "expires_at": (at + lifetime).isoformat(), "user": me}


@api.post("/auth/logout")
@api.auth_required(auth)
@api.doc(summary="Sign out: the bearer token stops working", responses={204: "Signed out"})
def auth_logout():
    token = request.headers.get("Authorization", "").partition(" ")[2].strip()
    with db.transaction() as session:
        service.revoke(session=session, token=token)
    principals.forget(token)
    return "", 204


@api.get("/auth/me")
@api.auth_required(auth)
@api.output(Me)
@api.doc(summary="Who the bearer token belongs to")
def auth_me() -> dict:
    who = require_principal()
    if who.user is None:
        return {"id": who.device.id, "username": who.device.name, "display_name": who.device.name,
                "role": "device", "center_ids": [who.device.center_id]}
    return {**_me(who.user), "center_ids": list(who.center_ids)}
