"""`conceptmap export ...`: glossary, learning paths and graph pictures (see conceptmap.export)."""
