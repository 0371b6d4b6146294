"""The agreed-language checker's labelled set: generator, data and scoring."""
