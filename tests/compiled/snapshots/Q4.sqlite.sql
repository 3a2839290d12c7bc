-- compiled read (sqlite) of Q4
WITH page1 AS (SELECT officer.id AS pk, officer.gid AS c0, officer.detective AS c1, officer.rank AS c2, officer.force_id AS c3, row_number() OVER (ORDER BY officer.gid, officer.id) AS rn 
FROM officer JOIN force AS officer_force ON officer_force.id = officer.force_id 
WHERE officer.force_id IN (SELECT force.id 
FROM force 
WHERE force.code IN (CAST(:p0 AS TEXT))) AND officer.id IN (SELECT officer_capability.officer_id 
FROM officer_capability 
WHERE officer_capability.capability_id IN (SELECT capability.id 
FROM capability 
WHERE capability.code IN (CAST(:p1 AS TEXT)))) AND (officer.gid, officer.id) > ((SELECT officer.gid 
FROM officer JOIN force AS officer_force ON officer_force.id = officer.force_id 
WHERE officer.id = CAST(:p2 AS INTEGER)), CAST(:p2 AS INTEGER)) ORDER BY officer.gid, officer.id
 LIMIT CAST(:p3 AS INTEGER) + 1 OFFSET 0) SELECT json_object('officers', json_object('nodes', json((SELECT json_group_array(json(json_object('id', s1.c0, 'detective', json(CASE WHEN s1.c1 IS NULL THEN NULL WHEN s1.c1 THEN 'true' ELSE 'false' END), 'rank', (CASE s1.c2 WHEN 'PC' THEN json('{"code"\:"PC"}') WHEN 'SGT' THEN json('{"code"\:"SGT"}') WHEN 'INSP' THEN json('{"code"\:"INSP"}') WHEN 'CI' THEN json('{"code"\:"CI"}') WHEN 'SUPT' THEN json('{"code"\:"SUPT"}') WHEN 'CHSUPT' THEN json('{"code"\:"CHSUPT"}') WHEN 'ACC' THEN json('{"code"\:"ACC"}') WHEN 'CMDR' THEN json('{"code"\:"CMDR"}') WHEN 'DCC' THEN json('{"code"\:"DCC"}') WHEN 'DAC' THEN json('{"code"\:"DAC"}') WHEN 'CC' THEN json('{"code"\:"CC"}') WHEN 'AC' THEN json('{"code"\:"AC"}') WHEN 'DEPCOMM' THEN json('{"code"\:"DEPCOMM"}') WHEN 'COMM' THEN json('{"code"\:"COMM"}') ELSE NULL END), 'force', json((SELECT json_object('code', s2.c0) FROM (SELECT force.id AS pk, force.code AS c0 
FROM force 
WHERE force.id = s1.c3) AS s2)), 'capabilities', json((SELECT json_group_array(json(json_object('code', s3.c0))) FROM (SELECT capability.id AS pk, capability.code AS c0, capability.code AS o0, capability.id AS o1 
FROM capability JOIN officer_capability ON officer_capability.capability_id = capability.id 
WHERE officer_capability.officer_id = s1.pk ORDER BY capability.code, capability.id
 LIMIT -1 OFFSET 0) AS s3))))) FROM (SELECT * FROM page1 WHERE rn <= CAST(:p3 AS INTEGER) ORDER BY rn LIMIT -1) AS s1)), 'pageInfo', json_object('hasNextPage', json(CASE WHEN ((SELECT count(*) FROM page1) > CAST(:p3 AS INTEGER)) IS NULL THEN NULL WHEN ((SELECT count(*) FROM page1) > CAST(:p3 AS INTEGER)) THEN 'true' ELSE 'false' END), 'endCursor', (SELECT hub_cursor('ID', 0, s1.pk) FROM page1 AS s1 WHERE rn <= CAST(:p3 AS INTEGER) ORDER BY rn DESC LIMIT 1)))) AS data
-- :p0 <- leaf $force as text
-- :p1 <- leaf $capability as text
-- :p2 <- cursor $after
-- :p3 <- page_size 100
