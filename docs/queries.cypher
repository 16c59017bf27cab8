// Example queries over a graph loaded with `graphkit load`.
// Each query starts with a `// name:` line and may set parameters with `:param` lines,
// exactly as cypher-shell and Neo4j Browser take them. tests/test_neo4j_backend.py runs every
// one against the loaded seeds and checks its answer against the seed files.

// name: who-reaches-a-dataset-on-a-date
// Parties that obtain IRS taxpayer addresses directly or through up to 4 agreements.
:param dataset => 'irs-taxpayer-addresses'
:param day => '2025-08-01'
MATCH (d:Dataset {id: $dataset})<-[:CUSTODIAN_OF]-(c:Party)
MATCH p = (c)-[rels:FLOWS*1..4]->(x:Party)
WHERE all(r IN rels WHERE $dataset IN r.datasets AND
          any(i IN range(0, coalesce(size(r.carry_from), 0) - 1)
              WHERE r.carry_from[i] <= $day AND $day < r.carry_until[i]))
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
RETURN x.name AS party, [r IN rels | r.agreement] AS agreements
ORDER BY size(agreements), party;

// name: what-a-party-reaches-directly
// Datasets flowing straight to ICE on a date, with the agreement.
:param party => 'ice'
:param day => '2025-08-01'
MATCH (src:Party)-[r:FLOWS]->(:Party {id: $party})
WHERE any(i IN range(0, coalesce(size(r.carry_from), 0) - 1)
          WHERE r.carry_from[i] <= $day AND $day < r.carry_until[i])
UNWIND r.datasets AS dataset
RETURN dataset, src.name AS from, r.agreement AS agreement
ORDER BY dataset, agreement;

// name: agreements-by-status-on-a-date
// The status of every agreement on a date, as `graphkit stats --as-of` counts them: each
// agreement has one IN_STATE loop per stretch of its timeline, and one holds the day
// (`not_started`, `expired`, `uncertain` and `undated` included).
:param day => '2025-12-15'
MATCH (a:Agreement)-[s:IN_STATE]->(a)
WHERE s.from <= $day < s.to
RETURN s.status AS status, count(*) AS agreements, collect(a.id)[..5] AS examples
ORDER BY agreements DESC, status;

// name: agreements-in-force-on-a-date
// Agreements under which data flows on a date (those `graphkit reach` follows then).
:param day => '2025-08-01'
MATCH (a:Agreement)-[s:IN_STATE]->(a)
WHERE s.from <= $day < s.to AND s.carries
RETURN a.id AS agreement, s.status AS status, s.from AS since
ORDER BY agreement;

// name: agreements-that-changed-status-in-a-period
// The stretches of agreements' timelines that begin between two dates.
:param from => '2025-07-01'
:param to => '2026-01-31'
MATCH (a:Agreement)-[s:IN_STATE]->(a)
WHERE $from < s.from <= $to
RETURN s.from AS day, a.id AS agreement, s.status AS status, s.carries AS in_force
ORDER BY day, agreement;

// name: enjoined-or-rescinded-agreements
// Agreements a court enjoined or a party rescinded at some point, with the date.
MATCH (a:Agreement)
UNWIND range(0, coalesce(size(a.status_values), 0) - 1) AS i
WITH a, i WHERE a.status_values[i] IN ['enjoined', 'rescinded', 'suspended', 'paused']
RETURN a.name AS agreement, a.status_values[i] AS status, a.status_dates[i] AS date
ORDER BY date;

// name: vendors-by-reported-value
// The largest amount reported for each vendor's agreements (amounts are as reported;
// sources may disagree: see `graphkit show`).
MATCH (v:Vendor)-[:PARTY_TO]->(a:Agreement)
WHERE size(a.amount_values) > 0
UNWIND range(0, coalesce(size(a.amount_values), 0) - 1) AS i
WITH v, a, a.amount_values[i] AS value, a.amount_kinds[i] AS kind, a.amount_currencies[i] AS cur
WHERE cur = 'USD'
RETURN v.name AS vendor, max(value) AS largest_usd, count(DISTINCT a) AS agreements
ORDER BY largest_usd DESC;

// name: paths-between-two-parties
// Every chain of agreements from NCTUE to ICE, whatever the date.
:param from => 'nctue'
:param to => 'ice'
MATCH p = (:Party {id: $from})-[rels:FLOWS*1..4]->(:Party {id: $to})
WHERE all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
RETURN [n IN nodes(p) | n.name] AS parties, [r IN rels | r.agreement] AS agreements;

// name: what-changed-between-two-dates
// Agreements whose status changed between two dates.
:param from => '2025-07-01'
:param to => '2026-01-31'
MATCH (a:Agreement)
UNWIND range(0, coalesce(size(a.status_starts), 0) - 1) AS i
WITH a, i WHERE $from < a.status_starts[i] AND a.status_starts[i] <= $to
RETURN a.status_dates[i] AS date, a.name AS agreement, a.status_values[i] AS status
ORDER BY a.status_starts[i], agreement;

// name: custodians-and-derived-datasets
// Datasets derived from others, with who holds each.
MATCH (d:Dataset)-[:DERIVED_FROM]->(o:Dataset)
MATCH (c:Party)-[:CUSTODIAN_OF]->(d)
RETURN d.name AS derived, o.name AS from_dataset, c.name AS held_by;

// name: sources-of-an-agreement
// Every source an agreement cites, with the URL.
:param id => 'irs-ice-mou-2025'
MATCH (:Agreement {id: $id})-[:CITES]->(s:Source)
RETURN s.publisher AS publisher, s.title AS title, s.date AS date, s.url AS url
ORDER BY date;

// name: parties-by-number-of-agreements
// Who takes part in the most agreements, and in which roles.
MATCH (p:Party)-[r:PARTY_TO]->(a:Agreement)
RETURN p.name AS party, count(DISTINCT a) AS agreements, collect(DISTINCT r.role) AS roles
ORDER BY agreements DESC, party
LIMIT 15;

// name: intermediaries-and-resellers
// Data that passes through a network or a reseller on its way.
MATCH (s:Party)-[r:FLOWS]->(t:Party)
WHERE size(r.via) > 0
UNWIND r.via AS via
MATCH (v:Party {id: via})
RETURN v.name AS through, s.name AS from, t.name AS to, r.agreement AS agreement
ORDER BY through, agreement;

// name: components-of-an-agency
// An agency and its components, through PART_OF.
:param id => 'dhs'
MATCH (c:Party)-[:PART_OF*0..]->(:Party {id: $id})
RETURN c.id AS id, c.name AS name
ORDER BY id;
