"""A seeded city shared by a module's account tests, and the staff members they link to."""

from __future__ import annotations

import pytest

from seeds.city import City


@pytest.fixture(scope="module")
def lead_no(tiny_city: City, first_area: str) -> str:
    """The employee number of the first area's lead."""
    return tiny_city.staffing.leads[first_area]
