import sys

from bench.large_org.cli import main

sys.exit(main())
