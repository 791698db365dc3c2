"""Binds every feature file to pytest; each scenario runs once per driver given by --driver."""

import pytest
from pytest_bdd import scenarios

pytestmark = pytest.mark.usefixtures("driver_name")

scenarios("app_review")
scenarios("conformance")
