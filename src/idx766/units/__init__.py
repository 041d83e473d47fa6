"""Units: the registry of provinces, agencies, districts and communes, and name resolution.

>>> from idx766.units import default_registry, resolve
>>> resolve(default_registry(), "UBND xã Phụng Tiến").unit.key    # doctest: +SKIP
'thai-nguyen/xa-phuong-tien'
"""

from idx766.units.names import NameParts, iy_key, split_name
from idx766.units.registry import COLUMNS, Registry, RegistryUnit, default_registry, slug
from idx766.units.resolve import Candidate, Resolution, resolve

__all__ = [
    "COLUMNS",
    "Candidate",
    "NameParts",
    "Registry",
    "RegistryUnit",
    "Resolution",
    "default_registry",
    "iy_key",
    "resolve",
    "slug",
    "split_name",
]
