"""The weekly report written from data: the document officers type by hand today."""
