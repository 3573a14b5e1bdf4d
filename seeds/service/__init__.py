"""The seeds services: generate a city, perturb it, import real retailers and orders."""

from seeds.service.imports import ImportReport, import_orders, import_retailers
from seeds.service.perturb import PerturbReport, perturb_city
from seeds.service.seed import SeedReport, seed_city

__all__ = [
    "ImportReport",
    "PerturbReport",
    "SeedReport",
    "import_orders",
    "import_retailers",
    "perturb_city",
    "seed_city",
]
