"""Organisations: who is on the site under which name, and the other spellings lists use."""
