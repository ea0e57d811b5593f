#!/usr/bin/env python3
"""cputime.py — run a command, stdout to a file, and print its CPU time.

  cputime.py OUT ERR CMD [ARG...]

Runs CMD with stdout to OUT and stderr to ERR, then prints
`CPU_S <user+sys seconds>  EXIT <status>` from getrusage(RUSAGE_CHILDREN),
which the kernel keeps to the microsecond (/usr/bin/time rounds to 10 ms,
too coarse for a 0.05 s run).
"""
import resource
import subprocess
import sys


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(argv[0], "wb") as out, open(argv[1], "wb") as err:
        rc = subprocess.call(argv[2:], stdout=out, stderr=err)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print("CPU_S %.4f EXIT %d" % (cpu, rc))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
