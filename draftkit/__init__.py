"""draftkit: draft a model ordinance into local versions and show how each departs from the model."""

__version__ = "0.1.0"
