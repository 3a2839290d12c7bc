-- compiled read (postgresql) of Q4
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
 LIMIT CAST(:p3 AS INTEGER) + 1) SELECT CAST(json_build_object('officers', json_build_object('nodes', (SELECT coalesce(json_agg(json_build_object('id', s1.c0, 'detective', s1.c1, 'rank', (CASE s1.c2 WHEN 'PC' THEN '{"code"\:"PC"}'::json WHEN 'SGT' THEN '{"code"\:"SGT"}'::json WHEN 'INSP' THEN '{"code"\:"INSP"}'::json WHEN 'CI' THEN '{"code"\:"CI"}'::json WHEN 'SUPT' THEN '{"code"\:"SUPT"}'::json WHEN 'CHSUPT' THEN '{"code"\:"CHSUPT"}'::json WHEN 'ACC' THEN '{"code"\:"ACC"}'::json WHEN 'CMDR' THEN '{"code"\:"CMDR"}'::json WHEN 'DCC' THEN '{"code"\:"DCC"}'::json WHEN 'DAC' THEN '{"code"\:"DAC"}'::json WHEN 'CC' THEN '{"code"\:"CC"}'::json WHEN 'AC' THEN '{"code"\:"AC"}'::json WHEN 'DEPCOMM' THEN '{"code"\:"DEPCOMM"}'::json WHEN 'COMM' THEN '{"code"\:"COMM"}'::json ELSE NULL END), 'force', (SELECT json_build_object('code', s2.c0) FROM (SELECT force.id AS pk, force.code AS c0 
FROM force 
WHERE force.id = s1.c3) AS s2), 'capabilities', (SELECT coalesce(json_agg(json_build_object('code', s3.c0) ORDER BY s3.o0, s3.o1), '[]'::json) FROM (SELECT capability.id AS pk, capability.code AS c0, capability.code AS o0, capability.id AS o1 
FROM capability JOIN officer_capability ON officer_capability.capability_id = capability.id 
WHERE officer_capability.officer_id = s1.pk ORDER BY capability.code, capability.id) AS s3)) ORDER BY s1.rn), '[]'::json) FROM (SELECT * FROM page1 WHERE rn <= CAST(:p3 AS INTEGER) ORDER BY rn ) AS s1), 'pageInfo', json_build_object('hasNextPage', ((SELECT count(*) FROM page1) > CAST(:p3 AS INTEGER)), 'endCursor', (SELECT rtrim(translate(encode(convert_to('["ID",false,' || s1.pk || ']', 'UTF8'), 'base64'), E'+/\n', '-_'), '=') FROM page1 AS s1 WHERE rn <= CAST(:p3 AS INTEGER) ORDER BY rn DESC LIMIT 1)))) AS text) AS data
-- :p0 <- leaf $force as text
-- :p1 <- leaf $capability as text
-- :p2 <- cursor $after
-- :p3 <- page_size 100
