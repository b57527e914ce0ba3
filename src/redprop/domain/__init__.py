"""The domain: vocabularies, validation, the case lifecycle and the services."""
