"""An agency as its agency.yaml describes it: its name, its kind (department | government), its website."""

from __future__ import annotations

import os
from dataclasses import dataclass

import yaml

from govreport.errors import DataValidationError, Problem
from govreport.inputs.params import load_yaml
from govreport.inputs.project import MAX_TEXT_BYTES, Project, read_bytes
from govreport.messages import msg

AGENCY_KINDS = ("department", "government")
AGENCY_KEYS = ("name", "kind", "website")


@dataclass(frozen=True)
class Agency:
    slug: str
    name: str
    kind: str
    website: str | None = None


def load_agency(project: Project, slug: str) -> Agency:
    """The agency's agency.yaml (name, kind, website), every problem at once."""
    path = project.agency_dir(slug) / "agency.yaml"
    where = project.relative(path)
    if not os.path.lexists(path):
        raise DataValidationError([Problem(where, msg("agency.missing"))])
    path = project.readable(path)
    try:
        raw = load_yaml(path, read_bytes(path, where, MAX_TEXT_BYTES))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataValidationError([Problem(where, msg("agency.not-yaml", error=str(exc)))]) from None
    if not isinstance(raw, dict):
        raise DataValidationError([Problem(where, msg("agency.not-mapping"))])
    problems = [
        Problem(where, msg("keys.unknown", key=repr(key), keys=AGENCY_KEYS)) for key in raw if key not in AGENCY_KEYS
    ]
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem(where, msg("agency.name", name=repr(name))))
    if raw.get("kind") not in AGENCY_KINDS:
        problems.append(Problem(where, msg("agency.kind", kind=repr(raw.get("kind")), kinds=AGENCY_KINDS)))
    website = raw.get("website")
    if website is not None and not isinstance(website, str):
        problems.append(Problem(where, msg("agency.website", website=repr(website))))
    if problems:
        raise DataValidationError(problems)
    return Agency(slug=slug, name=name.strip(), kind=raw["kind"], website=website)
