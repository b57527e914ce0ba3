"""Pydantic models for records entered by the less frequent ``add`` commands.

Field validators reuse ``validate`` and raise ``InvalidInput`` naming the CLI
option, which pydantic lets through unchanged. ``case add`` does not use these:
it runs on the start-up-sensitive path (see README, "Speed").
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError

from redprop.domain import validate, vocab
from redprop.errors import InvalidInput


def _text(option: str, max_len: int = validate.MAX_NAME, required: bool = False) -> Any:
    def check(v: str | None) -> str | None:
        return validate.text(option, v, max_len=max_len, required=required)

    return BeforeValidator(check)


def _vocab(option: str, v: vocab.Vocab) -> Any:
    return AfterValidator(lambda value: v.parse(value, option))


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SiteIn(_In):
    code: Annotated[str, AfterValidator(lambda v: validate.site_code("CODE", v))]
    name: Annotated[str, _text("--name", required=True)]
    community: Annotated[str | None, _text("--community")] = None
    street: Annotated[str | None, _text("--street")] = None
    district: Annotated[str | None, _text("--district")] = None
    company: Annotated[str | None, _text("--company")] = None
    housing: Annotated[str, _vocab("--housing", vocab.HOUSING)] = "commercial"
    level: Annotated[str, _vocab("--level", vocab.DEMO_LEVEL)] = "none"
    level_year: int | None = None


class PersonIn(_In):
    name: Annotated[str, _text("--name", required=True)]
    unit: Annotated[str | None, AfterValidator(lambda v: validate.unit("--unit", v))] = None
    phone: Annotated[str | None, AfterValidator(lambda v: validate.phone("--phone", v))] = None
    party_member: bool = False
    kind: Annotated[str, _vocab("--kind", vocab.PERSON_KIND)] = "individual"


class MediatorIn(_In):
    party_branch: Annotated[str | None, _text("--party-branch")] = None
    title: Annotated[str, _vocab("--title", vocab.MEDIATOR_TITLE)] = "party-member"


class CategoryIn(_In):
    key: Annotated[str, AfterValidator(lambda v: _category_key(v))]
    zh: Annotated[str, _text("--label", max_len=20, required=True)]
    en: Annotated[str | None, _text("--label-en", max_len=40)] = None
    stat_type: Annotated[str, _vocab("--stat-type", vocab.STAT_TYPE)] = "other"


def _category_key(value: str) -> str:
    v = value.strip().lower()
    if not v or len(v) > 30 or not all(c.isascii() and (c.isalnum() or c == "-") for c in v):
        raise InvalidInput("KEY", f"{value!r} is not a key; use lower-case letters, digits and '-'")
    return v


def build(model: type[_In], **values: Any) -> Any:
    """Validate ``values`` into ``model``; pydantic's own type errors become InvalidInput."""
    try:
        return model(**values)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = "--" + str(err["loc"][0]).replace("_", "-") if err["loc"] else model.__name__
        raise InvalidInput(field, err["msg"]) from None
