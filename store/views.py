"""The views of the database contract, as each schema version (re)defines them.

A migration never changes once shipped, so each version's text stays here
under its own name; ``store.schema`` runs it in that version's migration. The
columns computed by an expression are typed (``CAST``), as the columns they read
are, so that a client comparing them with a value of another type, as
Datasette's filters do (``overdue = '1'``), gets SQLite's numeric comparison
rather than none at all. (A CAST on a column the queries filter on would stop
SQLite using its index, so plain columns are left as they are: they keep their
table's type.)

Version 7:

* ``outstanding_actions`` gains ``target_unreadable`` (a target as written that
  could not be read as a date or a status: such an action is open but cannot
  be judged overdue, and is listed, never dropped);
* ``recommendation_progress`` dates a judgement by its IRP report's
  ``published``, or, for one recorded by hand, by ``judged_on`` (the day the
  judgement was made, as the reviewer gave it; never the moment it was typed
  in). The latest judgement is the one with the latest date (undated ones
  last), then a confirmed link before an unconfirmed one, then the later
  record. Its ``link_confirmed`` and ``link_score`` say how far the link from
  the recommendation to that judgement can be trusted.
"""

from __future__ import annotations

OUTSTANDING_ACTIONS_V1 = """
CREATE VIEW outstanding_actions AS
SELECT
    d.id AS document_id,
    d.establishment,
    r.rec_no,
    r.id AS recommendation_id,
    a.id AS action_id,
    a.owner,
    a.target,
    a.target_date,
    CASE WHEN a.target_date IS NOT NULL AND a.target_date < date('now') THEN 1 ELSE 0 END
        AS overdue,
    r.agreement,
    a.position AS action_position,
    a.text AS action_text,
    r.recommendation,
    r.concern,
    d.published,
    r.review_status
FROM actions a
JOIN recommendations r ON r.id = a.recommendation_id
JOIN documents d ON d.id = r.document_id
WHERE a.status = 'open'
  AND (r.agreement IN ('Agreed', 'Partly Agreed')
       -- plans in the concerns layout (2023+) print no agreement column: every
       -- concern there is answered with actions, so its open actions are outstanding
       OR (r.agreement IS NULL AND d.layout = 'concerns_table'))
  AND r.review_status != 'rejected'
"""

RECOMMENDATION_PROGRESS_V3 = """
CREATE VIEW recommendation_progress AS
WITH dated AS (
    SELECT
        l.recommendation_id,
        l.judgement_id,
        l.score,
        l.confirmed,
        j.judgement,
        j.inspectorate,
        j.document_id AS judgement_document_id,
        -- an IRP judgement is dated by its report; one recorded by hand by when it was
        COALESCE(
            jd.published,
            j.recorded_at,
            (SELECT MAX(e.at) FROM edits e
             WHERE e.table_name = 'judgements' AND e.row_id = j.id)
        ) AS judged_at
    FROM judgement_links l
    JOIN judgements j ON j.id = l.judgement_id
    LEFT JOIN documents jd ON jd.id = j.document_id
    WHERE j.review_status != 'rejected'
),
ranked AS (
    SELECT dated.*, ROW_NUMBER() OVER (
        PARTITION BY recommendation_id
        ORDER BY judged_at IS NULL, judged_at DESC, confirmed DESC, score DESC,
                 judgement_id DESC
    ) AS rank
    FROM dated
)
SELECT
    r.id AS recommendation_id,
    r.document_id,
    d.establishment,
    d.published AS plan_published,
    r.rec_no,
    r.agreement,
    (SELECT COUNT(*) FROM actions a WHERE a.recommendation_id = r.id AND a.status = 'open')
        AS open_actions,
    (SELECT COUNT(*) FROM actions a WHERE a.recommendation_id = r.id) AS total_actions,
    k.judgement AS latest_judgement,
    k.inspectorate AS judgement_inspectorate,
    k.judged_at AS judgement_date,
    k.judgement_id,
    k.judgement_document_id,
    k.score AS link_score,
    k.confirmed AS link_confirmed,
    r.position,
    r.review_status
FROM recommendations r
JOIN documents d ON d.id = r.document_id
LEFT JOIN ranked k ON k.recommendation_id = r.id AND k.rank = 1
WHERE r.review_status != 'rejected'
"""

OUTSTANDING_ACTIONS_V7 = """
CREATE VIEW outstanding_actions AS
SELECT
    d.id AS document_id,
    d.establishment,
    r.rec_no,
    r.id AS recommendation_id,
    a.id AS action_id,
    a.owner,
    a.target,
    a.target_date,
    CAST(CASE WHEN a.target_date IS NOT NULL AND a.target_date < date('now') THEN 1 ELSE 0 END
         AS INTEGER) AS overdue,
    r.agreement,
    a.position AS action_position,
    a.text AS action_text,
    r.recommendation,
    r.concern,
    d.published,
    r.review_status,
    a.target_unreadable AS target_unreadable
FROM actions a
JOIN recommendations r ON r.id = a.recommendation_id
JOIN documents d ON d.id = r.document_id
WHERE a.status = 'open'
  AND (r.agreement IN ('Agreed', 'Partly Agreed')
       -- plans in the concerns layout (2023+) print no agreement column: every
       -- concern there is answered with actions, so its open actions are outstanding
       OR (r.agreement IS NULL AND d.layout = 'concerns_table'))
  AND r.review_status != 'rejected'
"""

RECOMMENDATION_PROGRESS_V7 = """
CREATE VIEW recommendation_progress AS
WITH dated AS (
    SELECT
        l.recommendation_id,
        l.judgement_id,
        l.score,
        l.confirmed,
        j.judgement,
        j.inspectorate,
        j.document_id AS judgement_document_id,
        COALESCE(jd.published, j.judged_on) AS judged_at
    FROM judgement_links l
    JOIN judgements j ON j.id = l.judgement_id
    LEFT JOIN documents jd ON jd.id = j.document_id
    WHERE j.review_status != 'rejected'
),
ranked AS (
    SELECT dated.*, ROW_NUMBER() OVER (
        PARTITION BY recommendation_id
        ORDER BY judged_at IS NULL, judged_at DESC, confirmed DESC, judgement_id DESC
    ) AS rank
    FROM dated
)
SELECT
    r.id AS recommendation_id,
    r.document_id AS document_id,
    d.establishment,
    d.published AS plan_published,
    r.rec_no,
    r.agreement,
    CAST((SELECT COUNT(*) FROM actions a WHERE a.recommendation_id = r.id AND a.status = 'open')
         AS INTEGER) AS open_actions,
    CAST((SELECT COUNT(*) FROM actions a WHERE a.recommendation_id = r.id) AS INTEGER)
        AS total_actions,
    k.judgement AS latest_judgement,
    k.inspectorate AS judgement_inspectorate,
    k.judged_at AS judgement_date,
    k.judgement_id AS judgement_id,
    k.judgement_document_id AS judgement_document_id,
    k.score AS link_score,
    k.confirmed AS link_confirmed,
    r.position AS position,
    r.review_status
FROM recommendations r
JOIN documents d ON d.id = r.document_id
LEFT JOIN ranked k ON k.recommendation_id = r.id AND k.rank = 1
WHERE r.review_status != 'rejected'
"""

# Version 8: ``repeat_chains``, one row per repeat link (neither side rejected) with
# both recommendations and their plans, and where the link stands in its chain.
# ``chain_start_id`` is the chain's first recommendation, followed back through every
# earlier link between records not rejected (the lowest id where links branch);
# ``link_position`` counts the links back to it along the longest way, so 1 is the link
# to the first recommendation. Recursion stops at 100 links, so a loop of links made by
# hand cannot run forever. A plan's year is ``store.plan_dates.plan_date``'s: of
# ``published``, else ``submitted``, else the latest year its inspection's dates name
# (a 19xx or 20xx standing alone: no ASCII letter, digit or _ either side), as
# tests/store/test_plan_year_sql.py keeps them.
_PLAN_YEAR = """COALESCE(
        CAST(substr(COALESCE(NULLIF({d}.published, ''), NULLIF({d}.submitted, '')), 1, 4)
            AS INTEGER),
        (WITH RECURSIVE at(i) AS (
            SELECT 1 UNION ALL SELECT i + 1 FROM at WHERE i < length({d}.inspection) - 3)
         SELECT MAX(CAST(substr({d}.inspection, i, 4) AS INTEGER)) FROM at
         WHERE (substr({d}.inspection, i, 4) GLOB '19[0-9][0-9]'
                OR substr({d}.inspection, i, 4) GLOB '20[0-9][0-9]')
             AND substr({d}.inspection, i - 1, 1) NOT GLOB '[0-9A-Za-z_]'
             AND substr({d}.inspection, i + 4, 1) NOT GLOB '[0-9A-Za-z_]'))"""
# A live repeat link: neither of its recommendations (``r`` the later, ``e`` the earlier)
# rejected as a parsing artefact. The view below and every report reading repeat links (the
# prison's chains, the establishments' ranking, the stats' counts) go by it:
# ``SELECT l.… {LIVE_REPEAT_LINKS} [AND …]``. Both are version 8's migration text, which
# never changes once shipped (tests/store/test_live_repeat_links.py holds it): another
# meaning of "live" needs a new schema version, whose view and readers say it anew.
LIVE_REPEAT_LINK_ENDS = "r.review_status != 'rejected' AND e.review_status != 'rejected'"
LIVE_REPEAT_LINKS = f"""FROM repeat_links l
JOIN recommendations r ON r.id = l.recommendation_id
JOIN recommendations e ON e.id = l.earlier_recommendation_id
WHERE {LIVE_REPEAT_LINK_ENDS}"""
_LIVE_IN_CTE = LIVE_REPEAT_LINKS.replace("\n", "\n    ")  # indented, as the view has it
REPEAT_CHAINS_V8 = f"""
CREATE VIEW repeat_chains AS
WITH RECURSIVE live(recommendation_id, earlier_recommendation_id) AS (
    SELECT l.recommendation_id, l.earlier_recommendation_id
    {_LIVE_IN_CTE}
),
back(recommendation_id, earlier_recommendation_id, node, depth) AS (
    SELECT recommendation_id, earlier_recommendation_id, earlier_recommendation_id, 1
    FROM live
    UNION
    SELECT b.recommendation_id, b.earlier_recommendation_id, l.earlier_recommendation_id,
        b.depth + 1
    FROM back b JOIN live l ON l.recommendation_id = b.node
    WHERE b.depth < 100
),
placed AS (
    SELECT recommendation_id, earlier_recommendation_id, MIN(node) AS chain_start_id,
        MAX(depth) AS link_position
    FROM back b
    WHERE NOT EXISTS (SELECT 1 FROM live x WHERE x.recommendation_id = b.node)
    GROUP BY recommendation_id, earlier_recommendation_id
)
SELECT
    d.establishment,
    CAST(p.chain_start_id AS INTEGER) AS chain_start_id,
    CAST(p.link_position AS INTEGER) AS link_position,
    l.recommendation_id,
    r.document_id AS document_id,
    d.published AS plan_published,
    CAST({_PLAN_YEAR.format(d="d")} AS INTEGER) AS plan_year,
    r.rec_no,
    r.ref,
    r.repeated_ref,
    r.agreement,
    l.earlier_recommendation_id,
    e.document_id AS earlier_document_id,
    ed.published AS earlier_plan_published,
    CAST({_PLAN_YEAR.format(d="ed")} AS INTEGER) AS earlier_plan_year,
    e.rec_no AS earlier_rec_no,
    e.ref AS earlier_ref,
    e.agreement AS earlier_agreement,
    l.score,
    l.confirmed,
    l.method
FROM repeat_links l
JOIN recommendations r ON r.id = l.recommendation_id
JOIN documents d ON d.id = r.document_id
JOIN recommendations e ON e.id = l.earlier_recommendation_id
JOIN documents ed ON ed.id = e.document_id
LEFT JOIN placed p ON p.recommendation_id = l.recommendation_id
    AND p.earlier_recommendation_id = l.earlier_recommendation_id
WHERE {LIVE_REPEAT_LINK_ENDS}
"""
