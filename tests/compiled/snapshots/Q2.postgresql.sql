-- compiled read (postgresql) of Q2
WITH page1 AS (SELECT mutual_aid_request.id AS pk, mutual_aid_request.reference AS c0, mutual_aid_request.status AS c1, mutual_aid_request.quantity AS c2, mutual_aid_request.starts_on AS c3, mutual_aid_request.ends_on AS c4, mutual_aid_request.requesting_force_id AS c5, row_number() OVER (ORDER BY mutual_aid_request.reference, mutual_aid_request.id) AS rn 
FROM mutual_aid_request ORDER BY mutual_aid_request.reference, mutual_aid_request.id 
 LIMIT CAST(:p0 AS INTEGER) + 1) SELECT CAST(json_build_object('mutualAidRequests', json_build_object('nodes', (SELECT coalesce(json_agg(json_build_object('reference', s1.c0, 'status', s1.c1, 'quantity', s1.c2, 'startsOn', s1.c3, 'endsOn', s1.c4, 'requestingForce', (SELECT json_build_object('code', s2.c0, 'name', s2.c1) FROM (SELECT force.id AS pk, force.code AS c0, force.name AS c1 
FROM force 
WHERE force.id = s1.c5) AS s2), 'commitments', (SELECT coalesce(json_agg(json_build_object('status', s3.c0, 'providingForce', (SELECT json_build_object('code', s4.c0, 'name', s4.c1) FROM (SELECT force.id AS pk, force.code AS c0, force.name AS c1 
FROM force 
WHERE force.id = s3.c1) AS s4)) ORDER BY s3.o0, s3.o1), '[]'::json) FROM (SELECT commitment.id AS pk, commitment.status AS c0, commitment.providing_force_id AS c1, commitment.sequence AS o0, commitment.id AS o1 
FROM commitment 
WHERE commitment.request_id = s1.pk ORDER BY commitment.sequence, commitment.id) AS s3), 'deployments', (SELECT coalesce(json_agg(json_build_object('dutyDate', s5.c0, 'status', s5.c1, 'officer', (SELECT json_build_object('id', s6.c0, 'detective', s6.c1, 'rank', (CASE s6.c2 WHEN 'PC' THEN '{"code"\:"PC"}'::json WHEN 'SGT' THEN '{"code"\:"SGT"}'::json WHEN 'INSP' THEN '{"code"\:"INSP"}'::json WHEN 'CI' THEN '{"code"\:"CI"}'::json WHEN 'SUPT' THEN '{"code"\:"SUPT"}'::json WHEN 'CHSUPT' THEN '{"code"\:"CHSUPT"}'::json WHEN 'ACC' THEN '{"code"\:"ACC"}'::json WHEN 'CMDR' THEN '{"code"\:"CMDR"}'::json WHEN 'DCC' THEN '{"code"\:"DCC"}'::json WHEN 'DAC' THEN '{"code"\:"DAC"}'::json WHEN 'CC' THEN '{"code"\:"CC"}'::json WHEN 'AC' THEN '{"code"\:"AC"}'::json WHEN 'DEPCOMM' THEN '{"code"\:"DEPCOMM"}'::json WHEN 'COMM' THEN '{"code"\:"COMM"}'::json ELSE NULL END)) FROM (SELECT officer.id AS pk, officer.gid AS c0, officer.detective AS c1, officer.rank AS c2 
FROM officer 
WHERE officer.id = s5.c2) AS s6), 'location', (SELECT json_build_object('code', s7.c0, 'name', s7.c1) FROM (SELECT location.id AS pk, location.code AS c0, location.name AS c1 
FROM location 
WHERE location.id = s5.c3) AS s7)) ORDER BY s5.o0, s5.o1), '[]'::json) FROM (SELECT deployment.id AS pk, deployment.duty_date AS c0, deployment.status AS c1, deployment.officer_id AS c2, deployment.location_id AS c3, deployment.duty_date AS o0, deployment.id AS o1 
FROM deployment JOIN duty_unit AS deployed_duty ON deployed_duty.id = deployment.duty_unit_id JOIN planning_unit AS via_unit ON via_unit.id = deployed_duty.planning_unit_id JOIN commitment AS via_commitment ON via_commitment.id = via_unit.commitment_id 
WHERE via_commitment.request_id = s1.pk ORDER BY deployment.duty_date, deployment.id 
 LIMIT CAST(:p1 AS INTEGER)) AS s5)) ORDER BY s1.rn), '[]'::json) FROM (SELECT * FROM page1 WHERE rn <= CAST(:p0 AS INTEGER) ORDER BY rn ) AS s1), 'pageInfo', json_build_object('hasNextPage', ((SELECT count(*) FROM page1) > CAST(:p0 AS INTEGER)), 'endCursor', (SELECT rtrim(translate(encode(convert_to('["REFERENCE",false,' || s1.pk || ']', 'UTF8'), 'base64'), E'+/\n', '-_'), '=') FROM page1 AS s1 WHERE rn <= CAST(:p0 AS INTEGER) ORDER BY rn DESC LIMIT 1)))) AS text) AS data
-- :p0 <- page_size 100
-- :p1 <- limit 10
