"""The Textual TUI: a thin layer over the core (conceptmap.session); no graph logic here."""
