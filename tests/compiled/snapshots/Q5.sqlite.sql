-- compiled read (sqlite) of Q5
SELECT json_object('_entities', json((SELECT json_group_array(json((SELECT json_object('id', s1.c0, 'detective', json(CASE WHEN s1.c1 IS NULL THEN NULL WHEN s1.c1 THEN 'true' ELSE 'false' END), 'rank', (CASE s1.c2 WHEN 'PC' THEN json('{"code"\:"PC"}') WHEN 'SGT' THEN json('{"code"\:"SGT"}') WHEN 'INSP' THEN json('{"code"\:"INSP"}') WHEN 'CI' THEN json('{"code"\:"CI"}') WHEN 'SUPT' THEN json('{"code"\:"SUPT"}') WHEN 'CHSUPT' THEN json('{"code"\:"CHSUPT"}') WHEN 'ACC' THEN json('{"code"\:"ACC"}') WHEN 'CMDR' THEN json('{"code"\:"CMDR"}') WHEN 'DCC' THEN json('{"code"\:"DCC"}') WHEN 'DAC' THEN json('{"code"\:"DAC"}') WHEN 'CC' THEN json('{"code"\:"CC"}') WHEN 'AC' THEN json('{"code"\:"AC"}') WHEN 'DEPCOMM' THEN json('{"code"\:"DEPCOMM"}') WHEN 'COMM' THEN json('{"code"\:"COMM"}') ELSE NULL END), 'force', json((SELECT json_object('code', s2.c0) FROM (SELECT force.id AS pk, force.code AS c0 
FROM force 
WHERE force.id = s1.c3) AS s2))) FROM (SELECT officer.id AS pk, officer.gid AS c0, officer.detective AS c1, officer.rank AS c2, officer.force_id AS c3 
FROM officer 
WHERE officer.gid = json_extract(r.value, '$[0]')) AS s1))) FROM (SELECT value FROM json_each(CAST(:p0 AS TEXT)) ORDER BY key LIMIT -1) AS r))) AS data
-- :p0 <- representations $representations
