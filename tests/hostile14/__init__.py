"""Attacks on the election-law work (issue 14): crafted pushes, hostile rules files, killed migrations, hostile stores under audit."""
