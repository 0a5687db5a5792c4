"""`python -m conceptmap` is the same as `conceptmap`."""

from conceptmap.cli import main

main()
