"""Portal data in JSON: the national portal's API responses and the files crawlers save.

``PortalJsonParser`` (``portal-json``) finds unit records by their fields wherever they sit
(:mod:`.walk`), reads the file's date, period and province (:mod:`.meta`), maps group codes to
component keys deciding ambiguous letters by magnitude (:mod:`.groups`), identifies units by the
portal's code through the registry (:mod:`.units`), builds scores, changes, overdue counts and
metrics (:mod:`.build`) and merges the repeats of one unit (:mod:`.merge`).
"""

from idx766.parsers.portal.parser import PortalJsonParser

__all__ = ["PortalJsonParser"]
