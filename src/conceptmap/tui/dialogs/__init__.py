"""Modal dialogs: goal in words, glossary export."""
