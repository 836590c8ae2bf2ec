"""The residents' side of the web app: the public report form and each resident's view of their case.

No accounts and no staff navigation. The report form is open to anyone (rate-limited, with a honeypot);
everything else is reached through a signed link (casework/residents/links.py). Pages work without
JavaScript and on a phone, like the staff pages.
"""
