# sys.exit("text"): python3 writes the text to stderr and exits with status 1.
import sys

print("before")
sys.exit("giving up")
