"""``python -m polevent`` runs the command line."""

from polevent.cli import main

main()
