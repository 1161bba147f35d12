"""Stub: filled in by the issue-7 work."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
