"""The draft folder: its TOML files, the journal that commits a save, change detection and
the lock that keeps a second writer out."""
