"""The members' front-office forms: upkeep.py (member upkeep), orglife.py (organisational life
and the cadre pipeline). Views import the modules; nothing is re-exported here."""
