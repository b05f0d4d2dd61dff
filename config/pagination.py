"""The resource API's pages: DRF's `?page=N` pages of PAGE_SIZE, with a total `count`, which
a page that ends the list tells without a COUNT query."""

from __future__ import annotations

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from rest_framework.pagination import PageNumberPagination

# No list is this long: a page past it is judged by the count (404), never sent to the database
# as an offset it cannot hold (SQLite and PostgreSQL refuse offsets beyond 64 bits).
MAX_OFFSET = 2**31


class CountSparingPaginator(Paginator):
    """Django's paginator, reading the page first: a page shorter than a full one ends the list,
    so the total is its offset plus its length. Only a full page (or one past the end) counts."""

    def page(self, number) -> Page:
        if self.orphans:  # a short last page may borrow rows: leave that to Django's reckoning
            return super().page(number)
        number = self._checked_number(number)
        bottom = (number - 1) * self.per_page
        if bottom > MAX_OFFSET:
            return self._get_page([], self.validate_number(number), self)
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if len(rows) < self.per_page and (rows or number == 1):
            self.__dict__["count"] = bottom + len(rows)  # the cached_property, known now
            return self._get_page(rows, number, self)
        return self._get_page(rows, self.validate_number(number), self)

    def _checked_number(self, number) -> int:
        """`validate_number` without its upper bound, which needs the count."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number


class ApiPagination(PageNumberPagination):
    django_paginator_class = CountSparingPaginator
