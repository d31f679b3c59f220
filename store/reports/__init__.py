"""What people read out of the database.

* ``stats`` — counts by establishment, status, agreement and judgement;
* ``latest_plan`` — an establishment's action plans, latest first (the order
  ``outstanding`` and the ranking take their latest plan by);
* ``outstanding`` — a prison's open actions from its latest plan, overdue
  against a given day, with the establishment name matched forgivingly;
* ``export`` — a consistent snapshot handed on as SQLite, a CSV folder or JSON,
  with Datasette metadata; its filter, writers and file placement in the
  ``export_*`` modules beside it (``export_select``: only some documents,
  whole, for one reviewer of a team to take away and merge back).
"""
