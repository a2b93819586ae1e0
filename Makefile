# Shortcuts; the README's two commands (bash setup.sh run|test) need no make.
.PHONY: run test lint messages
run:
	bash setup.sh run
test:
	bash setup.sh test
lint:
	.venv/bin/ruff format --check .
	.venv/bin/ruff check .
	.venv/bin/djhtml --check templates
	.venv/bin/python manage.py makemigrations --check --dry-run
messages:
	.venv/bin/python manage.py makemessages -l zh_Hans --no-location --no-obsolete --ignore=.venv --ignore=tests
