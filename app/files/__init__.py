"""Files read and written safely, for every layer that touches the disk: atomic writes,
reads of regular files only, TOML read with file, line and column in its errors, UTF-8
text read and cleaned of control characters. Imports nothing but `app.core`."""
