-- compiled read (postgresql) of Q5
SELECT CAST(json_build_object('_entities', (SELECT coalesce(json_agg((SELECT json_build_object('id', s1.c0, 'detective', s1.c1, 'rank', (CASE s1.c2 WHEN 'PC' THEN '{"code"\:"PC"}'::json WHEN 'SGT' THEN '{"code"\:"SGT"}'::json WHEN 'INSP' THEN '{"code"\:"INSP"}'::json WHEN 'CI' THEN '{"code"\:"CI"}'::json WHEN 'SUPT' THEN '{"code"\:"SUPT"}'::json WHEN 'CHSUPT' THEN '{"code"\:"CHSUPT"}'::json WHEN 'ACC' THEN '{"code"\:"ACC"}'::json WHEN 'CMDR' THEN '{"code"\:"CMDR"}'::json WHEN 'DCC' THEN '{"code"\:"DCC"}'::json WHEN 'DAC' THEN '{"code"\:"DAC"}'::json WHEN 'CC' THEN '{"code"\:"CC"}'::json WHEN 'AC' THEN '{"code"\:"AC"}'::json WHEN 'DEPCOMM' THEN '{"code"\:"DEPCOMM"}'::json WHEN 'COMM' THEN '{"code"\:"COMM"}'::json ELSE NULL END), 'force', (SELECT json_build_object('code', s2.c0) FROM (SELECT force.id AS pk, force.code AS c0 
FROM force 
WHERE force.id = s1.c3) AS s2)) FROM (SELECT officer.id AS pk, officer.gid AS c0, officer.detective AS c1, officer.rank AS c2, officer.force_id AS c3 
FROM officer 
WHERE officer.gid = (r.value ->> 0)) AS s1) ORDER BY r.i), '[]'::json) FROM jsonb_array_elements(CAST(:p0 AS jsonb)) WITH ORDINALITY AS r(value, i))) AS text) AS data
-- :p0 <- representations $representations
