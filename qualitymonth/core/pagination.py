"""API list pages whose limit and offset stay within what a database can count to."""

from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination

# Far beyond any list here, far below the 2**63 that SQLite and PostgreSQL refuse with a 500.
MAX_OFFSET = 10_000_000


class BoundedPages(LimitOffsetPagination):
    """A larger limit or offset is a 422 naming the parameter, not a 500."""

    class Input(Schema):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=MAX_OFFSET)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class LazyList:
    """A queryset the paginator slices before each row is turned into output."""

    def __init__(self, queryset, convert):
        self.queryset, self.convert = queryset, convert

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.convert(row) for row in self.queryset[index]]
        return self.convert(self.queryset[index])
