"""Configuration: provinsi.yaml and profil.yaml as typed settings, the safe YAML reader, slugs."""
