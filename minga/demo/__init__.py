"""The demo review that `make run` loads: realistic, fictional content and one account per persona.

Pure data here (``DEMO_ACCOUNTS`` is read by ``manage.py serve`` before Django loads models);
the loader is ``minga.demo.loader.load``.
"""

DEMO_PASSWORD = "minga-demo-2026"  # noqa: S105 - published demo password, demo accounts only
DEMO_DOMAIN = "demo.minga.example"

# (persona, e-mail, password)
DEMO_ACCOUNTS = [
    ("Migrant (Ana, pseudonym)", f"ana@{DEMO_DOMAIN}", DEMO_PASSWORD),
    ("CSO representative (Carla)", f"carla@{DEMO_DOMAIN}", DEMO_PASSWORD),
    ("Committee member (Rosa) — MFA: manage.py demo_code", f"rosa@{DEMO_DOMAIN}", DEMO_PASSWORD),
    ("UN delegate (Daniel) — MFA: manage.py demo_code", f"daniel@{DEMO_DOMAIN}", DEMO_PASSWORD),
    ("State focal point, Mexico (Marta) — must set up MFA", f"marta@{DEMO_DOMAIN}", DEMO_PASSWORD),
    (
        "State focal point, Honduras — MFA: manage.py demo_code",
        f"hn-focal@{DEMO_DOMAIN}",
        DEMO_PASSWORD,
    ),
    ("Follows Honduras (Gabriela, CSO)", f"gabriela@{DEMO_DOMAIN}", DEMO_PASSWORD),
    ("Outsider (Oscar)", f"oscar@{DEMO_DOMAIN}", DEMO_PASSWORD),
    (
        "Monitoring reviewer (Rafael) — MFA: manage.py demo_code; key backup "
        "var/demo-monitoring-reviewer-key.json, passphrase = the demo password",
        f"rafael@{DEMO_DOMAIN}",
        DEMO_PASSWORD,
    ),
    (
        "Monitoring reviewer (Lucía) — MFA: manage.py demo_code",
        f"lucia@{DEMO_DOMAIN}",
        DEMO_PASSWORD,
    ),
    ("Platform admin — MFA: manage.py demo_code", f"admin@{DEMO_DOMAIN}", DEMO_PASSWORD),
]
