"""Demo data for trying Casework locally (`casework demo`, run by `make run`). Never loaded outside DEBUG."""
