"""Portal data in JSON: the national portal's API responses and the files crawlers save.

``PortalJsonParser`` (``portal-json``) finds unit records by their fields wherever they sit
(:mod:`.walk`), reads the file's date, period and province (:mod:`.meta`), maps group codes to
component keys deciding ambiguous letters by magnitude (:mod:`idx766.group_codes`), identifies
units by the portal's code through the registry (:mod:`idx766.units.document`), builds scores,
changes, overdue counts and metrics (:mod:`.build`) and merges the repeats of one fact
(:mod:`idx766.merge`, the merge every format shares). Field names are the
:mod:`idx766.vocabulary`'s, which the table interpreter reads as column headers too.
"""

from idx766.parsers.portal.parser import PortalJsonParser

__all__ = ["PortalJsonParser"]
