"""The branches' pages: branches.py (branches, meetings, compliance, screening), records.py
(the record-book PDFs). urls.py imports the modules; nothing is re-exported here."""
