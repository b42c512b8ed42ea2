# A standard-library module the interpreter does not have: one line, exit 2,
# before anything runs (Python would import it: no ModuleNotFoundError).
import asyncio
print("not reached")
from argparse import ArgumentParser
