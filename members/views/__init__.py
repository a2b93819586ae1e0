"""The members' pages, one module per area: members.py (list and detail), upkeep.py (add, edit,
move, leave, probation), orglife.py (organisational life and the cadre pipeline),
development.py (发展纪实 steps). urls.py imports the modules; nothing is re-exported here."""
