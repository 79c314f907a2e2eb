"""Shared API pieces: pagination (the audit trail endpoint is sohoi.api_audit)."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 1000
# Far beyond any list, and small enough for every database's OFFSET.
MAX_OFFSET = 1_000_000_000


class Pagination(LimitOffsetPagination):
    """limit/offset: 100 rows by default, at most 1000 per request."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description="Số dòng tối đa (1–1000)")
        offset: int = Field(
            0, ge=0, le=MAX_OFFSET, description="Bỏ qua bao nhiêu dòng đầu (tối đa 1 tỷ)"
        )
